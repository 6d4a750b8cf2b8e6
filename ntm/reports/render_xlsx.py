"""A `Report`'s tables as an XLSX workbook in the layout offices use: one sheet per table, number
and title above, merged multi-row headings in Vietnamese, numbers stored as numbers with explicit
number formats (`#,##0`, `#,##0.0`, `#,##0.0##`: Excel and LibreOffice print them with the reader's
locale separators, 1.234,5 in vi-VN), a bold totals row, and print setup: A4 landscape, fit to one
page wide, heading rows repeated on every printed page.

Written with xlsxwriter, like `dataio.workbook`, each cell style registered once as a format
(`Styles`). openpyxl took 1.2–2.0 s for a large province (perf review 2026-12, §7.6): it hashes every
style object it is handed, cell by cell, and borders every cell of a merged heading one by one."""

import io
import re

import xlsxwriter

from .document import MARK, TEXT, Report, Table, excel_format, number_for_excel

FONT = "Times New Roman"
BLACK = "#000000"
FILLS = {"head": "#E8EDF3", "total": "#F3F3F3"}
RED = "#B01C1C"

# fonts as `Styles` keys them: (bold, italic, size, color)
BOLD = (True, False, 11, None)
ITALIC = (False, True, 11, None)


class Styles:
    """The cell formats of one workbook, each added once and keyed by plain values."""

    def __init__(self, workbook) -> None:
        self.workbook = workbook
        self._formats: dict[tuple, object] = {}

    def get(self, font: tuple | None, align: tuple | None = None, *, box=False, fill=None, fmt=None):
        """`font`: (bold, italic, size, color); `align`: (horizontal, vertical, wrap, indent);
        `fill`: a key of `FILLS`; `fmt`: a number format."""
        key = (font, align, box, fill, fmt)
        found = self._formats.get(key)
        if found is None:
            props: dict = {}
            if font:
                bold, italic, size, color = font
                props.update(font_name=FONT, bold=bold, italic=italic, font_size=size)
                if color:
                    props["font_color"] = color
            if align:
                horizontal, vertical, wrap, indent = align
                props.update(align=horizontal, valign=vertical, text_wrap=wrap, indent=indent)
            if box:
                props.update(border=1, border_color=BLACK)
            if fill:
                props.update(pattern=1, bg_color=FILLS[fill])
            if fmt:
                props["num_format"] = fmt
            found = self._formats[key] = self.workbook.add_format(props)
        return found


def render_xlsx(report: Report) -> bytes:
    out = io.BytesIO()
    # text is text: never a formula ("=…") nor a link, whatever a user typed
    workbook = xlsxwriter.Workbook(
        out, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False}
    )
    workbook.set_properties({"title": f"{report.kind} {report.title}"[:250]})
    styles = Styles(workbook)
    names: set[str] = set()
    for table in report.tables:
        write_sheet(workbook, table, _unique(table.sheet, names), styles)
    workbook.close()
    return out.getvalue()


def _unique(name: str, taken: set[str]) -> str:
    base = re.sub(r"[\[\]:*?/\\]", "-", name)[:31] or "Biểu"
    candidate, n = base, 2
    while candidate.lower() in taken:
        suffix = f" ({n})"
        candidate, n = base[: 31 - len(suffix)] + suffix, n + 1
    taken.add(candidate.lower())
    return candidate


def write_sheet(workbook, table: Table, name: str, styles: Styles):
    """The table on a new sheet; rows are counted from 0 (xlsxwriter's)."""
    ws = workbook.add_worksheet(name)
    width = len(table.columns)
    row = 0
    if table.number:
        ws.write_string(row, 0, table.number, styles.get(BOLD))
        row += 1
    row = _banner(ws, styles, row, width, table.title.upper(), (True, False, 13, None))
    if table.subtitle:
        row = _banner(ws, styles, row, width, table.subtitle, ITALIC)
    if table.unit_note:
        row = _banner(ws, styles, row, width, table.unit_note, ITALIC, align="right")
    for error in table.errors:
        row = _banner(ws, styles, row, width, f"Lỗi: {error}", (True, False, 11, RED))
    first_heading = row + (1 if row > 0 else 0)
    _heading(ws, styles, table, first_heading)
    data = first_heading + table.header_rows
    for i, line in enumerate(table.rows):
        _data_row(ws, styles, table, data + i, line)
    end = data + len(table.rows) - 1
    for n, note in enumerate(table.notes):
        ws.write_string(end + 2 + n, 0, note, styles.get((False, True, 10, None)))
    for c, column in enumerate(table.columns):
        ws.set_column_pixels(c, c, _pixels(column.width))
    _print_setup(ws, first_heading, data - 1, end, width)
    ws.freeze_panes(data, 2 if width > 3 else 0)
    return ws


def _pixels(width: float) -> int:
    """The pixels Excel draws a column `width` characters wide in (Calibri 11: 7 pixels a digit) —
    what an openpyxl width gave; xlsxwriter's `set_column` would add its padding on top."""
    return int((width * 256 + 128 // 7) / 256 * 7)


def _banner(ws, styles: Styles, row: int, width: int, text: str, font: tuple, align: str = "center") -> int:
    style = styles.get(font, (align, "vcenter", True, 0))
    if width > 1:
        ws.merge_range(row, 0, row, width - 1, text, style)
    else:
        ws.write_string(row, 0, text, style)
    if len(text) > 120:
        ws.set_row(row, 15 * (1 + len(text) // 120))
    return row + 1


def _heading(ws, styles: Styles, table: Table, top: int) -> None:
    style = styles.get(BOLD, ("center", "vcenter", True, 0), box=True, fill="head")
    covered: set[tuple[int, int]] = set()
    for r, c, head in table.grid():
        last_row, last_column = r + head.rowspan - 1, c + head.colspan - 1
        if last_row > r or last_column > c:
            ws.merge_range(top + r, c, top + last_row, last_column, head.text, style)
        else:
            ws.write_string(top + r, c, head.text, style)
        covered.update((rr, cc) for rr in range(r, last_row + 1) for cc in range(c, last_column + 1))
    empty = styles.get(None, box=True, fill="head")
    for r in range(table.header_rows):
        ws.set_row(top + r, 32)
        for c in range(len(table.columns)):
            if (r, c) not in covered:
                ws.write_blank(top + r, c, None, empty)


def _data_row(ws, styles: Styles, table: Table, r: int, line) -> None:
    font = (line.style in ("group", "total", "error"), False, 11, RED if line.style == "error" else None)
    fill = "total" if line.style == "total" else None
    for c, (column, value) in enumerate(zip(table.columns, line.cells, strict=True)):
        fmt = excel_format(value, column.kind)
        if fmt:
            align = ("right", "top", False, 0)
        elif column.kind == MARK or (c == 0 and column.kind != TEXT):
            align = ("center", "top", False, 0)
        else:
            align = ("left", "top", True, line.indent if c == 1 else 0)
        style = styles.get(font, align, box=True, fill=fill, fmt=fmt)
        ws.write(r, c, number_for_excel(value) if value != "" else None, style)


def _print_setup(ws, heading_top: int, heading_end: int, end: int, width: int) -> None:
    ws.set_landscape()
    ws.set_paper(9)  # A4
    ws.fit_to_pages(1, 0)
    ws.repeat_rows(heading_top, heading_end)
    ws.print_area(0, 0, end, width - 1)
    ws.set_margins(left=0.5, right=0.5, top=0.6, bottom=0.6)
    ws.center_horizontally()
    ws.set_footer("&CTrang &P/&N")
