"""Who entered and who verified each threshold cell of the version in force, for the pages, the
API and reports that show a threshold (`Cell` rows of the published version)."""

import datetime

from django.utils.formats import date_format

from .models import Cell, Version
from .published import SOURCE

Key = tuple[str, str, int | None]  # indicator code, column, year (None: every year)


def version_in_force(code: str, year: int | None = None) -> Version | None:
    pk = SOURCE.version_id(code, year or datetime.date.today().year)
    return Version.objects.filter(pk=pk).first() if pk else None


def records(code: str, year: int | None = None) -> dict[Key, Cell]:
    """The cell records of the set's version in force in `year` (today when None)."""
    version = version_in_force(code, year)
    if version is None:
        return {}
    rows = version.cells.select_related("entered_by", "verified_by")
    return {(c.indicator_code, c.column, c.year): c for c in rows}


def _who(user) -> str:
    return (user.full_name or user.username) if user is not None else ""


def describe(cell: Cell) -> str:
    """One line for a tooltip or a table: entered by whom, verified by whom against what."""
    entered = (
        f"Nhập: {_who(cell.entered_by)} ({date_format(cell.entered_at, 'SHORT_DATE_FORMAT')})"
        if cell.entered_by
        else "Nhập: tệp phát hành kèm hệ thống"
    )
    if cell.verified_by is None or cell.verified_at is None:
        return f"{entered}; chưa có người thứ hai xác minh"
    verified = (
        f"xác minh: {_who(cell.verified_by)} ({date_format(cell.verified_at, 'SHORT_DATE_FORMAT')}) "
        f"theo {cell.decision}, {cell.clause}"
    )
    document = f"; văn bản: {cell.document_name}" if cell.document_name else ""
    return f"{entered}; {verified}{document}"


def as_dict(cell: Cell) -> dict:
    return {
        "entered_by": _who(cell.entered_by) or None,
        "entered_at": cell.entered_at,
        "verified_by": _who(cell.verified_by) or None,
        "verified_at": cell.verified_at,
        "decision": cell.decision,
        "clause": cell.clause,
        "document": cell.document_name,
    }


def column_of_layer(layer: str) -> str | None:
    """The column a resolved national threshold came from ("national:TDMNPB", "national-general")."""
    if layer == "national-general":
        return "general"
    if layer.startswith("national:"):
        return layer.split(":", 1)[1]
    return None  # a provincial or runtime layer: not a cell of the set


def notes_for_evaluation(code: str, year: int, evaluation: dict) -> dict[str, str]:
    """Indicator code -> the line describing the cell that decided it, for an engine output."""
    found = records(code, year)
    notes: dict[str, str] = {}
    for criterion in evaluation.get("criteria", ()):
        for indicator in criterion.get("indicators", ()):
            threshold = indicator.get("threshold") or {}
            column = column_of_layer(str(threshold.get("layer", "")))
            if column is None:
                continue
            cell = found.get((indicator["code"], column, threshold.get("year"))) or found.get(
                (indicator["code"], column, None)
            )
            if cell is not None:
                notes[indicator["code"]] = describe(cell)
    return notes
