"""Reading an upload into entries — one per filled cell of a template, one per row of a long file —
checking only what needs no database: the key row, the set, the year, the indicator codes.

Two shapes are accepted:

* ntm's own template (XLSX, or the same saved as CSV): sheets whose hidden cell A1 is a key
  (see `layout`); units are rows, indicators (or criteria) are columns;
* a long table (CSV or the first sheet of an XLSX) with one value per row and the columns
  mã đơn vị, bộ tiêu chí, chỉ tiêu, năm, giá trị and optionally nguồn — or tiêu chí and kết quả
  for recorded criterion statuses. Bộ tiêu chí and năm may be given by the caller instead.

Every problem becomes a `RowError` (sheet, row, column, message); reading goes on after an error
so that the office sees all of them at once.
"""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from python_calamine import CalamineWorkbook

from ntm.cells import unquote
from ntm.core.names import fold
from ntm.core.values import SOURCE_FIELD, SOURCE_MAX, RefusedValue, check_text
from ntm.indicators.engine import catalog
from ntm.tabular import RowError, TableError, bounded, check_size, column_letter

from . import layout
from .entries import Entries
from .errors import ErrorLog
from .scope import ScopeError, check_set_year

ALIASES = {
    "unit": ("ma don vi", "unit code", "unit", "ma dv"),
    "set": ("bo tieu chi", "set", "criteria set"),
    "indicator": ("chi tieu", "ma chi tieu", "indicator"),
    "criterion": ("tieu chi", "ma tieu chi", "criterion"),
    "year": ("nam", "year"),
    "value": ("gia tri", "value"),
    "status": ("ket qua", "status", "met"),
    "source": ("nguon", "nguon so lieu", "source"),
}
SUFFIXES = {".csv", ".xlsx", ".xlsm", ".xls", ".ods"}


@dataclass
class ReadResult:
    entries: Entries = field(default_factory=Entries)
    errors: ErrorLog = field(default_factory=ErrorLog)
    sheets: list[str] = field(default_factory=list)
    shape: str = ""  # "template" or "long"

    def error(self, sheet: str, row: int, column: str, message: str) -> None:
        self.errors.append(RowError(sheet, row, column, message))


def read_upload(
    name: str, data: bytes, *, set_code: str | None = None, year: int | None = None
) -> ReadResult:
    """Entries and errors of an uploaded file; `set_code` / `year` fill (or must match) the file's."""
    suffix = Path(name).suffix.lower()
    if suffix not in SUFFIXES:
        raise TableError(f"Không đọc được tệp “{name}”: chỉ nhận tệp .xlsx hoặc .csv.")
    check_size(data)
    sheets = [("CSV", _csv_rows(name, data))] if suffix == ".csv" else _workbook_rows(data)
    names = [sheet for sheet, _rows in sheets]
    result = ReadResult(sheets=names, errors=ErrorLog(names))
    sheets = [(sheet, bounded(rows, sheet, result.errors, suffix == ".csv")) for sheet, rows in sheets]
    firsts = [(sheet, next(rows, []), rows) for sheet, rows in sheets]  # each sheet's first row
    templates = [
        (sheet, [first, *rows])
        for sheet, first, rows in firsts
        if first and _text(first[0]).startswith(layout.KEY_PREFIX)
    ]
    if templates:
        result.shape = "template"
        for sheet, grid in templates:
            _read_template(result, sheet, grid, set_code, year)
        return result
    sheet, header, rows = firsts[0]
    if _long_columns(header).get("unit") is None:
        result.error(
            sheet,
            1,
            "A",
            "không phải mẫu nhập của hệ thống (thiếu dòng khóa ẩn ở dòng 1) và không có các cột "
            "“Mã đơn vị”, “Chỉ tiêu”, “Năm”, “Giá trị” của bảng dọc",
        )
        return result
    result.shape = "long"
    _read_long(result, sheet, header, rows, letters=suffix != ".csv", set_code=set_code, year=year)
    return result


# ---------------------------------------------------------------------------------------------- grids


def _csv_rows(name: str, data: bytes) -> Iterator[list]:
    """The rows of a CSV file, decoded and split as they are read (a national file is a million
    rows: held whole, text and rows took twice the memory of what is kept of them).

    Comma, semicolon (Excel in a Vietnamese locale) or tab separated, judged by the header line;
    quoting is always Excel's (csv.Sniffer misreads quoted names that contain doubled quotes)."""
    try:
        header = data[: data.find(b"\n") if b"\n" in data else len(data)].decode("utf-8-sig")
        _check_utf8(data)
    except UnicodeDecodeError as exc:
        raise TableError(f"Tệp “{name}” không phải UTF-8: hãy lưu lại dưới dạng CSV UTF-8.") from exc
    delimiter = max(",;\t", key=header.count)
    text = io.TextIOWrapper(io.BytesIO(data), encoding="utf-8-sig", newline="")
    return csv.reader(text, delimiter=delimiter)


def _check_utf8(data: bytes, chunk: int = 1 << 20) -> None:
    """Raise UnicodeDecodeError unless the whole file is UTF-8, before any row is read (so a bad
    byte far down never leaves half a file read), decoding a slice at a time."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    view = memoryview(data)
    for start in range(0, len(data), chunk):
        decoder.decode(view[start : start + chunk])
    decoder.decode(b"", final=True)


def _workbook_rows(data: bytes) -> list[tuple[str, Iterator[list]]]:
    """Each sheet's rows from A1, read as they are needed."""
    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
        return [(name, _sheet_rows(workbook.get_sheet_by_name(name))) for name in workbook.sheet_names]
    except Exception as exc:  # calamine raises its own error types for every malformed file
        raise TableError(f"Không mở được bảng tính: {exc}") from exc


def _sheet_rows(sheet) -> Iterator[list]:
    """`iter_rows` starts each row at the first column that holds anything: padded back to A, the
    rows are those of `to_python(skip_empty_area=False)` (checked by the tests)."""
    if sheet.start is None:  # an empty sheet
        return
    pad = [""] * sheet.start[1]
    for row in sheet.iter_rows():
        yield [*pad, *row] if pad else row


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return unquote(str(value).strip())


def _blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _year(value) -> int | None:
    text = _text(value)
    return int(text) if text.isdigit() and 1990 <= int(text) <= 2100 else None


# ------------------------------------------------------------------------------------------- template


def _read_template(result: ReadResult, sheet: str, grid: list[list], set_code, year) -> None:
    key = grid[0]
    kind = _text(key[0])
    if kind not in (layout.VALUES_KEY, layout.STATUSES_KEY):
        result.error(sheet, 1, "A", f"dòng khóa “{kind}” không phải của mẫu nhập này: hãy tải mẫu mới")
        return
    is_status = kind == layout.STATUSES_KEY
    file_set = _text(key[1]) if len(key) > 1 else ""
    file_year = _year(key[2]) if len(key) > 2 else None
    ok = _check_key(result, sheet, file_set, file_year, set_code, year)
    if not ok or file_year is None:  # a missing year is one of the key errors reported
        return
    codes = _key_codes(result, sheet, key, file_set, is_status)
    letters = {index: column_letter(index) for index in codes}
    for number, cells in enumerate(grid[1:], start=2):
        marker = cells[0] if cells else None
        if _text(marker) == layout.SKIP_MARK:
            continue
        filled = [
            (index, cells[index])
            for index in range(layout.FIRST_CODE_COLUMN, len(cells))
            if not _blank(cells[index])
        ]
        if not filled:
            continue
        ref, ref_column = _template_unit(marker, cells)
        if not ref:
            result.error(sheet, number, "B", "dòng có số liệu nhưng không có mã đơn vị")
            continue
        for index, raw in filled:
            code = codes.get(index)
            if code is None:
                continue  # a column without a valid key code: reported once, at row 1 or below

            result.entries.append(
                sheet, number, ref, ref_column, file_set, file_year, code, raw, letters[index], "", is_status
            )
    _unkeyed_columns(result, sheet, grid, codes)


def _check_key(result, sheet, file_set, file_year, set_code, year) -> bool:
    ok = True
    if not file_set:
        result.error(sheet, 1, "B", "dòng khóa thiếu mã bộ tiêu chí: hãy tải mẫu mới")
        ok = False
    elif set_code and file_set != set_code:
        result.error(sheet, 1, "B", f"tệp là mẫu của bộ {file_set}, khác bộ đã chọn {set_code}")
        ok = False
    if file_year is None:
        result.error(sheet, 1, "C", "dòng khóa thiếu năm: hãy tải mẫu mới")
        ok = False
    elif year and file_year != year:
        result.error(sheet, 1, "C", f"tệp là mẫu năm {file_year}, khác năm đã chọn {year}")
        ok = False
    if ok:
        try:
            check_set_year(file_set, file_year)
        except ScopeError as exc:
            result.error(sheet, 1, "B", str(exc))
            ok = False
    return ok


def _key_codes(result, sheet, key, set_code, is_status) -> dict[int, str]:
    cset = catalog().get(set_code)
    known = {c.code for c in cset.criteria} if is_status else {i.code for i in cset.indicators()}
    what = "tiêu chí" if is_status else "chỉ tiêu"
    codes: dict[int, str] = {}
    seen: dict[str, str] = {}
    for index in range(layout.FIRST_CODE_COLUMN, len(key)):
        code = _text(key[index])
        if not code:
            continue
        letter = column_letter(index)
        if code not in known:
            result.error(sheet, 1, letter, f"{what} “{code}” không thuộc bộ {set_code}")
        elif code in seen:
            result.error(sheet, 1, letter, f"{what} {code} lặp lại (đã có ở cột {seen[code]})")
        else:
            codes[index], seen[code] = code, letter
    return codes


def _template_unit(marker, cells) -> tuple[str, str]:
    """The unit of a template row: the hidden id in column A, else the code typed in column B."""
    if isinstance(marker, int | float) and not isinstance(marker, bool) and float(marker).is_integer():
        return f"#{int(marker)}", "A"
    text = _text(marker)
    if text.isdigit():
        return f"#{text}", "A"
    code = _text(cells[1]) if len(cells) > 1 else ""
    return code, "B"


def _unkeyed_columns(result, sheet, grid, codes) -> None:
    """Values typed in a column that has no code in the key row cannot be attributed: say so once."""
    width = max((len(row) for row in grid), default=0)
    for index in range(layout.FIRST_CODE_COLUMN, width):
        if index in codes or (index < len(grid[0]) and _text(grid[0][index])):
            continue
        for number, cells in enumerate(grid[1:], start=2):
            if _text(cells[0] if cells else None) == layout.SKIP_MARK:
                continue
            if index < len(cells) and not _blank(cells[index]):
                result.error(
                    sheet,
                    number,
                    column_letter(index),
                    "cột có số liệu nhưng không có mã ở dòng khóa (dòng 1, đang ẩn): hãy nhập vào mẫu mới",
                )
                break


# ----------------------------------------------------------------------------------------------- long


def _long_columns(header: list) -> dict[str, int]:
    found: dict[str, int] = {}
    for index, cell in enumerate(header):
        name = fold(_text(cell))
        for key, aliases in ALIASES.items():
            if key not in found and any(name == a or name.startswith(a + " ") for a in aliases):
                found[key] = index
                break
    return found


def _read_long(
    result: ReadResult, sheet: str, header: list, rows: Iterator[list], *, letters: bool, set_code, year
) -> None:
    columns = _long_columns(header)
    is_status = "indicator" not in columns and "criterion" in columns and "status" in columns
    code_key, value_key = ("criterion", "status") if is_status else ("indicator", "value")
    missing = [
        name
        for key, name in (
            ("unit", "Mã đơn vị"),
            (code_key, "Chỉ tiêu"),
            (value_key, "Giá trị"),
            *((("set", "Bộ tiêu chí"),) if not set_code else ()),
            *((("year", "Năm"),) if not year else ()),
        )
        if key not in columns
    ]
    if missing:
        result.error(sheet, 1, "—", "thiếu cột " + ", ".join(f"“{m}”" for m in missing) + " ở dòng tiêu đề")
        return
    table = _LongTable(columns, header, letters, set_code, year, is_status)
    i_unit, i_code, i_value = columns["unit"], columns[code_key], columns[value_key]
    i_set, i_year, i_source = columns.get("set"), columns.get("year"), columns.get("source")
    unit_label, value_label = table.label("unit"), table.label(value_key)
    width = len(header)
    add = result.entries.appender(sheet, unit_label, value_label, is_status)
    unit_texts: dict = {}
    for number, cells in enumerate(rows, start=2):
        if len(cells) < width:
            cells = [*cells, *([None] * (width - len(cells)))]
        raw = cells[i_value]
        no_value = raw is None or raw == "" or (raw.__class__ is str and raw.isspace())
        if no_value and _blank(cells[i_unit]) and all(_blank(c) for c in cells):
            continue
        raw_year = cells[i_year] if i_year is not None else None
        row_set = table.set_of(cells[i_set] if i_set is not None else None)
        row_year = table.year_of(raw_year)
        problems = table.scope_problems(row_set, row_year, raw_year)
        code = ""
        if not problems:
            code, problems = table.code_of(row_set, cells[i_code])
        if problems or row_year is None:  # an unreadable year is one of the problems reported
            for column, message in problems:
                result.error(sheet, number, column, message)
            continue
        if no_value:
            continue
        unit_raw = cells[i_unit]
        unit = unit_texts.get(unit_raw)
        if unit is None:
            unit = unit_texts[unit_raw] = _text(unit_raw)
        source = _text(cells[i_source]) if i_source is not None else ""
        problem = table.source_problem(source)
        if problem:
            result.error(sheet, number, table.label("source"), problem)
            continue
        add(number, unit, row_set, row_year, code, raw, source)


class _LongTable:
    """Per-file caches for the long reader: a national file repeats a few sets, years and codes a
    million times, so each distinct cell text is interpreted once."""

    def __init__(self, columns, header, letters, set_code, year, is_status):
        self.columns, self.header, self.letters = columns, header, letters
        self.set_code, self.year, self.is_status = set_code, year, is_status
        self._sets: dict = {}
        self._years: dict = {}
        self._scopes: dict = {}
        self._codes: dict = {}
        self._sources: dict[str, str] = {}

    def source_problem(self, source: str) -> str:
        """What makes a source unstorable ("" if nothing): found at the check, not at the write."""
        if not source:
            return ""
        if source not in self._sources:
            try:
                check_text(SOURCE_FIELD, source, SOURCE_MAX)
                self._sources[source] = ""
            except RefusedValue as exc:
                self._sources[source] = str(exc)
        return self._sources[source]

    def label(self, key: str) -> str:
        index = self.columns.get(key)
        if index is None:
            return "—"
        return column_letter(index) if self.letters else _text(self.header[index])

    def set_of(self, raw) -> str:
        if raw not in self._sets:
            self._sets[raw] = _text(raw) or self.set_code or ""
        return self._sets[raw]

    def year_of(self, raw) -> int | None:
        if raw not in self._years:
            self._years[raw] = self.year if _blank(raw) else _year(raw)
        return self._years[raw]

    def scope_problems(self, row_set: str, row_year: int | None, raw_year) -> list[tuple[str, str]]:
        if row_year is None:
            return [(self.label("year"), f"năm “{_text(raw_year)}” không đọc được (cần dạng 2024)")]
        key = (row_set, row_year)
        if key not in self._scopes:
            self._scopes[key] = self._check_scope(row_set, row_year)
        return self._scopes[key]

    def _check_scope(self, row_set: str, row_year: int) -> list[tuple[str, str]]:
        set_column, year_column = self.label("set"), self.label("year")
        if not row_set:
            return [(set_column, "thiếu mã bộ tiêu chí")]
        if self.set_code and row_set != self.set_code:
            return [(set_column, f"bộ {row_set} khác bộ đã chọn {self.set_code}")]
        if self.year and row_year != self.year:
            return [(year_column, f"năm {row_year} khác năm đã chọn {self.year}")]
        try:
            check_set_year(row_set, row_year)
        except ScopeError as exc:
            return [(set_column if row_set not in catalog().sets else year_column, str(exc))]
        return []

    def code_of(self, row_set: str, raw) -> tuple[str, list[tuple[str, str]]]:
        key = (row_set, type(raw), raw)
        if key not in self._codes:
            code = _text(raw)
            known = _codes(row_set, self.is_status)
            column = self.label("criterion" if self.is_status else "indicator")
            self._codes[key] = (code, _code_problem(raw, code, known, row_set, self.is_status, column))
        return self._codes[key]


@cache
def _codes(set_code: str, is_status: bool) -> frozenset[str]:
    cset = catalog().get(set_code)
    return (
        frozenset(c.code for c in cset.criteria)
        if is_status
        else frozenset(i.code for i in cset.indicators())
    )


def _code_problem(raw, code, known, set_code, is_status, column) -> list[tuple[str, str]]:
    what = "tiêu chí" if is_status else "chỉ tiêu"
    if not code:
        return [(column, f"thiếu mã {what}")]
    if code not in known:
        return [(column, f"{what} “{code}” không thuộc bộ {set_code}")]
    if isinstance(raw, float) and f"{code}0" in known:
        return [
            (column, f"mã {code} là số nên không phân biệt được {code} với {code}0: hãy ghi mã dạng văn bản")
        ]
    return []
