"""Schemas and checks shared by the per-unit data resources (values, statuses, assessments)."""

import datetime

from ninja import Field, Path, Schema
from ninja.errors import HttpError

from ntm.indicators.engine import applicable_sets
from ntm.indicators.models import Assessment

from ..scope import get_set, viewable_unit
from .units import UnitRef

YEAR = Path(..., ge=2000, le=2100, description="Năm đánh giá")


class AssessmentSummary(Schema):
    criteria_met: int
    criteria_total: int
    criteria_recorded: int
    standard_met: bool
    standard_provisional: bool = Field(
        description="Kết quả chuẩn là tạm tính: dựa trên ngưỡng chưa đối chiếu với quyết định"
    )
    missing_values: int
    met_criteria: list[str]
    provisional_criteria: list[str] = Field(description="Tiêu chí có kết quả tạm tính")
    computed_at: datetime.datetime


class UnitSetYear(Schema):
    unit: UnitRef
    set_code: str
    year: int


def unit_and_set(request, unit_id: int, set_code: str):
    """The unit (404 / 403 out of scope), then the set (404)."""
    unit = viewable_unit(request, unit_id)
    return unit, get_set(set_code)


def require_applicable(unit, cset, year: int) -> None:
    """Writes go only to a set that applies to the unit in that year (level, validity, province)."""
    if cset.code not in applicable_sets(unit, year):
        raise HttpError(422, f"Bộ tiêu chí “{cset.code}” không áp dụng cho {unit.name} trong năm {year}.")


def stored_assessment(unit, set_code: str, year: int) -> Assessment | None:
    return Assessment.objects.filter(unit=unit, set_code=set_code, year=year).first()
