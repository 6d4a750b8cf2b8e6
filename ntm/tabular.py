"""Reads an uploaded CSV or XLSX into rows keyed by normalised header, keeping sheet and row numbers
so that every import error can point at the exact cell an office has to fix."""

import csv
import io
from dataclasses import dataclass
from pathlib import Path

from python_calamine import CalamineWorkbook

from ntm.core.names import fold


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


def column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


def read_rows(name: str, data: bytes) -> list[Row]:
    suffix = Path(name).suffix.lower()
    if suffix == ".csv":
        return _read_csv(name, data)
    if suffix in {".xlsx", ".xlsm", ".xls", ".ods"}:
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
