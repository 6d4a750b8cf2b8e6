"""Reads of plans and activities for pages, reports and the API. Progress of targets: progress.py."""

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Q, Sum

from ntm.accounts.scope import visible
from ntm.units.models import AdminUnit

from .models import Activity, CountMode, Plan, Programme, Target, TargetActual


def plans_for(user, *, year: int | None = None, unit: AdminUnit | None = None):
    """Plans `user` may read, newest first; `unit` narrows to plans of that unit and the units below."""
    qs = Plan.objects.select_related("unit", "unit__parent").annotate(target_count=Count("targets"))
    qs = visible(user, qs, above=True)
    if year:
        qs = qs.filter(year=year)
    if unit is not None:
        qs = qs.filter(unit__path__startswith=unit.path)
    return qs.order_by("-year", "unit__level", "unit__name", "title")


def programmes_for(user, *, unit: AdminUnit | None = None):
    """Programmes the user may read (their unit's, and those of the units above, as for plans),
    with the number of targets and of linked annual plans."""
    qs = visible(user, Programme.objects.select_related("unit"), above=True)
    if unit is not None:
        qs = qs.filter(unit__path__startswith=unit.path)
    return qs.annotate(target_count=Count("targets", distinct=True), plan_count=Count("plans", distinct=True))


def actual_history(target: Target) -> list[TargetActual]:
    """Every entered version of a target's actual, newest first."""
    return list(target.actuals.select_related("author").order_by("-version"))


@dataclass
class ActivityTotals:
    kind: str
    label: str
    records: int
    sessions: int
    participants: int


@dataclass
class ActivitySummary:
    unit: AdminUnit
    start: datetime.date | None
    end: datetime.date | None
    by_kind: list[ActivityTotals] = field(default_factory=list)
    sessions: int = 0
    participants: int = 0
    rows: list[Activity] = field(default_factory=list)


def activities_in(
    actor, unit: AdminUnit, start: datetime.date | None = None, end: datetime.date | None = None
):
    """Activities of `unit` and the units below, that `actor` may read, whose period overlaps [start, end]."""
    qs = Activity.objects.filter(unit__path__startswith=unit.path).select_related("unit")
    qs = visible(actor, qs, above=True)
    if start:
        qs = qs.filter(period_end__gte=start)
    if end:
        qs = qs.filter(period_start__lte=end)
    return qs


def activity_summary(
    actor, unit: AdminUnit, start: datetime.date | None = None, end: datetime.date | None = None
) -> ActivitySummary:
    """Counts of sessions and participants by kind (e.g. 140 classes, 7,200 officials), and the rows."""
    qs = activities_in(actor, unit, start, end)
    summary = ActivitySummary(unit=unit, start=start, end=end, rows=list(qs))
    totals = qs.values("kind").annotate(
        records=Count("id"), sessions=Sum("sessions"), participants=Sum("participants")
    )
    labels = dict(Activity.Kind.choices)
    for row in sorted(totals, key=lambda r: list(labels).index(r["kind"])):
        summary.by_kind.append(
            ActivityTotals(
                row["kind"], str(labels[row["kind"]]), row["records"], row["sessions"], row["participants"]
            )
        )
        summary.sessions += row["sessions"]
        summary.participants += row["participants"]
    return summary


def units_for_targets(plan: Plan):
    """Units a target of `plan` may name: the plan's unit and everything below it in force at some
    time of the plan's year."""
    first, last = datetime.date(plan.year, 1, 1), datetime.date(plan.year, 12, 31)
    return (
        AdminUnit.objects.filter(path__startswith=plan.unit.path)
        .filter(Q(valid_from__isnull=True) | Q(valid_from__lte=last))
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=first))
        .select_related("parent")
        .order_by("level", "name")
    )


def trend_targets(units) -> list[dict]:
    """Plan targets a trend overlays on its actuals, one per (year, set): for a unit with plans, its
    average-criteria target and its target count of units at the standard by the end of the year;
    for a unit a target names as its subject, the number of criteria it is to meet. `kind` says
    which actual a target sits beside: "average", "standard_met" or "met" (criteria met)."""
    out = []
    own = Target.objects.filter(
        plan__unit__in=units, target_value__isnull=False, parent__isnull=True
    ).exclude(set_code="")
    for target in own.select_related("plan").order_by("plan__year", "id"):
        if target.plan is None:
            continue
        if target.kind == Target.Kind.AVERAGE_CRITERIA:
            kind = "average"
        elif target.kind == Target.Kind.UNITS_AT_STANDARD and target.count_mode == CountMode.TOTAL:
            kind = "standard_met"
        else:
            continue
        out.append(
            {"year": target.plan.year, "set": target.set_code, "kind": kind, "value": target.target_value}
        )
    named = Target.objects.filter(
        subject__in=units, kind=Target.Kind.UNIT_CRITERIA, target_value__isnull=False
    ).exclude(set_code="")
    for target in named.select_related("plan", "subject").order_by("plan__year", "id"):
        if target.plan is None:  # a programme's target: not a year's
            continue
        out.append(
            {
                "year": target.plan.year,
                "set": target.set_code,
                "kind": "met",
                "unit": target.subject,
                "value": target.target_value,
            }
        )
    return out
