"""Recognition dossiers (docs/ho-so-cong-nhan.md): list them in the caller's scope, read one with
its steps, what the current step still needs, its survey and council vote; complete or return a
step, record the survey and the vote — the same services, permissions and audit as the pages."""

import datetime

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError

from ntm.accounts.scope import may_read, visible
from ntm.core.params import MAX_ID
from ntm.recognition import council, survey
from ntm.recognition import dossiers as flow
from ntm.recognition.models import CouncilVote, Dossier

from ..pagination import Page, PageParams, paginate
from ..scope import FORBIDDEN_UNIT, acting_user, viewable_unit

router = Router(tags=["Hồ sơ công nhận"])


class DossierOut(Schema):
    id: int
    unit_id: int
    unit_name: str = Field(alias="unit.name")
    set_code: str
    year: int
    status: str
    step: str | None = Field(None, alias="step.code")
    step_name: str | None = Field(None, alias="step.name")
    decision_number: str | None = Field(None, alias="decision.number")
    decision_date: datetime.date | None = Field(None, alias="decision.date")
    is_demo: bool


class StepOut(Schema):
    code: str
    name: str
    actor: str
    documents: list[dict]
    rule: dict
    verified: bool
    done: bool


class SurveyUnitOut(Schema):
    unit_id: int
    unit_name: str
    households: int | None
    surveyed: int | None
    satisfied: dict[str, int]


class VoteOut(Schema):
    met_on: datetime.date
    members: list[dict]
    votes_for: int
    votes_against: int
    abstained: int
    passed: bool


class DossierDetailOut(Schema):
    id: int
    unit_id: int
    unit_name: str
    set_code: str
    year: int
    status: str
    step: str | None
    step_name: str | None
    decision_number: str | None
    decision_date: datetime.date | None
    is_demo: bool
    steps: list[StepOut]
    shortfall: list[str]
    survey: list[SurveyUnitOut]
    vote: VoteOut | None


class DossierFilters(Schema):
    unit: int | None = Field(None, ge=1, le=MAX_ID, description="Đơn vị và các đơn vị trực thuộc")
    year: int | None = Field(None, ge=2000, le=2100)
    status: Dossier.Status | None = None


class AdvanceIn(Schema):
    note: str = ""
    number: str | None = Field(None, max_length=100, description="Bước quyết định: số quyết định")
    date: datetime.date | None = Field(None, description="Bước quyết định: ngày quyết định")
    authority: str | None = Field(None, max_length=200)


class ReturnIn(Schema):
    comment: str = Field(..., description="Nội dung cần hoàn thiện")


class SurveyIn(Schema):
    unit: int = Field(..., ge=1, le=MAX_ID, description="Đơn vị được lấy ý kiến")
    households: int = Field(..., ge=1, le=10_000_000)
    surveyed: int = Field(..., ge=1, le=10_000_000)
    satisfied: dict[str, int] = Field(..., description="Số hộ hài lòng theo nội dung (mã nội dung)")


class MemberIn(Schema):
    name: str = Field(..., min_length=1, max_length=200)
    vote: CouncilVote.Vote


class VoteIn(Schema):
    met_on: datetime.date
    members: list[MemberIn] = Field(..., min_length=1, max_length=council.MEMBERS_MAX)


@router.get("", response=Page[DossierOut], url_name="dossier_list", summary="Danh sách hồ sơ công nhận")
def dossier_list(request, filters: Query[DossierFilters], page: Query[PageParams]):
    qs = Dossier.objects.select_related("unit", "step", "decision").order_by("-year", "unit__path", "pk")
    if filters.unit is not None:
        qs = qs.filter(unit__path__startswith=viewable_unit(request, filters.unit).path)
    if filters.year is not None:
        qs = qs.filter(year=filters.year)
    if filters.status:
        qs = qs.filter(status=filters.status)
    return paginate(visible(acting_user(request), qs), page)


def _dossier(request, dossier_id: int) -> Dossier:
    dossier = get_object_or_404(
        Dossier.objects.select_related("unit", "step", "procedure", "decision"), pk=dossier_id
    )
    if not may_read(acting_user(request), dossier.unit):
        raise HttpError(403, FORBIDDEN_UNIT)
    return dossier


def _detail(dossier: Dossier) -> dict:
    done = set(dossier.events.filter(kind="advance").values_list("step_id", flat=True))
    state = survey.survey_state(dossier)
    vote = council.latest(dossier)
    return {
        **DossierOut.from_orm(dossier).model_dump(),
        "steps": [
            {
                "code": s.code,
                "name": s.name,
                "actor": s.actor,
                "documents": s.documents,
                "rule": s.rule,
                "verified": s.verified,
                "done": s.pk in done,
            }
            for s in flow.steps_of(dossier)
        ],
        "shortfall": flow.shortfall(dossier) if dossier.status != Dossier.Status.DECIDED else [],
        "survey": [
            {
                "unit_id": u.unit.pk,
                "unit_name": u.unit.name,
                "households": u.result.households if u.result else None,
                "surveyed": u.result.surveyed if u.result else None,
                "satisfied": u.result.satisfied if u.result else {},
            }
            for u in state.units
            if u.result
        ],
        "vote": vote,
    }


@router.get(
    "/{id:dossier_id}", response=DossierDetailOut, url_name="dossier_detail", summary="Một hồ sơ công nhận"
)
def dossier_detail(request, dossier_id: int):
    return _detail(_dossier(request, dossier_id))


def _move(call, dossier_id: int):
    try:
        call()
    except PermissionDenied as exc:
        raise HttpError(403, str(exc) or FORBIDDEN_UNIT) from None
    except flow.DossierRefused as exc:
        raise HttpError(409, str(exc)) from None
    return _detail(Dossier.objects.select_related("unit", "step", "procedure", "decision").get(pk=dossier_id))


@router.post(
    "/{id:dossier_id}/advance",
    response=DossierDetailOut,
    url_name="dossier_advance",
    summary="Hoàn thành bước hiện tại",
)
def dossier_advance(request, dossier_id: int, payload: AdvanceIn):
    """The actor the step names completes it: 403 for anyone else, 409 with what is missing."""
    dossier = _dossier(request, dossier_id)
    data = {k: v for k, v in payload.dict().items() if k != "note" and v not in (None, "")}
    return _move(
        lambda: flow.advance(actor=acting_user(request), dossier=dossier, note=payload.note, data=data),
        dossier_id,
    )


@router.post(
    "/{id:dossier_id}/return",
    response=DossierDetailOut,
    url_name="dossier_return",
    summary="Trả lại hồ sơ để hoàn thiện",
)
def dossier_return(request, dossier_id: int, payload: ReturnIn):
    dossier = _dossier(request, dossier_id)
    return _move(
        lambda: flow.send_back(actor=acting_user(request), dossier=dossier, comment=payload.comment),
        dossier_id,
    )


@router.post(
    "/{id:dossier_id}/survey",
    response=DossierDetailOut,
    url_name="dossier_survey",
    summary="Ghi kết quả lấy ý kiến sự hài lòng",
)
def dossier_survey(request, dossier_id: int, payload: SurveyIn):
    """One unit's result; the contents are the codes in `survey` of the dossier (overall: "chung")."""
    dossier = _dossier(request, dossier_id)
    if not survey.may_enter(acting_user(request), dossier):
        raise HttpError(403, "Bạn không nhập kết quả lấy ý kiến của hồ sơ này.")
    unit = next((u for u in survey.survey_units(dossier) if u.pk == payload.unit), None)
    if unit is None:
        raise HttpError(409, "Đơn vị này không thuộc phạm vi lấy ý kiến của hồ sơ.")
    return _move(
        lambda: survey.record(
            actor=acting_user(request),
            dossier=dossier,
            unit=unit,
            households=payload.households,
            surveyed=payload.surveyed,
            satisfied=payload.satisfied,
        ),
        dossier_id,
    )


@router.post(
    "/{id:dossier_id}/vote",
    response=DossierDetailOut,
    url_name="dossier_vote",
    summary="Ghi biểu quyết của Hội đồng thẩm định",
)
def dossier_vote(request, dossier_id: int, payload: VoteIn):
    dossier = _dossier(request, dossier_id)
    members = [{"name": " ".join(m.name.split()), "vote": str(m.vote)} for m in payload.members]
    return _move(
        lambda: council.record_vote(
            actor=acting_user(request), dossier=dossier, met_on=payload.met_on, members=members
        ),
        dossier_id,
    )
