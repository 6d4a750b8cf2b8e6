"""Rounds move through their states here, and only here; every step is audited in its transaction
(action "round.<step>", old and new state, the comment or reason), so a round's history is its
audit trail.

    chưa bắt đầu / đang làm / trả lại --submit--> đã gửi --return (comment)--> trả lại
                                                  đã gửi --approve--> đã duyệt --reopen (reason)--> đang làm

Submitting freezes the report: the progress report (with, above communes, the list of children it
summed and those missing) is rendered to XLSX, stored in the "reports" storage with its sha256, and
the figures behind it are kept as JSON on the round. A resubmission stores a new file; the earlier
one stays where the audit record of its submission names it.
"""

import datetime
import hashlib
import json

from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from ntm import storage
from ntm.accounts.actors import person
from ntm.audit import services as audit
from ntm.core.values import REASON_FIELD, REASON_MAX, RefusedValue, check_text
from ntm.indicators.models import CriterionStatus, IndicatorValue
from ntm.reports.document import Paragraph, Row
from ntm.reports.progress_report import build_progress_report
from ntm.reports.render import render

from . import calendar, notices, selectors
from .models import SECTIONS, ReportKind, Round
from .permissions import may_announce, may_review, may_submit

FMT = "xlsx"
SUBMITTABLE = {Round.State.NOT_STARTED, Round.State.IN_PROGRESS, Round.State.RETURNED}


class RoundError(ValueError):
    """A step the round's state does not allow, or input it needs: nothing was changed."""


def _check(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied("Bạn không có quyền thực hiện bước này của đợt báo cáo.")


def _is_system(actor) -> bool:
    return person(actor) is None


def round_for(
    unit, kind: ReportKind, period_code: str, *, is_demo: bool = False, deadline: datetime.date | None = None
) -> Round:
    """The round of (unit, kind, period), made "not started" on first use (PeriodInvalid: bad period),
    due on `deadline` if given, else on the calendar's deadline."""
    period = calendar.period_for(kind, period_code)
    found = Round.objects.filter(unit=unit, kind=kind, period=period.code).first()
    if found is not None:
        return found
    return Round.objects.create(
        unit=unit,
        kind=kind,
        period=period.code,
        year=calendar.locked_year(period),
        deadline=deadline or calendar.deadline(kind, period),
        is_demo=is_demo,
    )


@transaction.atomic
def announce(
    *,
    actor,
    parent,
    kind: ReportKind,
    period_code: str,
    is_demo: bool = False,
    units=None,
    deadline: datetime.date | None = None,
) -> list[Round]:
    """Open the rounds of `parent` and of the districts and communes under it in force at the end
    of the period — all of them, or those of `units` — due on `deadline` (default: the calendar's).
    A province announcing a round, ad hoc or periodic. Idempotent: a round that exists is kept as it is."""
    if not _is_system(actor):
        _check(may_announce(actor, parent))
    period = calendar.period_for(kind, period_code)
    below = list(selectors.reporting_units(parent, period.end))
    if units is not None:
        chosen = {unit.pk for unit in units}
        if not chosen <= {unit.pk for unit in below}:
            raise RoundError("Chỉ chọn được các đơn vị thuộc địa bàn, còn hiệu lực trong kỳ báo cáo.")
        if not chosen:
            raise RoundError("Hãy chọn ít nhất một đơn vị phải báo cáo.")
        below = [unit for unit in below if unit.pk in chosen]
    if deadline is not None and deadline < period.start:
        raise RoundError("Hạn nộp phải sau ngày bắt đầu kỳ báo cáo.")
    rounds = [
        round_for(unit, kind, period.code, is_demo=is_demo, deadline=deadline) for unit in [parent, *below]
    ]
    audit.record(
        actor=actor,
        action="round.announce",
        object_type="rounds.announce",
        object_id=str(parent.pk),
        label=f"{kind.name} {period.code} – {parent.name}",
        new={
            "units": len(rounds),
            "deadline": (deadline or rounds[0].deadline).isoformat(),
            "chosen": None if units is None else sorted(unit.code for unit in below),
        },
    )
    notices.announced(actor, rounds[1:])
    return rounds


def _move(actor, round_: Round, action: str, state: str, *, reason: str = "", **fields) -> Round:
    old = {"state": round_.state}
    round_.state = state
    for name, value in fields.items():
        setattr(round_, name, value)
    round_.save()
    kept = ("sha256", "document", "comment", "section_comments")
    new = {"state": state} | {k: v for k, v in fields.items() if k in kept}
    audit.record(actor=actor, action=action, obj=round_, old=old, new=new, reason=reason)
    notices.stepped(actor, round_, action)
    return round_


@transaction.atomic
def start(*, actor, round_: Round) -> Round:
    """The unit begins work on its report (not started → in progress)."""
    round_ = _locked(round_)
    if not _is_system(actor):
        _check(may_submit(actor, round_.unit))
    if round_.state != Round.State.NOT_STARTED:
        raise RoundError("Đợt báo cáo này đã bắt đầu.")
    return _move(actor, round_, "round.start", Round.State.IN_PROGRESS)


def _locked(round_: Round) -> Round:
    rows = Round.objects.select_for_update(of=("self",)).select_related("unit", "unit__parent", "kind")
    return rows.get(pk=round_.pk)


def freeze(round_: Round, *, today: datetime.date | None = None) -> tuple[bytes, dict]:
    """The report as submitted now: the rendered file and the figures behind it."""
    period = calendar.parse(round_.period)
    report = build_progress_report(round_.unit, period, today=today)
    children = selectors.consolidation(round_)
    if children.units:
        report.blocks.append(Paragraph("IV. TỔNG HỢP BÁO CÁO CỦA CÁC ĐƠN VỊ CẤP DƯỚI", "h1"))
        report.blocks.append(
            Paragraph(
                f"Đã tổng hợp {len(children.summed)} báo cáo đã duyệt; còn thiếu {len(children.missing)} "
                "đơn vị (chưa gửi hoặc chưa được duyệt).",
            )
        )
        report.appendices.append(selectors.consolidation_table(children))
    report.filename = f"dot-bao-cao-{round_.unit.code}-{round_.period}-{round_.kind.code}"
    data = render(report, FMT)
    figures = {
        "unit": {"id": round_.unit.pk, "code": round_.unit.code, "name": round_.unit.name},
        "kind": round_.kind.code,
        "period": round_.period,
        "values": _values(round_),
        "statuses": _statuses(round_),
        "tables": [{"title": t.title, "rows": [_cells(row) for row in t.rows]} for t in report.tables],
        "children": {
            "summed": [c.as_dict() for c in children.summed],
            "missing": [c.as_dict() for c in children.missing],
        },
    }
    return data, json.loads(json.dumps(figures, default=str))


def _cells(row: Row) -> list:
    return [c if isinstance(c, int | float | str) or c is None else str(c) for c in row.cells]


def _values(round_: Round) -> dict:
    rows = IndicatorValue.objects.filter(unit=round_.unit, year=round_.year, is_current=True)
    out: dict = {}
    for set_code, code, value, version in rows.values_list("set_code", "indicator_code", "value", "version"):
        out.setdefault(set_code, {})[code] = {"value": value, "version": version}
    return out


def _statuses(round_: Round) -> dict:
    rows = CriterionStatus.objects.filter(unit=round_.unit, year=round_.year, is_current=True)
    out: dict = {}
    for set_code, code, met, version in rows.values_list("set_code", "criterion_code", "met", "version"):
        out.setdefault(set_code, {})[code] = {"met": met, "version": version}
    return out


def submit(*, actor, round_: Round, now: datetime.datetime | None = None) -> Round:
    """Freeze the report and send it up. The file is stored first, then the row and its audit in
    one transaction; if those fail, the file is removed again (`storage.kept_with_row`)."""
    if not _is_system(actor):
        _check(may_submit(actor, round_.unit))
    if round_.state not in SUBMITTABLE:
        raise RoundError(f"Không gửi được: đợt báo cáo đang ở trạng thái “{round_.get_state_display()}”.")
    now = now or timezone.now()
    data, figures = freeze(round_, today=timezone.localtime(now).date())
    digest = hashlib.sha256(data).hexdigest()
    name = f"rounds/{round_.year}/{round_.unit.code or round_.unit.pk}-{round_.period}-{digest[:16]}.{FMT}"
    reports = storage.named("reports")
    with storage.kept_with_row(reports, name, ContentFile(data)) as stored, transaction.atomic():
        current = _locked(round_)
        if current.state not in SUBMITTABLE:
            raise RoundError("Đợt báo cáo vừa được người khác gửi.")
        round_ = _move(
            actor,
            current,
            "round.submit",
            Round.State.SUBMITTED,
            submitted_at=now,
            first_submitted_at=current.first_submitted_at or now,
            submitted_by=person(actor),
            document=stored,
            filename=f"dot-bao-cao-{current.unit.code}-{current.period}-{current.kind.code}.{FMT}",
            sha256=digest,
            figures=figures,
        )
    return round_


def open_document(round_: Round):
    """The frozen file of the round, opened for reading (None when nothing was submitted)."""
    if not round_.document:
        return None
    return storage.open_file(storage.named("reports"), round_.document)


@transaction.atomic
def return_round(*, actor, round_: Round, comment: str, sections: dict[str, str] | None = None) -> Round:
    """Return a submitted report with a general comment and/or comments on its sections
    (`SECTIONS` keys); at least one of them."""
    round_ = _locked(round_)
    if not _is_system(actor):
        _check(may_review(actor, round_.unit))
    comment = _text(comment)
    known = dict(SECTIONS)
    notes = {key: _text(text) for key, text in (sections or {}).items() if key in known}
    notes = {key: text for key, text in notes.items() if text}
    if not comment and not notes:
        raise RoundError("Hãy ghi nhận xét: đơn vị cần biết phải sửa gì.")
    if round_.state != Round.State.SUBMITTED:
        raise RoundError("Chỉ trả lại được báo cáo đã gửi.")
    return _move(
        actor,
        round_,
        "round.return",
        Round.State.RETURNED,
        reason=comment or "; ".join(f"{known[key]}: {text}" for key, text in notes.items()),
        comment=comment,
        section_comments=notes,
        reviewed_at=timezone.now(),
        reviewed_by=person(actor),
        reviewer=_name(actor),
    )


def _text(text: str) -> str:
    """A comment or reason as typed, checked like every reason (length, no control characters)."""
    try:
        return check_text(REASON_FIELD, text or "", REASON_MAX)
    except RefusedValue as exc:
        raise RoundError(exc.text(gettext)) from None


def _name(actor) -> str:
    user = person(actor)
    return str(user) if user else str(actor)


@transaction.atomic
def approve(*, actor, rounds: list[Round]) -> list[Round]:
    """Approve one or many submitted rounds, all or nothing; each locks its unit's data of its year."""
    done = []
    for round_ in rounds:
        round_ = _locked(round_)
        if not _is_system(actor):
            _check(may_review(actor, round_.unit))
        if round_.state != Round.State.SUBMITTED:
            raise RoundError(f"{round_.unit.name}: chỉ duyệt được báo cáo đã gửi.")
        done.append(
            _move(
                actor,
                round_,
                "round.approve",
                Round.State.APPROVED,
                comment="",
                section_comments={},
                reviewed_at=timezone.now(),
                reviewed_by=person(actor),
                reviewer=_name(actor),
            )
        )
    return done


@transaction.atomic
def reopen(*, actor, round_: Round, reason: str) -> Round:
    """The approver unlocks the data (approved → in progress), with a reason kept in the history."""
    round_ = _locked(round_)
    if not _is_system(actor):
        _check(may_review(actor, round_.unit))
    reason = _text(reason)
    if not reason:
        raise RoundError("Hãy ghi lý do mở lại đợt báo cáo.")
    if round_.state != Round.State.APPROVED:
        raise RoundError("Chỉ mở lại được báo cáo đã duyệt.")
    return _move(actor, round_, "round.reopen", Round.State.IN_PROGRESS, reason=reason, comment=reason)


@transaction.atomic
def edit_kind(*, actor, kind: ReportKind, **fields) -> ReportKind:
    """Change a report kind of the calendar (administrators), audited."""
    old = {name: getattr(kind, name) for name in fields}
    for name, value in fields.items():
        setattr(kind, name, value)
    kind.full_clean()
    kind.save()
    audit.record(actor=actor, action="round.kind.edit", obj=kind, old=old, new=fields)
    return kind
