"""Roll-ups: counts over the units below a parent unit, or the whole country, for a set and year."""

import datetime

from ninja import Field, Query, Router, Schema

from ntm.core.params import MAX_ID
from ntm.indicators.models import Rollup
from ntm.indicators.rollups import units_counted

from ..scope import get_set, require_national, viewable_unit
from .common import YEAR
from .units import UnitRef

router = Router(tags=["Số liệu tổng hợp"])


class RollupOut(Schema):
    parent: UnitRef | None
    set_code: str
    year: int
    units_total: int
    units_assessed: int
    standard_met: int
    standard_provisional: int = Field(
        description="Trong số đơn vị đạt chuẩn, số đơn vị đạt tạm tính (ngưỡng chưa đối chiếu với quyết định)"
    )
    criteria_met_sum: int
    average_criteria: float | None
    per_criterion: dict[str, int]
    per_criterion_provisional: dict[str, int] = Field(
        description="Mã tiêu chí → trong số đơn vị đạt, số đơn vị đạt tạm tính"
    )
    bands: dict[str, int]
    computed_at: datetime.datetime | None


class RollupParams(Schema):
    parent: int | None = Field(None, ge=1, le=MAX_ID, description="Đơn vị cấp trên; bỏ trống: toàn quốc")


@router.get(
    "/{set_code}/{year:year}",
    response=RollupOut,
    url_name="rollup_detail",
    summary="Tổng hợp theo đơn vị cấp trên hoặc toàn quốc",
)
def rollup_detail(request, set_code: str, params: Query[RollupParams], year: int = YEAR):
    """Units counted, assessed and meeting the standard, criteria met (sum and average per unit),
    units meeting each criterion and the banding. A parent outside the caller's scope is a 403;
    the national figures need a national role."""
    cset = get_set(set_code)
    if params.parent is None:
        require_national(request)
        parent = None
    else:
        parent = viewable_unit(request, params.parent)
    rollup = Rollup.objects.filter(parent=parent, set_code=cset.code, year=year).first()
    if rollup is None:  # nothing assessed below this parent yet
        rollup = Rollup(
            parent=parent,
            set_code=cset.code,
            year=year,
            units_total=units_counted(parent, cset.code, year).count(),
            units_assessed=0,
            standard_met=0,
            criteria_met_sum=0,
            per_criterion={},
            standard_provisional=0,
            per_criterion_provisional={},
            bands={},
        )
    return rollup
