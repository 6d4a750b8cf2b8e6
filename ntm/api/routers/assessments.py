"""The stored evaluation of one unit for one set and year, with the engine's full explanation."""

from typing import Any

from ninja import Router
from ninja.errors import HttpError

from ntm.indicators.engine import evaluate_unit_year

from .common import YEAR, AssessmentSummary, UnitSetYear, stored_assessment, unit_and_set

router = Router(tags=["Kết quả đánh giá"])


class AssessmentOut(UnitSetYear, AssessmentSummary):
    catalog_version: str  # the criteria versions the stored counts were evaluated with
    result: dict[str, Any]


@router.get(
    "/{id:unit_id}/{set_code}/{year:year}",
    response=AssessmentOut,
    url_name="assessment_detail",
    summary="Kết quả đánh giá của một đơn vị",
)
def assessment_detail(request, unit_id: int, set_code: str, year: int = YEAR):
    """Recomputed on every change of the unit's values or statuses; `result` is the engine's full
    output (every criterion and indicator with the threshold used, its source and `verified`),
    computed for this answer from the same inputs as the stored counts."""
    unit, cset = unit_and_set(request, unit_id, set_code)
    assessment = stored_assessment(unit, cset.code, year)
    if assessment is None:
        raise HttpError(404, f"{unit.name} chưa có kết quả đánh giá theo bộ “{cset.code}” năm {year}.")
    return {
        **AssessmentSummary.model_validate(assessment).model_dump(),
        "unit": unit,
        "set_code": cset.code,
        "year": year,
        "catalog_version": assessment.catalog_version,
        "result": evaluate_unit_year(unit, cset.code, year).to_dict(),
    }
