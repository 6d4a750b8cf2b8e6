"""Roll-ups kept current on every write: for each parent unit (and the whole country, parent None),
set and year, the number of units assessed and meeting the standard, the criteria met, the units
meeting each criterion and the banding.

A unit counts under its own ancestors and, through the 2025 lineage, under the ancestors of its
counterparts in the other era, so a year can be read on pre-reform or post-reform boundaries.
Updates are incremental (old assessment out, new one in); `rebuild` recomputes one from scratch,
`rebuild_all` every one of a set and year inside the database (`rollup_sql`): what bulk paths call.
"""

from contextlib import contextmanager
from types import SimpleNamespace

from django.db import connection
from django.db.models import Q
from django.utils import timezone

from ntm.units.models import AdminUnit, Kind, LineageLink

from . import rollup_sql
from .engine import catalog, year_era_date
from .models import Assessment, Rollup

IN_CHUNK = 2000  # ids per IN (...) list
COUNTING_COLUMNS = (  # what `shift` reads
    "criteria_met",
    "criteria_total",
    "standard_met",
    "met_criteria",
    "standard_provisional",
    "provisional_criteria",
)
# What counting assessments changes; `recognised` is left alone (decisions change it: trend.py).
COUNTED_COLUMNS = (
    "units_total",
    "units_assessed",
    "standard_met",
    "criteria_met_sum",
    "per_criterion",
    "standard_provisional",
    "per_criterion_provisional",
    "bands",
)

BAND_19 = (("19", 19, 19), ("15–18", 15, 18), ("10–14", 10, 14), ("5–9", 5, 9), ("<5", 0, 4))
# other sizes: all met, then by share of criteria met (label, numerator, denominator), then the rest
BAND_ALL, BAND_LOW = "100%", "<25%"
BAND_SHARES = (("≥75%", 3, 4), ("≥50%", 1, 2), ("≥25%", 1, 4))
COUNTED_KINDS = {
    "commune": [Kind.COMMUNE],
    "village": [Kind.VILLAGE, Kind.RESIDENTIAL_GROUP],
    "township": [Kind.TOWNSHIP],
    "district": [Kind.DISTRICT, Kind.TOWN, Kind.PROVINCIAL_CITY],
    "province": [Kind.PROVINCE, Kind.CITY],
}


def band_of(met: int, total: int) -> str:
    """Banding of the program's reports (19 / 15–18 / 10–14 / 5–9 / under 5), by share for other sizes."""
    if total == 19:
        return next(label for label, low, high in BAND_19 if low <= met <= high)
    if met == total:
        return BAND_ALL
    # met / total >= num / den, in integers (`band_case` says the same in SQL)
    return next((label for label, num, den in BAND_SHARES if total and met * den >= total * num), BAND_LOW)


def band_case(met: str, total: str) -> tuple[str, dict]:
    """`band_of` as a SQL CASE expression over the columns `met` and `total`, with its parameters."""
    params = {f"band_{n}": label for n, label in enumerate([*band_labels(19), *band_labels(0)])}
    n19 = len(BAND_19)
    case = [f"CASE WHEN {total} = 19 THEN CASE"]
    case += [f"WHEN {met} >= {low} THEN %(band_{n})s" for n, (_label, low, _high) in enumerate(BAND_19)]
    case += ["END", f"WHEN {met} = {total} THEN %(band_{n19})s"]
    case += [
        f"WHEN {total} > 0 AND {met} * {den} >= {total} * {num} THEN %(band_{n19 + 1 + n})s"
        for n, (_label, num, den) in enumerate(BAND_SHARES)
    ]
    case += [f"ELSE %(band_{n19 + 1 + len(BAND_SHARES)})s END"]
    return " ".join(case), params


def band_labels(total: int) -> list[str]:
    if total == 19:
        return [label for label, _l, _h in BAND_19]
    return [BAND_ALL, *(label for label, _n, _d in BAND_SHARES), BAND_LOW]


def _ancestor_ids(unit: AdminUnit) -> list[int]:
    return [int(part) for part in unit.path.strip("/").split("/")[:-1]]


def rollup_parent_ids(unit: AdminUnit) -> set[int | None]:
    """Own ancestors, plus the ancestors of lineage counterparts in the other era, plus the country."""
    ids: set[int | None] = {None, *_ancestor_ids(unit)}
    for path in _counterpart_paths([unit.pk]).get(unit.pk, ()):
        ids.update(_path_ids(path)[:-1])
    return ids


def _path_ids(path: str) -> list[int]:
    return [int(part) for part in path.strip("/").split("/")]


def _counterpart_paths(unit_ids) -> dict[int, list[str]]:
    """Paths of each unit's lineage counterparts (its successors and its predecessors), by unit id.

    Two indexed lookups on the link table in one query: the same units as filtering the unit table
    on `Q(predecessor_links__predecessor=…) | Q(successor_links__successor=…)`, whose OR across two
    joins took ~40 ms a unit on SQLite and ~60 ms on PostgreSQL with the national unit list."""
    paths: dict[int, list[str]] = {}
    ids = list(unit_ids)
    for start in range(0, len(ids), IN_CHUNK):
        chunk = ids[start : start + IN_CHUNK]
        successors = LineageLink.objects.filter(predecessor_id__in=chunk).values_list(
            "predecessor_id", "successor__path"
        )
        predecessors = LineageLink.objects.filter(successor_id__in=chunk).values_list(
            "successor_id", "predecessor__path"
        )
        for own, other in successors.union(predecessors, all=True):
            paths.setdefault(own, []).append(other)
    return paths


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
    # Two IN subqueries on the link table, not an OR across two joins with DISTINCT (~20 ms a
    # page with the national unit list): the units whose successor or predecessor is below parent.
    came_into = LineageLink.objects.filter(successor__path__startswith=parent.path).values("predecessor_id")
    came_from = LineageLink.objects.filter(predecessor__path__startswith=parent.path).values("successor_id")
    return qs.filter(Q(pk__in=came_into) | Q(pk__in=came_from))


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
        standard_provisional=0,
        per_criterion_provisional={},
        bands={},
    )


def _save(rollup: Rollup) -> None:
    if rollup.pk is None:
        rollup.save()
    else:
        rollup.save(update_fields=[*COUNTED_COLUMNS, "computed_at"])


def shift(rollup: Rollup, assessment: "Assessment | SimpleNamespace", sign: int) -> None:
    """Add (sign +1) or take out (-1) one assessment. Met provisionally ("tạm tính") counts in the
    met totals and again in their provisional part, so a page can say "9 đạt, trong đó 6 tạm tính"."""
    rollup.units_assessed += sign
    rollup.standard_met += sign * int(assessment.standard_met)
    rollup.standard_provisional += sign * int(assessment.standard_met and assessment.standard_provisional)
    rollup.criteria_met_sum += sign * assessment.criteria_met
    provisional = set(assessment.provisional_criteria)
    for code in assessment.met_criteria:
        rollup.per_criterion[code] = rollup.per_criterion.get(code, 0) + sign
        if code in provisional:
            counts = rollup.per_criterion_provisional
            counts[code] = counts.get(code, 0) + sign
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
        _save(rollup)


def rebuild(parent: AdminUnit | None, set_code: str, year: int) -> Rollup:
    """Recompute one roll-up from the assessments of the units it counts."""
    rollup = Rollup.objects.filter(parent=parent, set_code=set_code, year=year).first() or _empty(
        parent.pk if parent else None, set_code, year
    )
    units = units_counted(parent, set_code, year)
    rollup.units_total = units.count()
    rollup.units_assessed = rollup.standard_met = rollup.criteria_met_sum = rollup.standard_provisional = 0
    rollup.per_criterion, rollup.per_criterion_provisional, rollup.bands = {}, {}, {}
    assessed = Assessment.objects.filter(unit__in=units.values("pk"), set_code=set_code, year=year)
    for assessment in assessed.only(*COUNTING_COLUMNS):  # not the full engine result of each
        shift(rollup, assessment, +1)
    _save(rollup)
    return rollup


def rebuild_all(set_code: str, year: int) -> int:
    """Recompute every roll-up of a set and year that has at least one assessed unit below it.

    Gives what `rebuild` gives for each of them (the `rollup_parent_ids` of every assessed unit),
    counted by the database in one statement (`rollup_sql`): each unit counts under every parent
    whose `units_counted` holds it — at or below the parent's path for a parent in force in the
    year, through a lineage counterpart at or below its path for a parent of the other era. The
    roll-ups missing are inserted first, so that the counts are one UPDATE. Returns how many
    roll-ups were rebuilt."""
    band, params = band_case("criteria_met", "criteria_total")
    kinds = COUNTED_KINDS[catalog().get(set_code).level]
    insert, update = rollup_sql.statements(connection.vendor, band, len(kinds))
    params |= {f"kind_{n}": str(kind) for n, kind in enumerate(kinds)}
    params |= {
        "set_code": set_code,
        "year": year,
        "day": connection.ops.adapt_datefield_value(year_era_date(year)),
        "now": connection.ops.adapt_datetimefield_value(timezone.now()),
    }
    with connection.cursor() as cursor, _without_jit(cursor):
        cursor.execute(insert, params)
        cursor.execute(update, params)
        return cursor.rowcount


@contextmanager
def _without_jit(cursor):
    """PostgreSQL's JIT off for the roll-up statements, then back as it was. The planner takes each
    JSON list they unpack for 100 rows, which puts their cost far above `jit_above_cost`: compiling
    took 1.1 of the 1.7 s the update of a national year took, run without it in 0.6 s."""
    if connection.vendor != "postgresql":
        yield
        return
    cursor.execute("SELECT current_setting('jit'), set_config('jit', 'off', true)")
    (was, _off) = cursor.fetchone()
    yield  # on an error the transaction (or savepoint) rolls back, and the setting with it
    cursor.execute("SELECT set_config('jit', %s, true)", [was])
