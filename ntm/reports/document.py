"""The neutral shape of an official output, which the DOCX, PDF and XLSX renderers all read.

A `Report` is a Vietnamese administrative document: the masthead (issuing authority on the left, the
national motto on the right), a title, body blocks (headings, paragraphs, tables) and attached tables
("Biểu số 01…"). A `Table` has typed columns, a heading of one or more rows whose cells span rows
and columns (the merged headings offices use), data rows and a totals row. Values stay Python
numbers until a renderer formats them: Vietnamese text (1.234,5) for DOCX/PDF, number formats for XLSX.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from ntm.core.values import format_number

MOTTO = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO_2 = "Độc lập - Tự do - Hạnh phúc"

# column kinds: how a value is printed and which Excel number format it gets
TEXT, INT, MONEY, NUMBER, PERCENT, MARK, YEAR = "text", "int", "money", "number", "percent", "mark", "year"


@dataclass
class Head:
    """A heading cell; it spans `colspan` columns and `rowspan` heading rows."""

    text: str
    colspan: int = 1
    rowspan: int = 1


@dataclass
class Column:
    kind: str = TEXT
    width: float = 12  # characters (XLSX); relative width elsewhere


@dataclass
class Row:
    cells: list
    style: str = ""  # "" | "group" (bold subtotal) | "total" | "error"
    indent: int = 0  # depth of the row's label (breakdowns, parts of a source group)


@dataclass
class Table:
    title: str
    sheet: str  # XLSX sheet name (≤ 31 characters, no []:*?/\)
    columns: list[Column]
    header: list[list[Head]]
    rows: list[Row] = field(default_factory=list)
    number: str = ""  # "Biểu số 01"
    subtitle: str = ""  # "(Kèm theo Kế hoạch số …)"
    unit_note: str = ""  # "Đơn vị tính: triệu đồng"
    notes: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)  # shown in red above the table

    @property
    def header_rows(self) -> int:
        return len(self.header)

    def grid(self) -> list[tuple[int, int, Head]]:
        """(row, column, cell) of every heading cell, placed the way HTML lays out rowspan/colspan."""
        taken: set[tuple[int, int]] = set()
        placed = []
        for r, cells in enumerate(self.header):
            c = 0
            for head in cells:
                while (r, c) in taken:
                    c += 1
                placed.append((r, c, head))
                for dr in range(head.rowspan):
                    for dc in range(head.colspan):
                        taken.add((r + dr, c + dc))
                c += head.colspan
        return placed


@dataclass
class Paragraph:
    text: str
    style: str = "p"  # h1 | h2 | p | basis | note | error | center


@dataclass
class Masthead:
    authority: str  # "UBND HUYỆN TAM ĐƯỜNG"
    number: str  # "Số: 123/KH-UBND"
    place_date: str  # "Tam Đường, ngày 15 tháng 01 năm 2024"


@dataclass
class Report:
    masthead: Masthead
    kind: str  # "KẾ HOẠCH" | "BÁO CÁO" | "BIỂU TỔNG HỢP"
    title: str
    blocks: list = field(default_factory=list)  # Paragraph | Table
    appendices: list[Table] = field(default_factory=list)
    signer: str = ""  # "TM. ỦY BAN NHÂN DÂN"
    filename: str = "bao-cao"  # file name without extension

    @property
    def tables(self) -> list[Table]:
        return [b for b in self.blocks if isinstance(b, Table)] + self.appendices


def is_whole(value) -> bool:
    return isinstance(value, int) or (isinstance(value, Decimal | float) and value == int(value))


def text_of(value, kind: str) -> str:
    """A value as printed in a DOCX or PDF table: Vietnamese separators (1.234,5), "" when empty."""
    if value is None or value == "":
        return ""
    if kind in (TEXT, MARK) or isinstance(value, str):
        return str(value)
    if kind == YEAR:
        return str(int(value))
    if kind == INT:
        return format_number(float(value), "vi", 0)
    if kind == PERCENT:
        return format_number(float(value), "vi", 1)
    return format_number(float(value), "vi", 0 if is_whole(value) else 3)


def excel_format(value, kind: str) -> str | None:
    """The Excel number format of a value (None: text). "," groups thousands and "." marks the
    decimals in the format code; Excel and LibreOffice print them with the reader's locale
    separators, so a vi-VN installation shows 1.234,5 (docs/reports.md)."""
    if value is None or isinstance(value, str | bool):
        return None
    if kind == YEAR:
        return "0"
    if kind in (INT, MARK, TEXT):
        return "#,##0"
    if kind == PERCENT:
        return "#,##0.0"
    return "#,##0" if is_whole(value) else "#,##0.0##"


def number_for_excel(value):
    """Decimals become int or float: what a spreadsheet cell stores."""
    if isinstance(value, Decimal):
        return int(value) if value == int(value) else float(value)
    return value
