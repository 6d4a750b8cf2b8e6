"""Criterion results recorded on the data-entry page.

A criterion whose indicators are not (all) known — every criterion of `xa-ntm-2026` today — cannot
be computed, so the office records its result (đạt / chưa đạt, or clears it) with a reason. The
write goes through `services.record_statuses`, as the API's: permission per criterion, the version
check (a stale form is refused with who recorded what since), the audit record and the
re-evaluation of the assessment and roll-ups, all in one transaction."""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from ntm.indicators.models import CriterionStatus
from ntm.indicators.services import record_statuses
from ntm.indicators.versions import InvalidInput

CHOICES = {"met": True, "not_met": False, "clear": None}  # "" (or anything else): leave as it is


@dataclass(frozen=True)
class StatusRow:
    criterion: dict  # the engine's criterion result (code, names, status, recorded_status…)
    current: CriterionStatus | None  # the recorded version the form was opened with
    editable: bool
    chosen: str  # the choice posted, kept when the save is refused


def recordable(cset) -> list:
    """Criteria whose result is recorded rather than computed: no, or not all, indicators known."""
    return [c for c in cset.criteria if not c.complete or not c.indicators]


def current_statuses(unit, set_code: str, year: int, moment=None) -> dict[str, CriterionStatus]:
    rows = CriterionStatus.objects.at(moment).filter(unit=unit, set_code=set_code, year=year)
    return {s.criterion_code: s for s in rows.select_related("author")}


def status_rows(cset, evaluation: dict, current: dict, editable: set[str], posted) -> list[StatusRow]:
    codes = {c.code for c in recordable(cset)}
    return [
        StatusRow(
            criterion=criterion,
            current=current.get(criterion["code"]),
            editable=criterion["code"] in editable,
            chosen=posted.get(f"s_{criterion['code']}", "") if posted else "",
        )
        for criterion in evaluation["criteria"]
        if criterion["code"] in codes
    ]


def save_statuses(*, request, unit, cset, year: int) -> int:
    """Record the results chosen on the form; how many changed. Raises InvalidInput (reason missing,
    unknown choice), ValueConflict (a stale form) or PermissionDenied, and then writes nothing."""
    codes = {c.code for c in recordable(cset)}
    statuses, versions = {}, {}
    for code in sorted(codes):
        choice = request.POST.get(f"s_{code}", "")
        if choice not in CHOICES:
            continue
        statuses[code] = CHOICES[choice]
        versions[code] = form_version(request.POST.get(f"sver_{code}", ""))
    if not statuses:
        return 0
    reason = request.POST.get("reason", "")
    if not reason.strip():
        raise InvalidInput({"reason": _("Hãy ghi lý do ghi nhận kết quả tiêu chí (căn cứ, văn bản).")})
    written = record_statuses(
        actor=request.user,
        unit=unit,
        set_code=cset.code,
        year=year,
        statuses=statuses,
        source=request.POST.get("source", ""),
        reason=reason,
        expected_versions=versions,
    )
    return len(written)


def form_version(text: str) -> int:
    """The version a form was opened with; anything but digits reads as "none seen" (0), which the
    save refuses as a conflict when a value or result exists."""
    text = text.strip()
    return int(text) if text.isascii() and text.isdigit() else 0
