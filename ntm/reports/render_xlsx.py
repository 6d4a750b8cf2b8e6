"""A `Report`'s tables as an XLSX workbook in the layout offices use: one sheet per table, number
and title above, merged multi-row headings in Vietnamese, numbers stored as numbers with explicit
number formats (`#,##0`, `#,##0.0`, `#,##0.0##`: Excel and LibreOffice print them with the reader's
locale separators, 1.234,5 in vi-VN), a bold totals row, and print setup: A4 landscape, fit to one
page wide, heading rows repeated on every printed page."""

import io
import re

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from ntm.cells import xlsx_text_cells

from .document import MARK, TEXT, Report, Table, excel_format, number_for_excel

FONT = "Times New Roman"
THIN = Side(style="thin", color="000000")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
HEAD_FILL = PatternFill("solid", fgColor="E8EDF3")
TOTAL_FILL = PatternFill("solid", fgColor="F3F3F3")
RED = "B01C1C"


def render_xlsx(report: Report) -> bytes:
    workbook = Workbook()
    workbook.remove(workbook.active)
    names: set[str] = set()
    for table in report.tables:
        write_sheet(workbook, table, _unique(table.sheet, names))
    workbook.properties.title = f"{report.kind} {report.title}"[:250]
    workbook.properties.language = "vi-VN"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _unique(name: str, taken: set[str]) -> str:
    base = re.sub(r"[\[\]:*?/\\]", "-", name)[:31] or "Biểu"
    candidate, n = base, 2
    while candidate.lower() in taken:
        suffix = f" ({n})"
        candidate, n = base[: 31 - len(suffix)] + suffix, n + 1
    taken.add(candidate.lower())
    return candidate


def write_sheet(workbook, table: Table, name: str):
    ws = workbook.create_sheet(name)
    width = len(table.columns)
    last = get_column_letter(width)
    row = 1
    if table.number:
        ws.cell(row, 1, table.number).font = Font(name=FONT, bold=True, size=11)
        row += 1
    row = _banner(ws, row, last, table.title.upper(), Font(name=FONT, bold=True, size=13))
    if table.subtitle:
        row = _banner(ws, row, last, table.subtitle, Font(name=FONT, italic=True, size=11))
    if table.unit_note:
        row = _banner(ws, row, last, table.unit_note, Font(name=FONT, italic=True, size=11), align="right")
    for error in table.errors:
        row = _banner(ws, row, last, f"Lỗi: {error}", Font(name=FONT, bold=True, color=RED, size=11))
    first_heading = row + (1 if row > 1 else 0)
    _heading(ws, table, first_heading)
    data = first_heading + table.header_rows
    for i, line in enumerate(table.rows):
        _data_row(ws, table, data + i, line)
    end = data + len(table.rows) - 1
    for n, note in enumerate(table.notes):
        ws.cell(end + 2 + n, 1, note).font = Font(name=FONT, italic=True, size=10)
    for c, column in enumerate(table.columns, 1):
        ws.column_dimensions[get_column_letter(c)].width = column.width
    _print_setup(ws, first_heading, data - 1, end, last)
    ws.freeze_panes = ws.cell(data, 3 if width > 3 else 1)
    xlsx_text_cells(ws)
    return ws


def _banner(ws, row: int, last: str, text: str, font: Font, align: str = "center") -> int:
    ws.merge_cells(f"A{row}:{last}{row}")
    cell = ws.cell(row, 1, text)
    cell.font = font
    cell.alignment = Alignment(horizontal=align, vertical="center", wrap_text=True)
    if len(text) > 120:
        ws.row_dimensions[row].height = 15 * (1 + len(text) // 120)
    return row + 1


def _heading(ws, table: Table, top: int) -> None:
    font = Font(name=FONT, bold=True, size=11)
    for r in range(table.header_rows):
        for c in range(len(table.columns)):
            cell = ws.cell(top + r, c + 1)
            cell.border, cell.fill = BOX, HEAD_FILL
    for r, c, head in table.grid():
        cell = ws.cell(top + r, c + 1, head.text)
        cell.font = font
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        if head.rowspan > 1 or head.colspan > 1:
            ws.merge_cells(
                start_row=top + r,
                start_column=c + 1,
                end_row=top + r + head.rowspan - 1,
                end_column=c + head.colspan,
            )
    for r in range(table.header_rows):
        ws.row_dimensions[top + r].height = 32


def _data_row(ws, table: Table, r: int, line) -> None:
    bold = line.style in ("group", "total", "error")
    font = Font(name=FONT, bold=bold, size=11, color=RED if line.style == "error" else None)
    for c, (column, value) in enumerate(zip(table.columns, line.cells, strict=True), 1):
        cell = ws.cell(r, c, number_for_excel(value) if value != "" else None)
        cell.font, cell.border = font, BOX
        fmt = excel_format(value, column.kind)
        if fmt:
            cell.number_format = fmt
            cell.alignment = Alignment(horizontal="right", vertical="top")
        elif column.kind == MARK or (c == 1 and column.kind != TEXT):
            cell.alignment = Alignment(horizontal="center", vertical="top")
        else:
            cell.alignment = Alignment(
                horizontal="left", vertical="top", wrap_text=True, indent=line.indent if c == 2 else 0
            )
        if line.style == "total":
            cell.fill = TOTAL_FILL


def _print_setup(ws, heading_top: int, heading_end: int, end: int, last: str) -> None:
    ws.page_setup.orientation = ws.ORIENTATION_LANDSCAPE
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = f"{heading_top}:{heading_end}"
    ws.print_area = f"A1:{last}{end}"
    ws.page_margins.left = ws.page_margins.right = 0.5
    ws.page_margins.top = ws.page_margins.bottom = 0.6
    ws.print_options.horizontalCentered = True
    ws.oddFooter.center.text = "Trang &P/&N"
