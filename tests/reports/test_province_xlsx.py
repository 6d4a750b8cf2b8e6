"""The province's official tables ("Biểu tổng hợp", `ntm report tables`) as XLSX, read back with
openpyxl: every figure of the tables where the office expects it, with the heading, fonts, fills,
number formats, column widths and the "tạm tính" marks; text never turned into a formula or a link."""

import io

import pytest
from openpyxl import load_workbook
from openpyxl.utils import column_index_from_string, get_column_letter

from ntm.reports.document import INT, TEXT, Column, Head, Masthead, Report, Row, Table, number_for_excel
from ntm.reports.province import build_province_tables
from ntm.reports.render import render

pytestmark = pytest.mark.django_db


@pytest.fixture
def lai_chau_tables(lai_chau):
    report = build_province_tables(lai_chau, 2024)
    return report, load_workbook(io.BytesIO(render(report, "xlsx")))


def _drawn_pixels(ws, letter: str) -> int:
    """The pixels Excel draws a column in (Calibri 11), from the width stored in the file."""
    index = column_index_from_string(letter)
    width = next(d.width for d in ws.column_dimensions.values() if d.min <= index <= d.max)
    return int((int(width * 256) + 128 // 7) / 256 * 7)


def _data_rows(ws, table: Table) -> list[tuple]:
    """The sheet's rows under the heading, as many as the table has."""
    first = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == table.header[0][0].text)
    start = first + table.header_rows
    return [
        tuple(ws.cell(r, c).value for c in range(1, len(table.columns) + 1))
        for r in range(start, start + len(table.rows))
    ]


def test_every_figure_reads_back_where_the_table_puts_it(lai_chau_tables):
    report, wb = lai_chau_tables
    assert wb.sheetnames[0] == "Tổng hợp" and len(wb.sheetnames) == len(report.tables)
    for table, ws in zip(report.tables, wb.worksheets, strict=True):
        expected = [tuple(number_for_excel(v) if v != "" else None for v in row.cells) for row in table.rows]
        assert _data_rows(ws, table) == expected, ws.title


def test_summary_sheet_title_heading_and_totals(lai_chau_tables, lai_chau):
    report, wb = lai_chau_tables
    ws = wb["Tổng hợp"]
    title = report.tables[0].title.upper()
    assert ws["A1"].value == title and "LAI CHÂU" in title
    assert ws["A1"].font.name == "Times New Roman" and ws["A1"].font.b and ws["A1"].font.sz == 13
    merged = {str(r) for r in ws.merged_cells.ranges}
    last = get_column_letter(len(report.tables[0].columns))
    assert f"A1:{last}1" in merged  # the title across the table
    assert "A3:A4" in merged and ws["A3"].value == "STT"  # two heading rows
    assert ws["H3"].value == "Số xã đạt từng tiêu chí" and f"H3:{last}3" in merged
    assert ws["A3"].fill.fgColor.rgb.endswith("E8EDF3") and ws["A3"].border.left.style == "thin"
    total = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 2).value == "Toàn tỉnh")
    districts = [ws.cell(r, 3).value for r in range(5, total)]
    assert ws.cell(total, 3).value == sum(districts) > 90  # communes of the province
    assert ws.cell(total, 3).number_format == "#,##0" and ws.cell(total, 3).font.b
    assert ws.cell(total, 3).fill.fgColor.rgb.endswith("F3F3F3")
    assert ws.cell(total, 7).number_format in ("#,##0", "#,##0.0##")  # average criteria per commune
    assert _drawn_pixels(ws, "B") == 154  # 22 characters, as openpyxl's widths were drawn
    assert ws.freeze_panes == "C5"
    assert ws.print_title_rows == "$3:$4"


def test_district_sheet_marks_and_provisional_words(lai_chau_tables):
    report, wb = lai_chau_tables
    table, ws = report.tables[1], wb.worksheets[1]
    rows = _data_rows(ws, table)
    assert {cell for row in rows[:-1] for cell in row[2:-3]} <= {"x", "x*", None}
    assert rows[-1][1] == f"Tổng cộng ({len(table.rows) - 1} đơn vị)" and ws.cell(ws.max_row, 1).font.i
    assert _drawn_pixels(ws, "C") == 31  # criteria columns 4.5 characters wide

    def provisional(texts):
        return {text for text in texts if isinstance(text, str) and "tạm tính" in text}

    written = provisional(
        text for t in report.tables for text in [*t.notes, *(c for row in t.rows for c in row.cells)]
    )
    read = provisional(cell.value for ws in wb.worksheets for row in ws.iter_rows() for cell in row)
    assert written and written == read  # "Đạt (tạm tính)", "x*" legend, "9 (6 tạm tính)"


def test_text_is_never_a_formula_or_a_link():
    table = Table(
        title="Thử",
        sheet="Thử",
        columns=[Column(INT, 5), Column(TEXT, 30)],
        header=[[Head("STT"), Head("Ghi chú")]],
        rows=[Row([1, "=SUM(A1:A9)"]), Row([2, "https://example.org"])],
    )
    report = Report(masthead=Masthead("UBND", "Số:", "ngày"), kind="BIỂU", title="Thử", appendices=[table])
    ws = load_workbook(io.BytesIO(render(report, "xlsx"))).active
    cells = [ws.cell(r, 2) for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value in (1, 2)]
    assert [c.value for c in cells] == ["=SUM(A1:A9)", "https://example.org"]
    assert [c.data_type for c in cells] == ["s", "s"] and all(c.hyperlink is None for c in cells)
