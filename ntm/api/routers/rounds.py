"""Reporting rounds (docs/rounds.md): list them in the caller's scope, submit, return and approve —
the same services, permissions and audit as the pages."""

import datetime

from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError

from ntm.accounts.scope import may_read, visible
from ntm.core.params import MAX_ID
from ntm.core.periods import PeriodInvalid
from ntm.rounds import calendar, services
from ntm.rounds.models import Round
from ntm.storage import StorageFailed

from ..pagination import Page, PageParams, paginate
from ..scope import FORBIDDEN_UNIT, acting_user, viewable_unit

router = Router(tags=["Đợt báo cáo"])


class RoundOut(Schema):
    id: int
    unit_id: int
    unit_name: str = Field(alias="unit.name")
    kind: str = Field(alias="kind.code")
    period: str
    year: int
    deadline: datetime.date
    state: str
    comment: str
    first_submitted_at: datetime.datetime | None
    submitted_at: datetime.datetime | None
    reviewed_at: datetime.datetime | None
    reviewer: str
    sha256: str
    is_demo: bool


class RoundFilters(Schema):
    unit: int | None = Field(None, ge=1, le=MAX_ID, description="Đơn vị và các đơn vị trực thuộc")
    kind: str | None = Field(
        None, pattern=r"^[a-z0-9-]{1,30}$", description="quy, thang, 6-thang, nam, dot-xuat"
    )
    period: str | None = Field(None, description="2026Q3, 2026, 2026-09, 2026H1")
    state: Round.State | None = None


class ReturnIn(Schema):
    comment: str = Field(..., description="Nhận xét gửi đơn vị: cần sửa gì")


class ApproveIn(Schema):
    rounds: list[int] = Field(default_factory=list, description="Duyệt thêm nhiều đợt cùng lúc")


@router.get("", response=Page[RoundOut], url_name="round_list", summary="Danh sách đợt báo cáo")
def round_list(request, filters: Query[RoundFilters], page: Query[PageParams]):
    qs = Round.objects.select_related("unit", "kind").order_by("-year", "period", "unit__path", "pk")
    if filters.unit is not None:
        qs = qs.filter(unit__path__startswith=viewable_unit(request, filters.unit).path)
    if filters.kind:
        qs = qs.filter(kind__code=filters.kind)
    if filters.period:
        try:
            qs = qs.filter(period=calendar.parse(filters.period).code)
        except PeriodInvalid as exc:
            raise HttpError(400, str(exc)) from None
    if filters.state:
        qs = qs.filter(state=filters.state)
    return paginate(visible(acting_user(request), qs), page)


def _round(request, round_id: int) -> Round:
    round_ = get_object_or_404(Round.objects.select_related("unit", "unit__parent", "kind"), pk=round_id)
    if not may_read(acting_user(request), round_.unit):
        raise HttpError(403, FORBIDDEN_UNIT)
    return round_


def _step(call):
    try:
        return call()
    except services.RoundError as exc:
        raise HttpError(409, str(exc)) from None
    except StorageFailed as exc:
        raise HttpError(503, str(exc)) from None


@router.post("/{id:round_id}/submit", response=RoundOut, url_name="round_submit", summary="Gửi báo cáo")
def round_submit(request, round_id: int):
    """The unit's own office sends the report up; it is frozen (file + figures). 403 for anyone
    else, 409 when the round's state does not allow it."""
    round_ = _round(request, round_id)
    return _step(lambda: services.submit(actor=acting_user(request), round_=round_))


@router.post("/{id:round_id}/return", response=RoundOut, url_name="round_return", summary="Trả lại báo cáo")
def round_return(request, round_id: int, payload: ReturnIn):
    """The level above returns a submitted report with a comment."""
    round_ = _round(request, round_id)
    return _step(
        lambda: services.return_round(actor=acting_user(request), round_=round_, comment=payload.comment)
    )


@router.post(
    "/{id:round_id}/approve", response=list[RoundOut], url_name="round_approve", summary="Duyệt báo cáo"
)
def round_approve(request, round_id: int, payload: ApproveIn):
    """The level above approves the round (and those in `rounds`), all or nothing; approval locks
    each unit's data of the round's year."""
    rounds = [_round(request, pk) for pk in dict.fromkeys([round_id, *payload.rounds])]
    return _step(lambda: services.approve(actor=acting_user(request), rounds=rounds))
