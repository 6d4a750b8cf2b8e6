"""Batch evaluation of many units in one call, built for a whole country.

10,000 communes × ~60 indicators × 5 years is about 3 million comparisons. Thresholds depend only
on (set, column of the dimension, year, province when a provincial override exists), so each such
key is compiled once into a flat plan — per indicator (code, types taken as they are, coercer,
comparison, threshold) and per criterion a slice of that list — and cached in a `Planner`. The hot
loop is then a plain list walk: no threshold resolution, no result objects, no gap computation,
and the revocation check from running counts.

The result per unit is a `BatchRow` (criterion statuses, count met, standard, revocation outcome);
call `evaluate` for the full explanation of one unit. Tests check that both agree.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import partial
from typing import Any

from ntm.core.catalog import Catalog
from ntm.core.conditions import evaluate_condition
from ntm.core.evaluate import evaluate_requirement
from ntm.core.model import CriteriaSet, Indicator
from ntm.core.revocation import assess_district, commune_outcome
from ntm.core.rules import ThresholdOverride, UnitProfile, column_for, resolve_thresholds
from ntm.core.status import Status, combine, parse_recorded
from ntm.core.unit import UnitInput
from ntm.core.values import NA, coerce_value

MET, NOT_MET, MISSING, NOT_APPLICABLE = Status.MET, Status.NOT_MET, Status.MISSING, Status.NOT_APPLICABLE

Step = tuple[str, frozenset[type], Callable[[Any], Any], Callable[[Any, Any], bool], Any]


@dataclass(frozen=True)
class BatchRow:
    unit_id: str
    year: int | None
    criteria: dict[str, Status]
    met_count: int
    total: int
    standard: Status
    revocation: str | None  # revoke | undetermined | keep; None when the set has no revocation rule

    @property
    def label(self) -> str:
        return f"{self.met_count}/{self.total}"

    def to_dict(self) -> dict[str, Any]:
        return {
            "unit_id": self.unit_id,
            "year": self.year,
            "label": self.label,
            "standard": str(self.standard),
            "criteria": {code: str(s) for code, s in self.criteria.items()},
            "revocation": self.revocation,
        }


@dataclass(frozen=True)
class Plan:
    """A set compiled for one threshold key.

    A step is (indicator code, value types taken as they are, coercer for anything else,
    comparison, threshold); a criterion is (code, first step, end step, rule, at_least, complete,
    revocation key).
    """

    cset: CriteriaSet
    steps: tuple[Step, ...]
    criteria: tuple[tuple[str, int, int, str, int | None, bool, bool], ...]


def _typed(indicator: Indicator) -> frozenset[type]:
    """Python types that need no coercion (the Django side passes typed values)."""
    if indicator.kind == "boolean":
        return frozenset({bool})
    if indicator.numeric and indicator.kind != "count":
        return frozenset({float, int})
    return frozenset()


def _one_of(value: Any, accepted: list) -> bool:
    return value in accepted


def _op(direction: str, threshold: Any) -> Callable[[Any, Any], bool]:
    if direction == "=":
        return _one_of if isinstance(threshold, list) else operator.eq
    return operator.ge if direction == ">=" else operator.le


class Planner:
    """Compiles and caches plans for one catalog and one list of runtime overrides."""

    def __init__(self, catalog: Catalog, overrides: Iterable[ThresholdOverride] = ()):
        self.catalog = catalog
        self.overrides = tuple(overrides)
        self._plans: dict[tuple, Plan] = {}
        self._provinces: dict[str, frozenset[str | None]] = {}

    @property
    def compiled(self) -> int:
        """How many plans are cached."""
        return len(self._plans)

    def plan(self, set_code: str, profile: UnitProfile, year: int | None) -> Plan:
        column, _ = column_for(self.catalog.get(set_code), profile)
        province = (
            profile.province_code if profile.province_code in self._override_provinces(set_code) else None
        )
        key = (set_code, column, year, province)
        plan = self._plans.get(key)
        if plan is None:
            plan = self._plans[key] = self._compile(set_code, profile, year)
        return plan

    def _override_provinces(self, set_code: str) -> frozenset[str | None]:
        if set_code not in self._provinces:
            entries = [o for f in self.catalog.override_files for o in f.entries] + list(self.overrides)
            self._provinces[set_code] = frozenset(o.province_code for o in entries if o.set_code == set_code)
        return self._provinces[set_code]

    def _compile(self, set_code: str, profile: UnitProfile, year: int | None) -> Plan:
        cset = self.catalog.get(set_code)
        thresholds = resolve_thresholds(self.catalog, cset, profile, year, self.overrides)
        steps: list[Step] = []
        criteria = []
        for c in cset.criteria:
            start = len(steps)
            for ind in c.indicators:
                value = thresholds[ind.code].value
                steps.append(
                    (ind.code, _typed(ind), partial(coerce_value, ind), _op(ind.direction, value), value)
                )
            criteria.append((c.code, start, len(steps), c.rule, c.at_least, c.complete, c.revocation_key))
        return Plan(cset, tuple(steps), tuple(criteria))


def evaluate_batch(
    catalog: Catalog,
    set_code: str,
    units: Iterable[UnitInput],
    year: int | None = None,
    overrides: Iterable[ThresholdOverride] = (),
    planner: Planner | None = None,
) -> list[BatchRow]:
    """Evaluate many units against one set. `year` (if given) wins over each unit's own year.

    Pass a long-lived `planner` to keep compiled plans between calls (they depend only on the
    catalog and the runtime overrides it was built with; `overrides` is then ignored).
    """
    planner = planner if planner is not None else Planner(catalog, overrides)
    return [_evaluate_one(catalog, planner, set_code, unit, year) for unit in units]


def _indicator_statuses(steps: tuple[Step, ...], values: dict[str, Any]) -> list[Status]:
    """The hot loop: one status per indicator, in plan order."""
    statuses: list[Status] = []
    append = statuses.append
    for code, typed, coerce, op, threshold in steps:
        value = values.get(code)
        if value is None or threshold is None:
            append(MISSING)
            continue
        if type(value) not in typed:
            value = coerce(value)
            if value is None:
                append(MISSING)
                continue
            if value is NA:
                append(NOT_APPLICABLE)
                continue
        append(MET if op(value, threshold) else NOT_MET)
    return statuses


def _evaluate_one(
    catalog: Catalog, planner: Planner, set_code: str, unit: UnitInput, year: int | None
) -> BatchRow:
    unit_year = year if year is not None else unit.year
    plan = planner.plan(set_code, unit.profile, unit_year)
    statuses = _indicator_statuses(plan.steps, unit.values)
    recorded = unit.recorded
    result: dict[str, Status] = {}
    met = failed = missing = applicable = 0
    key_failed = key_missing = False
    for code, start, end, rule, at_least, complete, key in plan.criteria:
        part = statuses[start:end]
        if rule != "all":
            status = combine(rule, at_least, part, complete)
        elif NOT_MET in part:
            status = NOT_MET
        elif MISSING in part or not complete:
            status = MISSING
        elif all(s is NOT_APPLICABLE for s in part):
            status = NOT_APPLICABLE
        else:
            status = MET
        if status is MISSING and recorded:
            status = parse_recorded(recorded.get(code)) or MISSING
        result[code] = status
        if status is MET:
            met += 1
        elif status is NOT_MET:
            failed += 1
            key_failed = key_failed or key
        elif status is MISSING:
            missing += 1
            key_missing = key_missing or key
        applicable += status is not NOT_APPLICABLE
    cset = plan.cset
    revocation = None
    if cset.revocation == "commune":
        revocation, _ = commune_outcome(failed, missing, applicable, key_failed, key_failed or key_missing)
    elif cset.revocation == "district":
        keys = {c[0] for c in plan.criteria if c[6]}
        total, revoked = unit.facts.get("communes_total"), unit.facts.get("communes_revoked")
        revocation = assess_district(
            result, keys, None if total is None else int(total), None if revoked is None else int(revoked)
        ).outcome
    standard = _standard(catalog, cset, unit, unit_year, planner.overrides, result)
    return BatchRow(unit.id, unit_year, result, met, len(result), standard, revocation)


def _standard(
    catalog: Catalog,
    cset: CriteriaSet,
    unit: UnitInput,
    year: int | None,
    overrides: tuple[ThresholdOverride, ...],
    criteria: dict[str, Status],
) -> Status:
    if not criteria and not cset.complete:
        return MISSING
    statuses = list(criteria.values())
    for req in cset.requires:
        condition = evaluate_requirement(
            catalog, req, unit.profile, year, unit.facts, unit.prerequisites, overrides, {}
        )
        statuses.append(condition.status)
    for cond in cset.conditions:
        condition = evaluate_condition(
            catalog, cond, unit.profile, year, unit.facts, unit.prerequisites, overrides
        )
        statuses.append(condition.status)
    if NOT_MET in statuses:
        return NOT_MET
    if MISSING in statuses:
        return MISSING
    return MET
