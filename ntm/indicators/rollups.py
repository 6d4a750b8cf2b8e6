"""Roll-ups kept current on every write: for each parent unit (and the whole country, parent None),
set and year, the number of units assessed and meeting the standard, the criteria met, the units
meeting each criterion and the banding.

A unit counts under its own ancestors and, through the 2025 lineage, under the ancestors of its
counterparts in the other era, so a year can be read on pre-reform or post-reform boundaries.
Updates are incremental (old assessment out, new one in); `rebuild` recomputes from scratch and is
what bulk imports call.
"""

from django.db.models import Q

from ntm.units.models import AdminUnit, Kind

from .engine import catalog, year_era_date
from .models import Assessment, Rollup

BAND_19 = (("19", 19, 19), ("15–18", 15, 18), ("10–14", 10, 14), ("5–9", 5, 9), ("<5", 0, 4))
COUNTED_KINDS = {
    "commune": [Kind.COMMUNE],
    "village": [Kind.VILLAGE, Kind.RESIDENTIAL_GROUP],
    "township": [Kind.TOWNSHIP],
    "district": [Kind.DISTRICT, Kind.TOWN, Kind.PROVINCIAL_CITY],
}


def band_of(met: int, total: int) -> str:
    """Banding of the program's reports (19 / 15–18 / 10–14 / 5–9 / under 5), by share for other sizes."""
    if total == 19:
        return next(label for label, low, high in BAND_19 if low <= met <= high)
    if met == total:
        return "100%"
    share = met / total if total else 0
    return "≥75%" if share >= 0.75 else "≥50%" if share >= 0.5 else "≥25%" if share >= 0.25 else "<25%"


def band_labels(total: int) -> list[str]:
    return [label for label, _l, _h in BAND_19] if total == 19 else ["100%", "≥75%", "≥50%", "≥25%", "<25%"]


def _ancestor_ids(unit: AdminUnit) -> list[int]:
    return [int(part) for part in unit.path.strip("/").split("/")[:-1]]


def rollup_parent_ids(unit: AdminUnit) -> set[int | None]:
    """Own ancestors, plus the ancestors of lineage counterparts in the other era, plus the country."""
    ids: set[int | None] = {None, *_ancestor_ids(unit)}
    counterparts = AdminUnit.objects.filter(
        Q(predecessor_links__predecessor=unit) | Q(successor_links__successor=unit)
    ).values_list("path", flat=True)
    for path in counterparts:
        ids.update(int(part) for part in path.strip("/").split("/")[:-1])
    return ids


def units_counted(parent: AdminUnit | None, set_code: str, year: int):
    """The units a roll-up counts: the set's kind of unit in force in the year, under `parent` on
    either era's boundaries."""
    cset = catalog().get(set_code)
    day = year_era_date(year)
    qs = AdminUnit.objects.as_of(day).filter(kind__in=COUNTED_KINDS[cset.level])
    if parent is None:
        return qs
    same_era = parent.in_force_on(day)
    if same_era:
        return qs.filter(path__startswith=parent.path)
    return qs.filter(
        Q(successor_links__successor__path__startswith=parent.path)
        | Q(predecessor_links__predecessor__path__startswith=parent.path)
    ).distinct()


def _empty(parent_id, set_code, year) -> Rollup:
    parent = AdminUnit.objects.get(pk=parent_id) if parent_id else None
    return Rollup(
        parent=parent,
        set_code=set_code,
        year=year,
        units_total=units_counted(parent, set_code, year).count(),
        units_assessed=0,
        standard_met=0,
        criteria_met_sum=0,
        per_criterion={},
        bands={},
    )


def shift(rollup: Rollup, assessment: Assessment, sign: int) -> None:
    rollup.units_assessed += sign
    rollup.standard_met += sign * int(assessment.standard_met)
    rollup.criteria_met_sum += sign * assessment.criteria_met
    for code in assessment.met_criteria:
        rollup.per_criterion[code] = rollup.per_criterion.get(code, 0) + sign
    band = band_of(assessment.criteria_met, assessment.criteria_total)
    rollup.bands[band] = rollup.bands.get(band, 0) + sign


def apply_change(unit: AdminUnit, old: Assessment | None, new: Assessment) -> None:
    """Move one unit's contribution from its old assessment to its new one in every roll-up above it."""
    parent_ids = rollup_parent_ids(unit)
    existing = {
        r.parent_id: r
        for r in Rollup.objects.select_for_update().filter(
            Q(parent_id__in=[p for p in parent_ids if p]) | Q(parent__isnull=True),
            set_code=new.set_code,
            year=new.year,
        )
        if r.parent_id in parent_ids
    }
    for parent_id in parent_ids:
        rollup = existing.get(parent_id) or _empty(parent_id, new.set_code, new.year)
        if old is not None:
            shift(rollup, old, -1)
        shift(rollup, new, +1)
        rollup.save()


def rebuild(parent: AdminUnit | None, set_code: str, year: int) -> Rollup:
    """Recompute one roll-up from the assessments of the units it counts."""
    rollup = Rollup.objects.filter(parent=parent, set_code=set_code, year=year).first() or _empty(
        parent.pk if parent else None, set_code, year
    )
    units = units_counted(parent, set_code, year)
    rollup.units_total = units.count()
    rollup.units_assessed = rollup.standard_met = rollup.criteria_met_sum = 0
    rollup.per_criterion, rollup.bands = {}, {}
    for assessment in Assessment.objects.filter(unit__in=units.values("pk"), set_code=set_code, year=year):
        shift(rollup, assessment, +1)
    rollup.save()
    return rollup


def rebuild_all(set_code: str, year: int) -> int:
    """Recompute every roll-up of a set and year that has at least one assessed unit below it."""
    parents: set[int | None] = set()
    for unit in AdminUnit.objects.filter(assessments__set_code=set_code, assessments__year=year):
        parents |= rollup_parent_ids(unit)
    units = AdminUnit.objects.in_bulk([p for p in parents if p])
    for parent_id in parents:
        rebuild(units.get(parent_id) if parent_id else None, set_code, year)
    return len(parents)
