"""Reads an uploaded CSV or XLSX into rows keyed by normalised header, keeping sheet and row numbers
so that every import error can point at the exact cell an office has to fix."""

import csv
import io
import os
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from django.conf import settings
from python_calamine import CalamineWorkbook

from ntm.core.names import fold
from ntm.core.values import format_number as _n


class TableError(ValueError):
    """The file cannot be read as a table at all (wrong type, empty, no header)."""


@dataclass(frozen=True)
class Row:
    sheet: str
    number: int  # 1-based row number as the office sees it in Excel
    values: dict[str, object]
    columns: dict[str, str]  # normalised header -> column letter (XLSX) or header text (CSV)


@dataclass(frozen=True)
class RowError:
    """One problem in an uploaded file, located the way an office finds it in Excel."""

    sheet: str
    row: int
    column: str
    message: str

    def __str__(self) -> str:
        return f"{self.sheet}, dòng {self.row}, cột {self.column}: {self.message}"


class ErrorSink(Protocol):
    """Where `bounded` reports: a list of `RowError`, or anything else that takes them."""

    def append(self, error: RowError, /) -> None: ...


def column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


# What an import may hold, checked before a workbook is inflated (an XLSX is a zip: 2 MB of it can
# unpack to gigabytes) and while rows are read. NTM_IMPORT_MAX_… (setting or environment) changes them.
LIMITS = {
    "UNPACKED_MB": 400,  # a workbook's unpacked parts, a CSV's size (a national XLSX: ~260)
    "ROWS": 1_048_576,  # Excel's own row limit, per sheet
    "COLUMNS": 1_000,
    "CELL_CHARS": 32_767,  # Excel's own cell limit
}
csv.field_size_limit(1 << 30)  # the cell limit is checked per cell (a row error), not by csv (a crash)
_DIMENSION = re.compile(rb"<(?:\w+:)?dimension\s+ref=\"(?:[A-Z]+\d+:)?([A-Z]+)(\d+)\"")


def limit(name: str) -> int:
    """A limit: the setting NTM_IMPORT_MAX_<name>, else the environment variable, else the default."""
    key = f"NTM_IMPORT_MAX_{name}"
    return getattr(settings, key, None) or int(os.environ.get(key) or LIMITS[name])


def check_size(data: bytes) -> None:
    """Refuse, before anything is unpacked, a file that would unpack past the limits: for a
    workbook the zip directory's sizes and each sheet's declared dimension (its first bytes)."""
    cap = limit("UNPACKED_MB")
    if not zipfile.is_zipfile(io.BytesIO(data)):
        if len(data) > cap * 1024 * 1024:
            raise TableError(f"Tệp lớn hơn {cap} MB: hãy chia thành nhiều tệp nhỏ hơn.")
        return
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            parts = archive.infolist()
            if sum(part.file_size for part in parts) > cap * 1024 * 1024:
                raise TableError(
                    f"Bảng tính khi giải nén lớn hơn {cap} MB: hãy chia thành nhiều tệp nhỏ hơn."
                )
            for part in parts:
                if part.filename.startswith("xl/worksheets/") and part.filename.endswith(".xml"):
                    with archive.open(part) as stream:
                        _check_dimension(stream.read(4096))
    except (zipfile.BadZipFile, OSError, EOFError, RuntimeError, NotImplementedError) as exc:
        raise TableError(f"Không mở được bảng tính: {exc}") from exc


def _check_dimension(head: bytes) -> None:
    found = _DIMENSION.search(head)
    if found is None:
        return
    letters, rows = found.group(1).decode(), int(found.group(2))
    columns = 0
    for letter in letters:
        columns = columns * 26 + ord(letter) - 64
    if rows > limit("ROWS") or columns > limit("COLUMNS"):
        raise TableError(
            f"Bảng tính khai báo {_n(rows)} dòng × {_n(columns)} cột, vượt giới hạn "
            f"{_n(limit('ROWS'))} dòng × {_n(limit('COLUMNS'))} cột: hãy chia thành nhiều tệp nhỏ hơn."
        )


def bounded(rows, sheet: str, errors: ErrorSink, header_names: bool = False):
    """`rows` as read, with the row, column and cell limits applied: a row too wide, or with a cell
    too long or holding a NUL (PostgreSQL cannot store one, not even in the error list), is
    reported (a `RowError` in `errors`) and given as an empty row, so numbering stays; reading
    stops after the last row allowed."""
    max_rows, max_columns, max_cell = limit("ROWS"), limit("COLUMNS"), limit("CELL_CHARS")
    header: list = []
    for number, cells in enumerate(rows, start=1):
        if number == 1:
            header = cells
        if number > max_rows:
            errors.append(RowError(sheet, number, "—", f"quá {_n(max_rows)} dòng: hãy chia thành nhiều tệp"))
            return
        if len(cells) > max_columns:
            errors.append(RowError(sheet, number, column_letter(max_columns), f"quá {max_columns} cột"))
            yield []
            continue
        bad = next(
            (i for i, c in enumerate(cells) if c.__class__ is str and (len(c) > max_cell or "\x00" in c)),
            None,
        )
        if bad is not None:
            name = str(header[bad])[:40] if header_names and bad < len(header) and number > 1 else ""
            text = cells[bad]
            message = (
                f"ô dài {_n(len(text))} ký tự, tối đa {_n(max_cell)} ký tự"
                if len(text) > max_cell
                else "ô có ký tự NUL (ký tự điều khiển không in được): hãy xóa ký tự đó"
            )
            errors.append(RowError(sheet, number, name.replace("\x00", "") or column_letter(bad), message))
            yield []
            continue
        yield cells


def read_rows(name: str, data: bytes) -> list[Row]:
    suffix = Path(name).suffix.lower()
    if suffix == ".csv":
        return _read_csv(name, data)
    if suffix in {".xlsx", ".xlsm", ".xls", ".ods"}:
        check_size(data)
        return _read_workbook(data)
    raise TableError(f"Không đọc được tệp “{name}”: chỉ nhận tệp .csv hoặc .xlsx.")


def _rows_from_grid(sheet: str, grid: list[list], letters: bool) -> list[Row]:
    if not grid:
        raise TableError(f"Trang “{sheet}” trống: cần một dòng tiêu đề và các dòng dữ liệu.")
    header = [fold(str(cell or "")) for cell in grid[0]]
    columns = {key: (column_letter(i) if letters else str(grid[0][i])) for i, key in enumerate(header) if key}
    rows = []
    for offset, cells in enumerate(grid[1:], start=2):
        values = {key: _clean(cells[i]) if i < len(cells) else None for i, key in enumerate(header) if key}
        if any(value not in (None, "") for value in values.values()):
            rows.append(Row(sheet, offset, values, columns))
    return rows


def _clean(value):
    if isinstance(value, str):
        value = value.strip()
        return value or None
    return value


def _read_csv(name: str, data: bytes) -> list[Row]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise TableError(f"Tệp “{name}” không phải UTF-8: hãy lưu lại dưới dạng CSV UTF-8.") from exc
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:  # one column, or nothing to sniff: plain comma-separated
        dialect = csv.excel
    grid = list(csv.reader(io.StringIO(text), dialect))
    return _rows_from_grid("CSV", grid, letters=False)


def _read_workbook(data: bytes) -> list[Row]:
    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
    except Exception as exc:  # calamine raises its own error types for every malformed file
        raise TableError(f"Không mở được bảng tính: {exc}") from exc
    sheet = workbook.sheet_names[0]
    return _rows_from_grid(
        sheet, workbook.get_sheet_by_name(sheet).to_python(skip_empty_area=False), letters=True
    )
