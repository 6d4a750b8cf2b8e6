"""Helpers for the import / export tests: Tam Đường's units, values meeting every threshold, and
templates filled in with openpyxl the way an office fills them in Excel."""

import io

import openpyxl

from ntm.core.rules import resolve_thresholds
from ntm.indicators.engine import catalog, corrections, profile_for

SET = "xa-ntm-2021"
YEAR = 2024
TAM_DUONG_COMMUNES = 12


def met_values(unit, set_code: str = SET, year: int = YEAR) -> dict:
    """A value meeting every indicator's threshold for this unit (the threshold itself); a basis
    value (the number of schools) is 4, and picks the thresholds that depend on it."""
    resolved = resolve_thresholds(catalog(), set_code, profile_for(unit), year, corrections([set_code]))
    values = {i.code: 4 for i in catalog().get(set_code).indicators() if i.basis}
    for code, threshold in resolved.items():
        if code not in values:
            (chosen,) = threshold.for_values(values)
            values[code] = chosen.value
    return values


def excel_value(value):
    """How an office types a value into the template."""
    if isinstance(value, bool):
        return "có" if value else "không"
    return value


def workbook(data: bytes):
    return openpyxl.load_workbook(io.BytesIO(data))


def save(book) -> bytes:
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def column_of(sheet, code: str) -> int:
    """1-based column of an indicator / criterion code in the hidden key row."""
    for cell in sheet[1]:
        if cell.column > 3 and str(cell.value) == code:
            return cell.column
    raise KeyError(code)


def row_of(sheet, unit) -> int:
    """1-based row of a unit in the hidden key column."""
    for cell in sheet["A"]:
        if cell.value == unit.pk:
            return cell.row
    raise KeyError(unit.name)


def letter(sheet, code: str) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(column_of(sheet, code))


def filled_template(data: bytes, units, values_for=None, sheet_name: str = "Giá trị chỉ tiêu"):
    """The template with every indicator of every unit filled with `values_for(unit)` (default: met)."""
    book = workbook(data)
    sheet = book[sheet_name]
    for unit in units:
        row = row_of(sheet, unit)
        for code, value in (values_for or met_values)(unit).items():
            sheet.cell(row, column_of(sheet, code)).value = excel_value(value)
    return book, sheet


def current(unit, code: str, set_code: str = SET, year: int = YEAR):
    from ntm.indicators.models import IndicatorValue

    return IndicatorValue.objects.filter(
        unit=unit, set_code=set_code, indicator_code=code, period=str(year), is_current=True
    ).first()


def set_value(actor, unit, code: str, value, year: int = YEAR, reason: str = "chuẩn bị kiểm thử"):
    """Save one value as an office would (whatever the current version), and return the new row."""
    from ntm.indicators.services import ValueChange, save_values

    save_values(
        actor=actor,
        unit=unit,
        set_code=SET,
        year=year,
        changes=[ValueChange(code, value)],
        reason=reason,
        check_versions=False,
    )
    return current(unit, code, year=year)
