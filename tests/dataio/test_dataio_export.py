"""Exports: XLSX read back equals the database, CSV with a BOM that imports back unchanged, totals,
as-of dates, and only the units the user may see."""

import csv
import datetime
import io

import pytest
from python_calamine import CalamineWorkbook

from ntm.dataio import layout
from ntm.dataio.export import export
from ntm.dataio.plan import build_plan
from ntm.dataio.scope import ScopeError, units_under
from ntm.indicators.engine import NOT_APPLICABLE
from ntm.indicators.models import Assessment, IndicatorValue
from ntm.indicators.services import ValueChange, save_values
from ntm.units.models import AdminUnit
from tests.dataio.helpers import SET, YEAR, workbook

pytestmark = pytest.mark.django_db


def _shown(value):
    """A database value as the export writes it."""
    if isinstance(value, bool):
        return "có" if value else "không"
    if value == NOT_APPLICABLE:
        return "không áp dụng"
    return value


def test_values_xlsx_read_back_equals_the_database(login, tam_duong):
    response = login("huyen.tamduong").get(
        "/data/export/",
        {"set_code": SET, "year": YEAR, "parent": tam_duong.pk, "what": "values", "fmt": "xlsx"},
    )
    assert response.status_code == 200
    grid = (
        CalamineWorkbook.from_filelike(io.BytesIO(response.content))
        .get_sheet_by_name(layout.VALUES_SHEET)
        .to_python(skip_empty_area=False)
    )
    key = grid[0]
    units = units_under(tam_duong, SET, YEAR)
    stored = {
        (v.unit_id, v.indicator_code): v.value
        for v in IndicatorValue.objects.current().filter(unit__in=units, set_code=SET, period=str(YEAR))
        if v.value is not None
    }
    exported, totals = {}, {}
    for row in grid[layout.HEADING_ROWS :]:
        for index in range(layout.FIRST_CODE_COLUMN, len(key)):
            if row[0] == layout.SKIP_MARK:
                totals.setdefault(row[2], {})[key[index]] = row[index]
            elif row[index] != "":
                exported[(int(row[0]), key[index])] = row[index]
    assert exported == {k: _shown(v) for k, v in stored.items()}
    assert len({unit for unit, _code in exported}) == len(units) or not stored
    counted = sum(1 for (_unit, code) in stored if code == "1.1")
    assert totals["Số đơn vị có số liệu"]["1.1"] == counted
    assert totals["Số đơn vị “có”"]["1.1"] == sum(
        1 for (_u, c), v in stored.items() if c == "1.1" and v is True
    )
    book = workbook(response.content)
    sheet = book[layout.VALUES_SHEET]
    percent_column = key.index("3.1") + 1
    assert sheet.cell(layout.HEADING_ROWS + 1, percent_column).number_format == "#,##0.0"


def test_values_csv_has_a_bom_and_imports_back_without_changes(tam_duong, user):
    result = export(user=None, parent=tam_duong, set_code=SET, year=YEAR, what="values", fmt="csv")
    assert result.data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(result.data.decode("utf-8-sig"))))
    stored = IndicatorValue.objects.current().filter(
        unit__in=units_under(tam_duong, SET, YEAR), set_code=SET, period=str(YEAR)
    )
    assert len(rows) == stored.exclude(value=None).count()
    assert set(rows[0]) >= {"Mã đơn vị", "Bộ tiêu chí", "Chỉ tiêu", "Năm", "Giá trị", "Nguồn"}
    plan = build_plan("so-lieu.csv", result.data, actor=user("huyen.tamduong"))
    assert plan.ok, plan.errors[:3]
    assert len(plan.values) == len(rows) and not plan.value_changes


def test_assessments_xlsx_totals_match_the_assessments(tam_duong):
    result = export(user=None, parent=tam_duong, set_code=SET, year=YEAR, what="assessments", fmt="xlsx")
    sheet = workbook(result.data)["Kết quả đánh giá"]
    units = units_under(tam_duong, SET, YEAR)
    assessments = Assessment.objects.filter(unit__in=units, set_code=SET, year=YEAR)
    total_row = 5 + len(units)
    assert sheet.cell(total_row, 1).value == layout.SKIP_MARK
    cached = CalamineWorkbook.from_filelike(io.BytesIO(result.data)).get_sheet_by_index(0).to_python()
    totals = cached[total_row - 1]
    assert totals[5] == sum(a.standard_met for a in assessments)
    assert assessments  # Tam Đường's communes are assessed in the demo
    assert totals[3] == pytest.approx(sum(a.criteria_met for a in assessments) / len(assessments))


def test_as_of_reads_the_values_of_that_day(tam_duong, user):
    ban_bo = AdminUnit.objects.get(code="03424", valid_from__isnull=True)
    save_values(
        actor=user("xa.banbo"),
        unit=ban_bo,
        set_code=SET,
        year=2022,
        changes=[ValueChange("19.2", True)],
        reason="kiểm thử",
        check_versions=False,
    )
    IndicatorValue.objects.filter(unit=ban_bo, set_code=SET, period="2022", indicator_code="19.2").update(
        created_at=datetime.datetime(2024, 3, 1, 9, tzinfo=datetime.UTC)
    )
    save_values(
        actor=user("xa.banbo"),
        unit=ban_bo,
        set_code=SET,
        year=2022,
        changes=[ValueChange("19.2", False)],
        reason="sửa",
        check_versions=False,
    )

    def exported(as_of):
        data = export(
            user=None, parent=ban_bo, set_code=SET, year=2022, what="values", fmt="csv", as_of=as_of
        ).data
        rows = csv.DictReader(io.StringIO(data.decode("utf-8-sig")))
        return {r["Chỉ tiêu"]: r["Giá trị"] for r in rows}.get("19.2")

    assert exported(datetime.date(2024, 2, 28)) is None
    assert exported(datetime.date(2024, 3, 1)) == "có"
    assert exported(None) == "không"


def test_exports_hold_only_the_units_the_user_may_see(tam_duong, user):
    result = export(
        user=user("xa.banbo"), parent=tam_duong, set_code=SET, year=YEAR, what="assessments", fmt="csv"
    )
    rows = list(csv.DictReader(io.StringIO(result.data.decode("utf-8-sig"))))
    # Bản Bo (03424) and Nà Tăm (03427): both merged into the officer's post-reform commune, whose
    # roles read their predecessors' history; no other Tam Đường commune
    assert [r["Mã đơn vị"] for r in rows] == ["03424", "03427"]
    nam_dinh = AdminUnit.objects.get(code="36", valid_from__isnull=True)
    with pytest.raises(ScopeError):
        export(user=user("xa.banbo"), parent=nam_dinh, set_code=SET, year=YEAR, what="values", fmt="csv")
