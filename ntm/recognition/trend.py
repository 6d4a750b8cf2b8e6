"""The trend of one parent unit across years: one point per year, read from its roll-ups; and the
trend of one commune: its own assessments and its predecessors' (`unit_points`).

The number of units recognised (under the standard, on 31/12 of the year) is kept on the roll-up
(`Rollup.recognised`). Counting it means reading every decision below the parent, which at national
scale cost more than the rest of the page, and it changes only when a decision is recorded:
`forget_recognitions` clears it for the years the decision reaches, and the next read counts it
again. The count is written under a row lock and only where it is still cleared, so a decision
recorded while a page counts clears the new figure instead of being overwritten by it."""

import datetime

from django.db import transaction

from ntm.indicators.engine import catalog, child_sets, same_standard
from ntm.indicators.models import Assessment, Rollup
from ntm.indicators.rollups import units_counted

from .selectors import recognised_units

TREND_COLUMNS: tuple[str, ...] = (
    "parent_id",
    "set_code",
    "year",
    "units_total",
    "units_assessed",
    "standard_met",
)
TREND_COLUMNS += ("criteria_met_sum", "recognised")  # not the per-criterion and band JSON


def points(parent, years) -> list[dict]:
    """A point per year with assessed units below `parent`, under the set its children follow."""
    wanted = {}
    for year in years:
        sets = child_sets(parent, year)
        if sets:
            wanted[year] = sets[0]
    found = {
        (r.year, r.set_code): r
        for r in Rollup.objects.filter(parent=parent, year__in=list(wanted)).only(*TREND_COLUMNS)
    }
    rollups = [found[key] for key in wanted.items() if key in found and found[key].units_assessed]
    _count_recognised(parent, [r for r in rollups if r.recognised is None])
    return [
        {
            "year": r.year,
            "set": r.set_code,
            "average": round(r.criteria_met_sum / r.units_assessed, 2),
            "standard_met": r.standard_met,
            "assessed": r.units_assessed,
            "total": r.units_total,
            "criteria_total": len(catalog().get(r.set_code).criteria),
            "recognised": r.recognised,
        }
        for r in rollups
    ]


def unit_points(units, years) -> list[dict]:
    """A point per assessment of `units` (a commune and the predecessors it was formed from) in
    `years`, under every set it was assessed by, oldest first: the commune's history across the
    2025 reorganisation, each point naming the unit it measured. A set with no criteria yet (a
    framework still without content) measures nothing and is left out."""
    assessments = list(
        Assessment.objects.filter(unit__in=units, year__in=list(years), criteria_total__gt=0)
        .select_related("unit")
        .only("unit", "set_code", "year", "criteria_met", "criteria_total", "standard_met")
        .order_by("year", "set_code", "unit__name")
    )
    recognised: dict[tuple[str, int], set[int]] = {}
    for set_code, year in {(a.set_code, a.year) for a in assessments}:
        on = datetime.date(year, 12, 31)
        recognised[(set_code, year)] = set(recognised_units(units, same_standard(set_code), on))
    return [
        {
            "year": a.year,
            "set": a.set_code,
            "unit": a.unit,
            "met": a.criteria_met,
            "criteria_total": a.criteria_total,
            "standard_met": a.standard_met,
            "recognised": a.unit_id in recognised[(a.set_code, a.year)],
        }
        for a in assessments
    ]


def _count_recognised(parent, rollups: list[Rollup]) -> None:
    if not rollups:
        return
    with transaction.atomic():
        still_cleared = set(
            Rollup.objects.select_for_update()
            .filter(pk__in=[r.pk for r in rollups], recognised__isnull=True)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        for rollup in rollups:
            units = units_counted(parent, rollup.set_code, rollup.year)
            on = datetime.date(rollup.year, 12, 31)
            rollup.recognised = len(recognised_units(units, same_standard(rollup.set_code), on))
            if rollup.pk in still_cleared:
                Rollup.objects.filter(pk=rollup.pk).update(recognised=rollup.recognised)


def forget_recognitions(set_code: str, from_year: int) -> int:
    """Clear the recognised counts a decision under `set_code` dated in `from_year` can change."""
    return Rollup.objects.filter(set_code__in=same_standard(set_code), year__gte=from_year).update(
        recognised=None
    )
