"""Criterion statuses recorded (not computed) by an office or certified by a sector."""

import datetime

from ninja import Field, Router, Schema

from ntm.indicators.models import CriterionStatus
from ntm.indicators.services import record_statuses

from ..scope import acting_user
from .common import (
    YEAR,
    AssessmentSummary,
    UnitSetYear,
    require_applicable,
    stored_assessment,
    unit_and_set,
)

router = Router(tags=["Kết quả tiêu chí ghi nhận"])


class StatusOut(Schema):
    criterion_code: str
    met: bool | None
    version: int
    source: str
    reason: str
    actor: str
    created_at: datetime.datetime
    is_demo: bool


class StatusesOut(UnitSetYear):
    items: list[StatusOut]


class StatusesIn(Schema):
    statuses: dict[str, bool | None] = Field(
        description="Mã tiêu chí → true (đạt), false (chưa đạt) hoặc null (bỏ ghi nhận)", min_length=1
    )
    versions: dict[str, int] = Field(
        default_factory=dict,
        description="Mã tiêu chí → phiên bản đã đọc (0 hoặc bỏ trống: chưa có); "
        "khác phiên bản hiện tại → 409",
    )
    source: str = Field("", max_length=300)
    reason: str = Field("", description="Bắt buộc khi sửa một kết quả đã ghi nhận")


class StatusesSaved(UnitSetYear):
    written: list[StatusOut]
    assessment: AssessmentSummary | None


@router.get(
    "/{id:unit_id}/{set_code}/{year:year}",
    response=StatusesOut,
    url_name="status_list",
    summary="Kết quả tiêu chí đã ghi nhận",
)
def status_list(request, unit_id: int, set_code: str, year: int = YEAR):
    unit, cset = unit_and_set(request, unit_id, set_code)
    rows = CriterionStatus.objects.current().filter(unit=unit, set_code=cset.code, year=year)
    return {"unit": unit, "set_code": cset.code, "year": year, "items": rows.order_by("criterion_code")}


@router.post(
    "/{id:unit_id}/{set_code}/{year:year}",
    response=StatusesSaved,
    url_name="status_save",
    summary="Ghi nhận kết quả tiêu chí",
)
def status_save(request, unit_id: int, set_code: str, payload: StatusesIn, year: int = YEAR):
    """Records the given statuses through `record_statuses` (permission per criterion, audit,
    re-evaluation), all or nothing. 403 when the caller may not record one of the criteria, 409
    (with the newer status) when a criterion's version is not the one in `versions`, 422 when a
    criterion is unknown or a change of a recorded status has no reason."""
    unit, cset = unit_and_set(request, unit_id, set_code)
    require_applicable(unit, cset, year)
    written = record_statuses(
        actor=acting_user(request),
        unit=unit,
        set_code=cset.code,
        year=year,
        statuses=payload.statuses,
        source=payload.source,
        reason=payload.reason,
        expected_versions=payload.versions,
    )
    return {
        "unit": unit,
        "set_code": cset.code,
        "year": year,
        "written": written,
        "assessment": stored_assessment(unit, cset.code, year),
    }
