"""The plan's tables as XLSX, read back with openpyxl and python-calamine."""

import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook
from python_calamine import CalamineWorkbook

from ntm.finance.models import Budget, Work

pytestmark = pytest.mark.django_db


@pytest.fixture
def xlsx(client, login, plan):
    login("huyen.tamduong")
    response = client.get(f"/reports/plans/{plan.pk}/xlsx/?actuals=1")
    assert response.status_code == 200
    return response.content


def _row_of(ws, label: str, column: int = 2) -> int:
    for row in range(1, ws.max_row + 1):
        if str(ws.cell(row, column).value or "").startswith(label):
            return row
    raise AssertionError(label)


def test_sheets_headings_and_totals(xlsx, plan):
    wb = load_workbook(io.BytesIO(xlsx))
    assert wb.sheetnames == ["Chỉ tiêu", "Xã - tiêu chí", "Nguồn vốn", "Công trình"]
    ws = wb["Nguồn vốn"]
    merged = {str(r) for r in ws.merged_cells.ranges}
    heading = _row_of(ws, "Nguồn vốn")
    assert ws.cell(heading, 5).value == "Công trình, dự án"
    assert f"E{heading}:G{heading}" in merged  # over three sub-columns
    assert f"B{heading}:B{heading + 1}" in merged  # two heading rows
    total = _row_of(ws, "Tổng cộng")
    budget = Budget.objects.get(plan=plan, kind="planned")
    assert ws.cell(total, 3).value == sum(line.amount for line in budget.lines.all()) == Decimal(144771)
    assert ws.cell(total, 3).number_format == "#,##0"
    assert ws.cell(total, 4).number_format == "#,##0.0"
    assert ws.cell(total, 3).font.bold


def test_print_setup(xlsx):
    wb = load_workbook(io.BytesIO(xlsx))
    for ws in wb.worksheets:
        assert ws.page_setup.orientation == "landscape"
        assert int(ws.page_setup.paperSize) == 9  # A4
        assert ws.sheet_properties.pageSetUpPr.fitToPage
        # one page wide (fitToWidth left out: 1 is its default), as many pages high as needed
        assert int(ws.page_setup.fitToWidth or 1) == 1 and int(ws.page_setup.fitToHeight) == 0
        assert ws.print_title_rows  # heading rows repeat on every page


def test_works_and_targets_read_by_calamine(xlsx, plan):
    book = CalamineWorkbook.from_filelike(io.BytesIO(xlsx))
    works = book.get_sheet_by_name("Công trình").to_python()
    total = next(row for row in works if str(row[1]).startswith("Tổng cộng"))
    funded = sum(f.amount for w in Work.objects.filter(plan=plan) for f in w.funding.all())
    assert Decimal(str(total[7])) == funded == Decimal(23198)
    targets = book.get_sheet_by_name("Chỉ tiêu").to_python()
    values = {row[1]: row[3] for row in targets if row[1] and row[3] not in ("", None)}
    assert values["Trồng mới chè"] == 75
    assert values["Phấn đấu bình quân tiêu chí nông thôn mới toàn huyện đạt 18,5 tiêu chí/xã"] == 18.5
    communes = book.get_sheet_by_name("Xã - tiêu chí").to_python()
    assert any(row[1] == "Xã Bản Bo" for row in communes)


def test_number_formats_on_every_number(xlsx):
    wb = load_workbook(io.BytesIO(xlsx))
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if isinstance(cell.value, int | float) and not isinstance(cell.value, bool):
                    assert cell.number_format in ("#,##0", "#,##0.0", "#,##0.0##", "0"), (
                        ws.title,
                        cell.coordinate,
                    )
