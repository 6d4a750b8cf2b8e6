"""Recognition dossiers: registration, the steps of the unit's procedure, documents, public posting,
opinions, sector sign-offs and the decision, each move checked, recorded and audited in one transaction.

A step is completed (`advance`) only by the actor the procedure names for it (the rules are in
`ntm.accounts.permissions`) and only when what it requires is there: its documents, and its rule
(`shortfall` says what is missing, in words a user acts on). The decision step records the
recognition through `services.record_decision`, so every roll-up counts it.
"""

import datetime
import hashlib
import uuid
from dataclasses import dataclass
from pathlib import Path

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ntm import storage
from ntm.accounts import permissions as rules
from ntm.accounts.actors import actor_name, is_system, person
from ntm.audit import services as audit
from ntm.core.values import RefusedValue, check_text
from ntm.indicators.engine import catalog, evaluate_unit_year, set_level_of
from ntm.indicators.evidence import EvidenceRejected, check_file
from ntm.indicators.models import CriterionStatus, IndicatorValue

from . import council, notices, survey
from .models import (
    Decision,
    Dossier,
    DossierDocument,
    DossierEvent,
    Opinion,
    Posting,
    Procedure,
    ProcedureStep,
    SignOff,
)
from .services import record_decision

NOTE_MAX = 2000


class DossierRefused(ValueError):
    """The move is not possible now; the message says what is missing."""


def procedure_for(set_code: str) -> Procedure | None:
    return next((p for p in Procedure.objects.all() if set_code in p.set_codes), None)


def steps_of(dossier: Dossier) -> list[ProcedureStep]:
    return list(dossier.procedure.steps.order_by("order"))


def _can(actor, unit, step_actor: str) -> bool:
    """The actor the procedure names may move the step: a user by the role rules; the system always."""
    return is_system(actor) or rules.can_act_on_step(actor, unit, step_actor)


def may_act(actor, dossier: Dossier, step: ProcedureStep | None = None) -> bool:
    """May complete (or, for a step of the level above, return) the dossier's current step."""
    step = step or dossier.step
    return (
        step is not None
        and dossier.status != Dossier.Status.DECIDED
        and _can(actor, dossier.unit, step.actor)
    )


def log_event(actor, dossier, kind: str, *, note: str = "", data=None, step=None, label: str = "", old=None):
    DossierEvent.objects.create(
        dossier=dossier,
        step=step or dossier.step,
        kind=kind,
        note=note,
        data=data,
        user=person(actor),
        actor=actor_name(actor),
    )
    audit.record(
        actor=actor,
        action=f"dossier.{kind}",
        obj=dossier,
        label=f"{dossier} · {label or (step or dossier.step or '')}",
        old=old,
        new=data,
        reason=note,
    )


def _note(note: str) -> str:
    try:
        check_text(_("Ghi chú"), note or "", NOTE_MAX)
    except RefusedValue as exc:
        raise DossierRefused(str(exc)) from None
    return (note or "").strip()


@transaction.atomic
def register(*, actor, unit, set_code: str, year: int, note: str = "", is_demo: bool = False) -> Dossier:
    """Register the unit's target year under a set: the dossier opens on the procedure's first step."""
    cset = catalog().sets.get(set_code)
    if cset is None or cset.level != set_level_of(unit):
        raise DossierRefused(_("Bộ tiêu chí này không áp dụng cho cấp của đơn vị."))
    procedure = procedure_for(set_code)
    if procedure is None:
        raise DossierRefused(_("Chưa có trình tự công nhận cho bộ tiêu chí này."))
    first = procedure.steps.order_by("order").first()
    if first is None or not _can(actor, unit, first.actor):
        raise PermissionDenied(_("Bạn không có quyền đăng ký cho đơn vị này."))
    if Dossier.objects.filter(unit=unit, set_code=set_code, year=year).exists():
        raise DossierRefused(_("Đơn vị đã đăng ký năm %(year)s theo bộ tiêu chí này.") % {"year": year})
    dossier = Dossier.objects.create(
        unit=unit,
        set_code=set_code,
        year=year,
        procedure=procedure,
        step=first,
        created_by=person(actor),
        is_demo=is_demo,
    )
    log_event(actor, dossier, "register", note=_note(note), data={"set": set_code, "year": year})
    return dossier


# -- what a step still needs


def missing_documents(dossier: Dossier, step: ProcedureStep) -> list[str]:
    have = set(dossier.documents.values_list("code", flat=True))
    return [d["name"] for d in step.documents if d["code"] not in have]


@dataclass(frozen=True)
class PostingState:
    first_posted: datetime.date | None
    broadcasts: int  # within the window
    days_posted: int
    min_broadcasts: int
    within_days: int

    @property
    def met(self) -> bool:
        return (
            self.first_posted is not None
            and self.broadcasts >= self.min_broadcasts
            and (self.days_posted >= self.within_days)
        )


def posting_state(dossier: Dossier, rule: dict, today: datetime.date | None = None) -> PostingState:
    """The posting rule against the recorded postings: posted for `within_days` days from the first
    posting, and at least `min_broadcasts` broadcasts within those days."""
    today = today or timezone.localdate()
    within = int(rule.get("within_days", 15))
    postings = list(dossier.postings.all())
    posted = [p.date for p in postings if p.kind == Posting.Kind.POSTED]
    first = min(posted) if posted else None
    broadcasts = 0
    if first is not None:
        end = first + datetime.timedelta(days=within)
        broadcasts = sum(1 for p in postings if p.kind == Posting.Kind.BROADCAST and first <= p.date <= end)
    return PostingState(
        first_posted=first,
        broadcasts=broadcasts,
        days_posted=(today - first).days if first else 0,
        min_broadcasts=int(rule.get("min_broadcasts", 5)),
        within_days=within,
    )


def _posting_shortfall(dossier: Dossier, rule: dict) -> list[str]:
    state = posting_state(dossier, rule)
    missing = []
    if state.first_posted is None:
        missing.append(_("chưa ghi lần niêm yết công khai nào"))
    elif state.days_posted < state.within_days:
        missing.append(
            _("mới niêm yết %(days)s/%(need)s ngày") % {"days": state.days_posted, "need": state.within_days}
        )
    if state.broadcasts < state.min_broadcasts:
        missing.append(
            _("mới thông báo trên hệ thống truyền thanh %(n)s/%(need)s lần trong thời gian niêm yết")
            % {"n": state.broadcasts, "need": state.min_broadcasts}
        )
    unanswered = dossier.opinions.filter(answer="").count()
    if unanswered:
        missing.append(_("còn %(n)s ý kiến chưa trả lời") % {"n": unanswered})
    return missing


def latest_signoffs(dossier: Dossier) -> dict[str, SignOff]:
    latest: dict[str, SignOff] = {}
    for signoff in dossier.signoffs.select_related("user"):
        latest[signoff.criterion_code] = signoff
    return latest


def _signoff_shortfall(dossier: Dossier) -> list[str]:
    latest = latest_signoffs(dossier)
    codes = [c.code for c in catalog().get(dossier.set_code).criteria]
    unsigned = [c for c in codes if c not in latest]
    disagreed = [c for c in codes if c in latest and not latest[c].agree]
    missing = []
    if unsigned:
        missing.append(_("các tiêu chí chưa được thẩm định: %(codes)s") % {"codes": ", ".join(unsigned)})
    if disagreed:
        missing.append(_("các tiêu chí chưa được thống nhất: %(codes)s") % {"codes": ", ".join(disagreed)})
    return missing


def shortfall(dossier: Dossier, data: dict | None = None) -> list[str]:
    """What the current step still needs before it may be completed (empty: it may)."""
    step = dossier.step
    if step is None or dossier.status == Dossier.Status.DECIDED:
        return [_("hồ sơ đã kết thúc")]
    data = data or {}
    missing = [_("thiếu %(doc)s") % {"doc": name} for name in missing_documents(dossier, step)]
    kind = step.rule.get("kind")
    if kind == "posting":
        missing += _posting_shortfall(dossier, step.rule)
    elif kind == "signoff":
        missing += _signoff_shortfall(dossier)
    elif kind == "coverage":
        missing += survey.shortfall(dossier, step.rule)
    elif kind == "vote":
        missing += council.shortfall(dossier, step.rule)
    elif kind == "decision":
        for field, label in (("number", _("số quyết định")), ("date", _("ngày quyết định"))):
            if not data.get(field):
                missing.append(_("chưa nhập %(field)s") % {"field": label})
        summary = self_assessment(dossier)["summary"]
        if not summary["standard_met"]:
            missing.append(
                _("theo số liệu hiện tại đơn vị chưa đạt chuẩn (%(label)s tiêu chí đạt)")
                % {"label": summary["label"]}
            )
    return missing


# -- moves


def self_assessment(dossier: Dossier) -> dict:
    """The unit's evaluation for the dossier's set and year, as the explaining engine gives it."""
    return evaluate_unit_year(dossier.unit, dossier.set_code, dossier.year).to_dict(True)


@transaction.atomic
def advance(*, actor, dossier: Dossier, note: str = "", data: dict | None = None) -> Dossier:
    """Complete the current step and open the next (the decision step closes the dossier)."""
    dossier = (
        Dossier.objects.select_for_update(of=("self",)).select_related("unit", "step").get(pk=dossier.pk)
    )
    step = dossier.step
    if step is None or not may_act(actor, dossier):
        raise PermissionDenied(_("Bước này không do bạn thực hiện."))
    note, data = _note(note), dict(data or {})
    missing = shortfall(dossier, data)
    if missing:
        raise DossierRefused(
            _("Chưa thể hoàn thành bước “%(step)s”: %(missing)s.")
            % {"step": step.name, "missing": "; ".join(missing)}
        )
    kind = step.rule.get("kind")
    recorded: dict = {"step": step.code}
    if kind == "self_assessment":
        dossier.self_assessment = self_assessment(dossier)
        recorded["summary"] = dossier.self_assessment["summary"]["label"]
    elif kind == "coverage":
        state = survey.survey_state(dossier)
        recorded.update(
            surveyed=state.surveyed, households=state.households, satisfaction_pct=state.satisfaction_pct
        )
    elif kind == "vote":
        vote = council.latest(dossier)
        assert vote is not None  # the shortfall asks for a passing vote
        recorded.update(votes_for=vote.votes_for, votes_against=vote.votes_against, vote=vote.pk)
    elif kind == "decision":
        dossier.decision = record_decision(
            actor=actor,
            unit=dossier.unit,
            set_code=dossier.set_code,
            year=dossier.year,
            kind=Decision.Kind.RECOGNISE,
            number=data["number"],
            date=data["date"],
            authority=data.get("authority") or _("UBND tỉnh"),
            note=note,
            is_demo=dossier.is_demo,
        )
        recorded.update(number=dossier.decision.number, date=dossier.decision.date.isoformat())
    later = dossier.procedure.steps.filter(order__gt=step.order).order_by("order").first()
    log_event(actor, dossier, "advance", note=note, data=recorded, step=step)
    dossier.step = later if kind != "decision" else step
    dossier.status = Dossier.Status.DECIDED if kind == "decision" or later is None else Dossier.Status.OPEN
    dossier.save(update_fields=["step", "status", "self_assessment", "decision"])
    notices.moved(actor, dossier, step)
    return dossier


@transaction.atomic
def send_back(*, actor, dossier: Dossier, comment: str) -> Dossier:
    """Return the dossier for correction: back to the last step of the unit's own office before the
    current one, with the comments saying what to correct."""
    dossier = (
        Dossier.objects.select_for_update(of=("self",)).select_related("unit", "step").get(pk=dossier.pk)
    )
    steps = steps_of(dossier)
    own, current = steps[0].actor, dossier.step
    if current is None or current.actor == own or not may_act(actor, dossier):
        raise PermissionDenied(_("Chỉ cấp thẩm định mới trả lại hồ sơ."))
    comment = _note(comment)
    if not comment:
        raise DossierRefused(_("Hãy ghi rõ nội dung cần hoàn thiện."))
    target = [s for s in steps if s.order < current.order and s.actor == own][-1]
    log_event(actor, dossier, "return", note=comment, data={"from": current.code, "to": target.code})
    dossier.step, dossier.status = target, Dossier.Status.RETURNED
    dossier.save(update_fields=["step", "status"])
    notices.moved(actor, dossier, comment=comment)
    return dossier


def _document_step(dossier: Dossier, code: str) -> ProcedureStep:
    step = next((s for s in steps_of(dossier) if any(d["code"] == code for d in s.documents)), None)
    if step is None:
        raise DossierRefused(_("Loại hồ sơ không hợp lệ."))
    return step


def attach(*, actor, dossier: Dossier, code: str, upload) -> DossierDocument:
    """Store a required document (checked like evidence files), then its row and audit record in one
    transaction; the file is removed if that transaction fails."""
    step = _document_step(dossier, code)
    if dossier.status == Dossier.Status.DECIDED or not _can(actor, dossier.unit, step.actor):
        raise PermissionDenied(_("Bạn không có quyền nộp hồ sơ này."))
    head = upload.read(8)
    upload.seek(0)
    try:
        content_type = check_file(upload.name, head, upload.size)
    except EvidenceRejected as exc:
        raise DossierRefused(str(exc)) from None
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    original = Path(upload.name).name
    name = f"dossiers/{timezone.now():%Y/%m}/{uuid.uuid4().hex}{Path(original).suffix.lower()}"
    files = DossierDocument._meta.get_field("file").storage
    with storage.kept_with_row(files, name, upload) as stored, transaction.atomic(durable=True):
        document = DossierDocument.objects.create(
            dossier=dossier,
            code=code,
            file=stored,
            original_name=original,
            content_type=content_type,
            size=upload.size,
            sha256=digest.hexdigest(),
            uploaded_by=person(actor),
        )
        log_event(
            actor, dossier, "document", data={"code": code, "name": original, "sha256": document.sha256}
        )
        return document


def _work_check(actor, dossier: Dossier) -> None:
    if dossier.status == Dossier.Status.DECIDED or not _can(actor, dossier.unit, steps_of(dossier)[0].actor):
        raise PermissionDenied(_("Bạn không có quyền cập nhật hồ sơ này."))


@transaction.atomic
def add_posting(*, actor, dossier: Dossier, kind: str, date: datetime.date, place: str) -> Posting:
    _work_check(actor, dossier)
    if date > timezone.localdate():
        raise DossierRefused(_("Ngày niêm yết, thông báo không thể ở tương lai."))
    place = _note(place)
    if not place:
        raise DossierRefused(_("Hãy ghi địa điểm hoặc phương tiện."))
    posting = Posting.objects.create(
        dossier=dossier, kind=kind, date=date, place=place, recorded_by=person(actor)
    )
    log_event(actor, dossier, "posting", data={"kind": kind, "date": date.isoformat(), "place": place})
    return posting


@transaction.atomic
def add_opinion(*, actor, dossier: Dossier, received_on: datetime.date, sender: str, content: str) -> Opinion:
    _work_check(actor, dossier)
    content, sender = _note(content), _note(sender)[:200]
    if not content:
        raise DossierRefused(_("Hãy ghi nội dung ý kiến."))
    opinion = Opinion.objects.create(dossier=dossier, received_on=received_on, sender=sender, content=content)
    log_event(actor, dossier, "opinion", data={"id": opinion.pk, "sender": sender, "content": content})
    return opinion


@transaction.atomic
def answer_opinion(*, actor, opinion: Opinion, answer: str) -> Opinion:
    _work_check(actor, opinion.dossier)
    answer = _note(answer)
    if not answer:
        raise DossierRefused(_("Hãy ghi nội dung trả lời."))
    old = opinion.answer
    opinion.answer, opinion.answered_by, opinion.answered_at = answer, person(actor), timezone.now()
    opinion.save(update_fields=["answer", "answered_by", "answered_at"])
    log_event(
        actor, opinion.dossier, "answer", data={"id": opinion.pk, "answer": answer}, old={"answer": old}
    )
    return opinion


def criterion_sectors(set_code: str) -> dict[str, set[str]]:
    return {
        c.code: {ind.sector for ind in c.indicators if getattr(ind, "sector", "")}
        for c in catalog().get(set_code).criteria
    }


def may_sign(actor, dossier: Dossier, criterion_code: str) -> bool:
    """During appraisal: the sector owning the criterion, or the province office coordinating it."""
    if (
        dossier.step is None
        or dossier.step.rule.get("kind") != "signoff"
        or dossier.status != Dossier.Status.OPEN
    ):
        return False
    sectors = criterion_sectors(dossier.set_code).get(criterion_code)
    if sectors is None:
        return False
    return is_system(actor) or rules.can_sign_off(actor, dossier.unit, sectors)


@transaction.atomic
def sign_off(*, actor, dossier: Dossier, criterion_code: str, agree: bool, reason: str = "") -> SignOff:
    if not may_sign(actor, dossier, criterion_code):
        raise PermissionDenied(_("Bạn không thẩm định tiêu chí này."))
    reason = _note(reason)
    if not agree and not reason:
        raise DossierRefused(_("Hãy ghi lý do không thống nhất."))
    previous = latest_signoffs(dossier).get(criterion_code)
    signoff = SignOff.objects.create(
        dossier=dossier, criterion_code=criterion_code, agree=agree, reason=reason, user=person(actor)
    )
    log_event(
        actor,
        dossier,
        "signoff",
        note=reason,
        data={"criterion": criterion_code, "agree": agree},
        old={"agree": previous.agree} if previous else None,
        label=criterion_code,
    )
    return signoff


@dataclass(frozen=True)
class Change:
    code: str
    what: str  # "value" or "status"
    old: object
    new: object
    at: datetime.datetime
    actor: str


def changes_after_signoff(dossier: Dossier) -> list[Change]:
    """The unit's values and recorded statuses for the dossier's set and year written after the first
    sector sign-off (each new version with the one it replaced): the data the appraisal saw changed."""
    first = dossier.signoffs.order_by("at").values_list("at", flat=True).first()
    if first is None:
        return []
    changes = []
    values = IndicatorValue.objects.filter(
        unit=dossier.unit, set_code=dossier.set_code, year=dossier.year, created_at__gt=first
    ).order_by("created_at", "id")
    for row in values:
        before = (
            IndicatorValue.objects.filter(
                unit=row.unit_id,
                set_code=row.set_code,
                period=row.period,
                indicator_code=row.indicator_code,
                disaggregation=row.disaggregation,
                version__lt=row.version,
            )
            .order_by("-version")
            .first()
        )
        changes.append(
            Change(
                row.indicator_code,
                "value",
                before.value if before else None,
                row.value,
                row.created_at,
                row.actor,
            )
        )
    statuses = CriterionStatus.objects.filter(
        unit=dossier.unit, set_code=dossier.set_code, year=dossier.year, created_at__gt=first
    ).order_by("created_at", "id")
    for status in statuses:
        earlier = (
            CriterionStatus.objects.filter(
                unit=status.unit_id,
                set_code=status.set_code,
                year=status.year,
                criterion_code=status.criterion_code,
                version__lt=status.version,
            )
            .order_by("-version")
            .first()
        )
        changes.append(
            Change(
                status.criterion_code,
                "status",
                earlier.met if earlier else None,
                status.met,
                status.created_at,
                status.actor,
            )
        )
    return changes


@transaction.atomic
def close_on(*, actor, dossier: Dossier, decision: Decision, note: str = "") -> Dossier:
    """Close the dossier at its decision step on a recognition already recorded for the unit under
    the dossier's set (entered on the decisions page before the dossier reached this step)."""
    dossier = (
        Dossier.objects.select_for_update(of=("self",)).select_related("unit", "step").get(pk=dossier.pk)
    )
    step = dossier.step
    if step is None or not may_act(actor, dossier) or step.rule.get("kind") != "decision":
        raise PermissionDenied(_("Bước này không do bạn thực hiện."))
    if (decision.unit_id, decision.set_code, decision.kind) != (
        dossier.unit_id,
        dossier.set_code,
        Decision.Kind.RECOGNISE,
    ):
        raise DossierRefused(
            _("Quyết định này không phải quyết định công nhận đơn vị theo bộ tiêu chí của hồ sơ.")
        )
    note = _note(note)
    log_event(
        actor,
        dossier,
        "advance",
        note=note,
        data={"step": step.code, "number": decision.number, "date": decision.date.isoformat()},
    )
    dossier.decision, dossier.status = decision, Dossier.Status.DECIDED
    dossier.save(update_fields=["decision", "status"])
    notices.moved(actor, dossier)
    return dossier
