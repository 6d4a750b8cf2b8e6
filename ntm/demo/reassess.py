"""Assessments and roll-ups after a bulk load: `ntm.indicators.assess.reassess_many`, made fast.

Same engine call as `engine.evaluate_unit_year` (profile, values, recorded statuses, facts,
prerequisites, threshold corrections) and the same assessment columns (`assess.assessment_fields`), but the
inputs of all units are read in one query per set, and the roll-ups are rebuilt in one pass:
`reassess_many` looks up each unit's roll-up parents with a lineage query (~20 ms a unit on SQLite)
and each roll-up decodes every assessment's full engine output. tests/demo checks that the stored
assessments equal `evaluate_unit_year` and the roll-ups equal `rollups.rebuild`.
"""

from collections import defaultdict
from types import SimpleNamespace

from django.db.models import Q
from django.utils import timezone

from ntm.core import SetData, evaluate
from ntm.indicators import rollups
from ntm.indicators.assess import assessment_fields
from ntm.indicators.engine import catalog, corrections, facts_for, profile_for, year_era_date
from ntm.indicators.models import Assessment, CriterionStatus, IndicatorValue, Rollup
from ntm.units.models import AdminUnit, LineageLink

CHUNK = 500
ROLLUP_COLUMNS = ("criteria_met", "criteria_total", "standard_met", "met_criteria")


class Assessor:
    def __init__(self):
        self.profiles = {}
        self.now = timezone.now()

    def reassess(self, set_code: str, year: int, units: list[AdminUnit]) -> int:
        """Store the engine's assessment of each unit; if any changed, rebuild the roll-ups above."""
        units = sorted(units, key=lambda u: u.pk)
        cset = catalog().get(set_code)
        data = _inputs(set_code, year, units)
        prerequisites = {req.set_code: _inputs(req.set_code, year, units) for req in cset.requires}
        overrides = corrections([set_code, *prerequisites])
        existing = {
            a.unit_id: a for a in Assessment.objects.filter(unit__in=units, set_code=set_code, year=year)
        }
        created, updated, names = [], [], []
        for unit in units:
            if unit.pk not in self.profiles:
                self.profiles[unit.pk] = profile_for(unit)
            values, recorded = data.get(unit.pk, ({}, {}))
            result = evaluate(
                catalog(),
                set_code,
                self.profiles[unit.pk],
                year,
                values,
                recorded=recorded,
                facts=facts_for(unit, set_code, year),
                prerequisites={
                    code: SetData(*rows.get(unit.pk, ({}, {}))) for code, rows in prerequisites.items()
                },
                overrides=overrides,
                unit_id=str(unit.pk),
                unit_name=unit.name,
            )
            fields = assessment_fields(result)
            names = [*fields, "computed_at"]
            old = existing.get(unit.pk)
            if old is None:
                created.append(Assessment(unit=unit, set_code=set_code, year=year, **fields))
            elif any(getattr(old, name) != value for name, value in fields.items()):
                for name, value in fields.items():
                    setattr(old, name, value)
                old.computed_at = self.now
                updated.append(old)
        Assessment.objects.bulk_create(created, batch_size=CHUNK)
        if updated:
            Assessment.objects.bulk_update(updated, names, batch_size=CHUNK)
        if created or updated:
            rebuild_rollups(rollup_parents(units), set_code, year)
        return len(created) + len(updated)


def _inputs(set_code: str, year: int, units: list[AdminUnit]) -> dict[int, tuple[dict, dict]]:
    """Current values and recorded statuses per unit id, read as `engine.current_values` and
    `engine.recorded_statuses` read them, in two queries."""
    ids = [u.pk for u in units]
    out: dict[int, tuple[dict, dict]] = defaultdict(lambda: ({}, {}))
    for unit_id, code, value in (
        IndicatorValue.objects.current()
        .annual(set_code, year)
        .filter(unit__in=ids)
        .values_list("unit_id", "indicator_code", "value")
    ):
        if value is not None:
            out[unit_id][0][code] = value
    for unit_id, code, met in (
        CriterionStatus.objects.current()
        .filter(unit__in=ids, set_code=set_code, year=year)
        .values_list("unit_id", "criterion_code", "met")
    ):
        if met is not None:
            out[unit_id][1][code] = "met" if met else "not_met"
    return out


def rollup_parents(units: list[AdminUnit]) -> set[int | None]:
    """`rollups.rollup_parent_ids` of many units with one lineage query: own ancestors, ancestors of
    the lineage counterparts in the other era, and the country (None)."""
    ids = {u.pk for u in units}
    parents: set[int | None] = {None}
    for unit in units:
        parents.update(_ancestors(unit.path))
    links = LineageLink.objects.filter(Q(predecessor_id__in=ids) | Q(successor_id__in=ids)).values_list(
        "predecessor_id", "successor_id", "predecessor__path", "successor__path"
    )
    for predecessor, successor, predecessor_path, successor_path in links:
        if predecessor in ids:
            parents.update(_ancestors(successor_path))
        if successor in ids:
            parents.update(_ancestors(predecessor_path))
    return parents


def _ancestors(path: str) -> list[int]:
    return [int(part) for part in path.strip("/").split("/")[:-1]]


def rebuild_rollups(parent_ids: set[int | None], set_code: str, year: int) -> None:
    """`rollups.rebuild` for each parent. Parents in force in the year count the units below their
    path: those are counted from one read of each province's units and assessments; the country and
    the other era's parents use `rollups.units_counted`."""
    parents = AdminUnit.objects.in_bulk([p for p in parent_ids if p])
    day = year_era_date(year)
    same_era = [p for p in parents.values() if p.in_force_on(day)]
    counted = {p.pk: _count(total, assessed) for p, total, assessed in _same_era(same_era, set_code, year)}
    for parent_id in parent_ids:
        parent = parents.get(parent_id) if parent_id else None
        if parent_id not in counted:
            units = rollups.units_counted(parent, set_code, year)
            assessed = Assessment.objects.filter(unit__in=units.values("pk"), set_code=set_code, year=year)
            counted[parent_id] = _count(units.count(), list(assessed.values(*ROLLUP_COLUMNS)))
    existing = {
        r.parent_id: r
        for r in Rollup.objects.filter(
            Q(parent_id__in=[p for p in parent_ids if p]) | Q(parent__isnull=True),
            set_code=set_code,
            year=year,
        )
    }
    for parent_id, fresh in counted.items():
        rollup = existing.get(parent_id) or Rollup(parent_id=parent_id, set_code=set_code, year=year)
        for name in (
            "units_total",
            "units_assessed",
            "standard_met",
            "criteria_met_sum",
            "per_criterion",
            "bands",
        ):
            setattr(rollup, name, getattr(fresh, name))
        rollup.save()


def _same_era(parents: list[AdminUnit], set_code: str, year: int):
    """(parent, number of units counted, their assessments) for parents in force in the year."""
    kinds = rollups.COUNTED_KINDS[catalog().get(set_code).level]
    day = year_era_date(year)
    by_top: dict[str, list[AdminUnit]] = defaultdict(list)
    for parent in parents:
        by_top[parent.path.split("/")[1]].append(parent)
    for top, members in by_top.items():
        units = dict(
            AdminUnit.objects.as_of(day)
            .filter(kind__in=kinds, path__startswith=f"/{top}/")
            .values_list("pk", "path")
        )
        assessed = {
            row["unit_id"]: row
            for row in Assessment.objects.filter(unit__in=list(units), set_code=set_code, year=year).values(
                "unit_id", *ROLLUP_COLUMNS
            )
        }
        for parent in members:
            below = [pk for pk, path in units.items() if path.startswith(parent.path)]
            yield parent, len(below), [assessed[pk] for pk in below if pk in assessed]


def _count(units_total: int, assessed: list[dict]) -> Rollup:
    rollup = Rollup(units_total=units_total, units_assessed=0, standard_met=0, criteria_met_sum=0)
    rollup.per_criterion, rollup.bands = {}, {}
    for row in assessed:
        rollups.shift(rollup, SimpleNamespace(**row), +1)
    return rollup
