"""Indicator values of one unit, set and year: the current ones (or those of a past moment), a
value's versions, and writes through `save_values` (permission, versions, audit, re-evaluation)."""

import datetime
from typing import Any

from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError

from ntm.indicators.models import IndicatorValue
from ntm.indicators.services import ValueChange, save_values

from ..pagination import Page, PageParams, paginate
from ..scope import acting_user
from .common import (
    YEAR,
    AssessmentSummary,
    UnitSetYear,
    require_applicable,
    stored_assessment,
    unit_and_set,
)

router = Router(tags=["Giá trị chỉ tiêu"])

RawValue = bool | int | float | str | None


class ValueOut(Schema):
    indicator_code: str
    value: Any
    version: int
    source: str
    reason: str
    actor: str
    created_at: datetime.datetime
    is_demo: bool


class ValueVersionOut(ValueOut):
    is_current: bool
    superseded_at: datetime.datetime | None


class ValuesOut(UnitSetYear):
    at: datetime.datetime | None
    items: list[ValueOut]


class ChangeIn(Schema):
    code: str = Field(description="Mã chỉ tiêu, ví dụ 2.1")
    value: RawValue = Field(description="Số, đúng/sai, chữ; null để xóa; 'n/a' nếu chỉ tiêu không áp dụng")
    expected_version: int = Field(0, ge=0, description="Phiên bản bạn đã đọc; 0 nếu chưa có giá trị")
    source: str = Field("", max_length=300)


class SaveIn(Schema):
    changes: list[ChangeIn] = Field(min_length=1)
    reason: str = Field("", description="Bắt buộc khi sửa một giá trị đã có")


class SaveOut(UnitSetYear):
    written: list[ValueOut]
    unchanged: list[str]
    assessment: AssessmentSummary | None


class AtParams(Schema):
    at: datetime.datetime | None = Field(None, description="Đọc lại trạng thái tại thời điểm này")


@router.get(
    "/{id:unit_id}/{set_code}/{year:year}",
    response=ValuesOut,
    url_name="value_list",
    summary="Giá trị hiện hành",
)
def value_list(request, unit_id: int, set_code: str, params: Query[AtParams], year: int = YEAR):
    unit, cset = unit_and_set(request, unit_id, set_code)
    rows = IndicatorValue.objects.at(params.at).annual(cset.code, year).filter(unit=unit)
    return {
        "unit": unit,
        "set_code": cset.code,
        "year": year,
        "at": params.at,
        "items": rows.order_by("indicator_code"),
    }


@router.get(
    "/{id:unit_id}/{set_code}/{year:year}/{indicator_code}/history",
    response=Page[ValueVersionOut],
    url_name="value_history",
    summary="Các phiên bản của một giá trị",
)
def value_history(
    request, unit_id: int, set_code: str, indicator_code: str, page: Query[PageParams], year: int = YEAR
):
    """Every version of one value, newest first: nothing is overwritten, a correction is a new version."""
    unit, cset = unit_and_set(request, unit_id, set_code)
    rows = (
        IndicatorValue.objects.annual(cset.code, year)
        .filter(unit=unit, indicator_code=indicator_code)
        .order_by("-version")
    )
    return paginate(rows, page)


@router.post(
    "/{id:unit_id}/{set_code}/{year:year}", response=SaveOut, url_name="value_save", summary="Nhập giá trị"
)
def value_save(request, unit_id: int, set_code: str, payload: SaveIn, year: int = YEAR):
    """Appends a version of every value that changed, all or nothing. 403 when the caller may not
    enter a criterion of this unit, 409 (with the newer value) when `expected_version` is stale,
    422 (per indicator) when a value cannot be read or a correction lacks a reason."""
    unit, cset = unit_and_set(request, unit_id, set_code)
    require_applicable(unit, cset, year)
    codes = [c.code for c in payload.changes]
    if len(set(codes)) != len(codes):
        raise HttpError(422, "Mỗi chỉ tiêu chỉ được nêu một lần trong một lần lưu.")
    result = save_values(
        actor=acting_user(request),
        unit=unit,
        set_code=cset.code,
        year=year,
        changes=[ValueChange(c.code, c.value, c.expected_version, c.source) for c in payload.changes],
        reason=payload.reason,
    )
    return {
        "unit": unit,
        "set_code": cset.code,
        "year": year,
        "written": result.written,
        "unchanged": result.unchanged,
        "assessment": result.assessment or stored_assessment(unit, cset.code, year),
    }
