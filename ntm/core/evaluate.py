"""Evaluate one unit against one criteria set: indicator → criterion → set, with every threshold
used, the layer that supplied it, gaps, extra conditions and the revocation check.

This is the readable reference implementation; `batch.py` is the bulk path for many units and is
tested to give the same compact result (`core.compact`: every status, basis, count, provisional
mark, gap and revocation outcome).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from functools import partial
from typing import Any

from ntm.core import growth
from ntm.core.catalog import Catalog
from ntm.core.conditions import ConditionResult, evaluate_condition
from ntm.core.facts import district_counts
from ntm.core.gaps import Gap, gap_for
from ntm.core.model import CriteriaSet, Criterion, Indicator, Requirement
from ntm.core.revocation import RevocationResult, assess_commune, assess_district
from ntm.core.rules import (
    ResolvedThreshold,
    ThresholdOverride,
    UnitProfile,
    column_for,
    compare,
    resolve_thresholds,
)
from ntm.core.status import Status, combine, is_provisional, parse_recorded, standard_of
from ntm.core.unit import SetData, UnitInput
from ntm.core.values import NA, coerce_value

__all__ = ["EvaluationResult", "SetData", "UnitInput", "evaluate", "evaluate_unit"]

SCHEMA = "ntm.evaluation/2"  # 2: `provisional` on indicators, criteria, conditions and the summary
SUMMARY_SCHEMA = "ntm.evaluation-summary/2"


@dataclass(frozen=True)
class IndicatorResult:
    indicator: Indicator
    status: Status
    value: Any
    threshold: ResolvedThreshold
    gap: Gap | None = None
    note: str = ""  # why a computed (growth) value is missing

    @property
    def provisional(self) -> bool:
        """Met or not met against a threshold not confirmed against its decision."""
        decided = self.status is Status.MET or self.status is Status.NOT_MET
        return decided and self.threshold.unconfirmed

    def to_dict(self, explain: bool = True) -> dict[str, Any]:
        value = "n/a" if self.value is NA else self.value
        provisional = self.provisional
        if not explain:
            out = {
                "code": self.indicator.code,
                "status": str(self.status),
                "provisional": provisional,
                "value": value,
            }
            if self.note:
                out["note"] = self.note
            if provisional or (self.status is not Status.MET and self.status is not Status.NOT_APPLICABLE):
                t = self.threshold
                out["threshold"] = {
                    "value": t.value,
                    "layer": t.layer,
                    "year": t.year,
                    "verified": t.verified,
                }
                out["gap"] = self.gap.to_dict() if self.gap else None
            return out
        return {
            "code": self.indicator.code,
            "name_vi": self.indicator.name_vi,
            "name_en": self.indicator.name_en,
            "kind": self.indicator.kind,
            "unit": self.indicator.unit,
            "status": str(self.status),
            "provisional": provisional,
            "value": value,
            "threshold": self.threshold.to_dict(),
            "gap": self.gap.to_dict() if self.gap else None,
            "note": self.note,
        }


@dataclass(frozen=True)
class CriterionResult:
    criterion: Criterion
    status: Status
    basis: str  # computed | recorded
    computed: Status
    recorded: Status | None
    indicators: tuple[IndicatorResult, ...]
    notes: tuple[str, ...] = ()
    provisional: bool = False  # the status depends on unconfirmed thresholds (`status.is_provisional`)

    def to_dict(self, explain: bool = True) -> dict[str, Any]:
        c = self.criterion
        if not explain:
            return {
                "code": c.code,
                "verified": c.verified,
                "status": str(self.status),
                "provisional": self.provisional,
                "basis": self.basis,
                "computed_status": str(self.computed),
                "recorded_status": str(self.recorded) if self.recorded else None,
                "notes": list(self.notes),
                "indicators": [i.to_dict(False) for i in self.indicators],
            }
        return {
            "code": c.code,
            "name_vi": c.name_vi,
            "name_en": c.name_en,
            "group": c.group,
            "verified": c.verified,
            "complete": c.complete,
            "revocation_key": c.revocation_key,
            "status": str(self.status),
            "provisional": self.provisional,
            "basis": self.basis,
            "computed_status": str(self.computed),
            "recorded_status": str(self.recorded) if self.recorded else None,
            "notes": list(self.notes),
            "indicators": [i.to_dict(True) for i in self.indicators],
        }


@dataclass(frozen=True)
class EvaluationResult:
    cset: CriteriaSet
    unit_id: str
    unit_name: str
    profile: UnitProfile
    year: int | None
    column: str
    criteria: tuple[CriterionResult, ...]
    conditions: tuple[ConditionResult, ...]
    prerequisites: Mapping[str, EvaluationResult] = field(default_factory=dict)
    revocation: RevocationResult | None = None
    notes: tuple[str, ...] = ()

    @property
    def met_count(self) -> int:
        return sum(c.status is Status.MET for c in self.criteria)

    @property
    def total(self) -> int:
        return len(self.criteria)

    @property
    def label(self) -> str:
        return f"{self.met_count}/{self.total}"

    @property
    def not_met(self) -> tuple[str, ...]:
        return tuple(c.criterion.code for c in self.criteria if c.status is Status.NOT_MET)

    @property
    def missing(self) -> tuple[str, ...]:
        return tuple(c.criterion.code for c in self.criteria if c.status is Status.MISSING)

    @property
    def standard(self) -> Status:
        """Met only when every criterion and every extra condition is met (or not applicable)."""
        if not self.criteria and not self.cset.complete:
            return Status.MISSING  # the set's criteria are not known yet
        return standard_of([c.status for c in self.criteria] + [c.status for c in self.conditions])

    @property
    def provisional(self) -> bool:
        """The standard's verdict depends on provisional criteria or conditions: met (or not met)
        only while unconfirmed thresholds stand. A standard met against a placeholder is therefore
        always "met (provisional)", never plainly met."""
        statuses = [c.status for c in self.criteria] + [c.status for c in self.conditions]
        unconfirmed = [c.provisional for c in self.criteria] + [c.provisional for c in self.conditions]
        return is_provisional(self.standard, statuses, unconfirmed, standard_of)

    @property
    def provisional_criteria(self) -> tuple[str, ...]:
        return tuple(c.criterion.code for c in self.criteria if c.provisional)

    @property
    def standard_met(self) -> bool:
        return self.standard is Status.MET

    def criteria_statuses(self) -> dict[str, Status]:
        return {c.criterion.code: c.status for c in self.criteria}

    def unverified_thresholds(self) -> list[str]:
        return [
            i.indicator.code
            for c in self.criteria
            for i in c.indicators
            if i.threshold.value is not None and not i.threshold.verified
        ]

    def to_dict(self, explain: bool = True) -> dict[str, Any]:
        """The result as JSON (schema `ntm.evaluation/1`). With `explain=False`, the summary form
        (`ntm.evaluation-summary/1`, what an assessment stores): criteria and indicators without the
        names, kinds and units the catalog holds; each indicator's status and value, and only for one
        not met or missing its threshold (value, layer, year, verified) and gap."""
        return {
            "schema": SCHEMA if explain else SUMMARY_SCHEMA,
            "unit": {"id": self.unit_id, "name": self.unit_name, "profile": self.profile.to_dict()},
            "set": {
                "code": self.cset.code,
                "name_vi": self.cset.name_vi,
                "name_en": self.cset.name_en,
                "complete": self.cset.complete,
                "decisions": [d.label for d in self.cset.decisions],
            },
            "year": self.year,
            "column": self.column,
            "summary": {
                "criteria_met": self.met_count,
                "criteria_total": self.total,
                "label": self.label,
                "criteria_not_met": list(self.not_met),
                "criteria_missing": list(self.missing),
                "standard": str(self.standard),
                "standard_met": self.standard_met,
                "provisional": self.provisional,
                "criteria_provisional": list(self.provisional_criteria),
                "unverified_thresholds": self.unverified_thresholds(),
            },
            "criteria": [c.to_dict(explain) for c in self.criteria],
            "conditions": [c.to_dict() for c in self.conditions],
            "prerequisites": {code: r.to_dict(explain) for code, r in self.prerequisites.items()},
            "revocation": self.revocation.to_dict() if self.revocation else None,
            "notes": list(self.notes),
        }


def evaluate(
    catalog: Catalog,
    set_code: str,
    profile: UnitProfile,
    year: int | None,
    values: Mapping[str, Any],
    *,
    recorded: Mapping[str, Any] | None = None,
    facts: Mapping[str, Any] | None = None,
    prerequisites: Mapping[str, SetData] | None = None,
    overrides: Iterable[ThresholdOverride] = (),
    unit_id: str = "",
    unit_name: str = "",
    previous: Mapping[str, Any] | None = None,
) -> EvaluationResult:
    """Evaluate one unit, explained. Raises InvalidValue for a value its indicator cannot read.
    Many units go through the bulk path (`batch.evaluate_batch`), which gives the same compact
    result (`core.compact`); this builds the explanation of the unit a page shows.

    `previous`: the set's values of the year before, from which growth indicators are computed."""
    cset = catalog.get(set_code)
    computed = growth.compute(cset, values, previous or {})
    values = growth.merged(values, computed)
    overrides = tuple(overrides)
    recorded, facts, prerequisites = recorded or {}, facts or {}, prerequisites or {}
    thresholds = resolve_thresholds(catalog, cset, profile, year, overrides)
    column, column_notes = column_for(cset, profile)
    notes = [*column_notes, *_validity_notes(cset, year)]
    unknown = sorted(set(values) - set(thresholds))
    if unknown:
        notes.append(
            f"values for codes that are not indicators of {cset.code} were ignored: {', '.join(unknown)}"
        )
    unknown_recorded = sorted(set(recorded) - {c.code for c in cset.criteria})
    if unknown_recorded:
        notes.append(f"recorded statuses for unknown criteria were ignored: {', '.join(unknown_recorded)}")
    growth_notes = {code: note for code, (_value, note) in computed.items() if note}
    criteria = tuple(
        _criterion(c, values, recorded.get(c.code), thresholds, growth_notes) for c in cset.criteria
    )
    prereq_results: dict[str, EvaluationResult] = {}
    conditions = [
        evaluate_requirement(catalog, req, profile, year, facts, prerequisites, overrides, prereq_results)
        for req in cset.requires
    ]
    conditions += [
        evaluate_condition(catalog, cond, profile, year, facts, prerequisites, overrides)
        for cond in cset.conditions
    ]
    statuses = {c.criterion.code: c.status for c in criteria}
    keys = {c.code for c in cset.criteria if c.revocation_key}
    revocation = None
    if cset.revocation_against:
        revocation = revocation_against(catalog, cset, prereq_results)
    elif cset.revocation == "commune":
        revocation = assess_commune(statuses, keys)
    elif cset.revocation == "district":
        revocation = assess_district(statuses, keys, *district_counts(facts))
    return EvaluationResult(
        cset=cset,
        unit_id=unit_id,
        unit_name=unit_name,
        profile=profile,
        year=year,
        column=column,
        criteria=criteria,
        conditions=tuple(conditions),
        prerequisites=prereq_results,
        revocation=revocation,
        notes=tuple(notes),
    )


def evaluate_unit(
    catalog: Catalog,
    set_code: str,
    unit: UnitInput,
    year: int | None = None,
    overrides: Iterable[ThresholdOverride] = (),
) -> EvaluationResult:
    """`evaluate` for a UnitInput; `year` (if given) wins over the unit's own year."""
    return evaluate(
        catalog,
        set_code,
        unit.profile,
        year if year is not None else unit.year,
        unit.values,
        recorded=unit.recorded,
        facts=unit.facts,
        prerequisites=unit.prerequisites,
        overrides=overrides,
        unit_id=unit.id,
        unit_name=unit.name,
        previous=unit.previous,
    )


def _validity_notes(cset: CriteriaSet, year: int | None) -> list[str]:
    if year is None:
        return ["no year given"]
    last = cset.valid_to.year if cset.valid_to else None
    if year < cset.valid_from.year or (last is not None and year > last):
        span = f"{cset.valid_from.year}–{last or '…'}"
        return [f"year {year} is outside the validity of {cset.code} ({span})"]
    return []


def evaluate_indicator(
    indicator: Indicator,
    raw: Any,
    threshold: ResolvedThreshold,
    note: str = "",
    values: Mapping[str, Any] | None = None,
) -> IndicatorResult:
    """`values` (the unit's other values) choose a threshold that depends on a basis value;
    `note` explains a missing computed value (a growth indicator without last year's value)."""
    if indicator.basis:  # entered and shown, never compared
        return IndicatorResult(indicator, Status.NOT_APPLICABLE, coerce_value(indicator, raw), threshold)
    if threshold.cases:
        return _evaluate_cased(indicator, raw, threshold, values or {})
    value = coerce_value(indicator, raw)
    if value is None or threshold.value is None:
        return IndicatorResult(indicator, Status.MISSING, value, threshold, note=note)
    if value is NA:
        return IndicatorResult(indicator, Status.NOT_APPLICABLE, value, threshold)
    if compare(indicator.direction, value, threshold.value):
        return IndicatorResult(indicator, Status.MET, value, threshold)
    gap = gap_for(indicator, value, threshold.value)
    return IndicatorResult(indicator, Status.NOT_MET, value, threshold, gap)


def _evaluate_cased(
    indicator: Indicator, raw: Any, threshold: ResolvedThreshold, values: Mapping[str, Any]
) -> IndicatorResult:
    """Against the case the basis value selects; without that value, decided only when every
    case gives the same status (70% of schools at level 1 meets both the ">3 schools" and the
    "≤3 schools" case), missing otherwise."""
    results = [evaluate_indicator(indicator, raw, t) for t in threshold.for_values(values)]
    if results and len({r.status for r in results}) == 1:
        return results[0]
    basis = threshold.cases[0][0].indicator
    note = f"the threshold depends on {basis}, which is not given" if results else f"no case fits {basis}"
    missing = replace(threshold, notes=(*threshold.notes, note))
    return IndicatorResult(indicator, Status.MISSING, coerce_value(indicator, raw), missing)


def _criterion(
    criterion: Criterion,
    values: Mapping[str, Any],
    raw_recorded: Any,
    thresholds: Mapping[str, ResolvedThreshold],
    notes_by_indicator: Mapping[str, str] | None = None,
) -> CriterionResult:
    """A computed status is used when it is decisive; a recorded one fills in when it is not.

    Offices often only have "criterion met: yes/no" for past years. When the indicator values
    decide the criterion (met, not met), that computed status is used and the recorded one is
    kept beside it (with a note if they disagree); when they do not (missing data, unknown
    indicators), the recorded status is used and marked as such.
    """
    results = tuple(
        evaluate_indicator(
            i, values.get(i.code), thresholds[i.code], (notes_by_indicator or {}).get(i.code, ""), values
        )
        for i in criterion.indicators
    )
    statuses = [r.status for r in results]
    computed = combine(criterion.rule, criterion.at_least, statuses, criterion.complete)
    recorded = parse_recorded(raw_recorded)
    notes: tuple[str, ...] = ()
    if computed is not Status.MISSING or recorded is None:
        if recorded is not None and recorded is not computed:
            notes = (f"recorded status {recorded} differs from the computed status {computed}",)
        provisional = is_provisional(
            computed,
            statuses,
            [r.provisional for r in results],
            partial(combine, criterion.rule, criterion.at_least, complete=criterion.complete),
        )
        return CriterionResult(
            criterion, computed, "computed", computed, recorded, results, notes, provisional
        )
    # an office's recorded status rests on its own records, not on a threshold: never provisional
    return CriterionResult(criterion, recorded, "recorded", computed, recorded, results)


def revocation_against(
    catalog: Catalog, cset: CriteriaSet, prereq_results: Mapping[str, EvaluationResult]
) -> RevocationResult:
    """The revocation check of a set that has no criteria of its own, on the criteria of another
    (QĐ 18/2022: model communes are judged on the advanced-commune set). Criteria of that set
    without an evaluated prerequisite are missing, so the outcome is then at best undetermined."""
    target = catalog.get(str(cset.revocation_against))
    evaluated = prereq_results.get(target.code)
    known = evaluated.criteria_statuses() if evaluated is not None else {}
    statuses = {c.code: known.get(c.code, Status.MISSING) for c in target.criteria}
    keys = {c.code for c in target.criteria if c.revocation_key}
    if cset.revocation == "district":
        result = assess_district(statuses, keys)
    else:
        result = assess_commune(statuses, keys)
    return replace(result, against=target.code, verified=cset.revocation_verified)


def evaluate_requirement(
    catalog: Catalog,
    req: Requirement,
    profile: UnitProfile,
    year: int | None,
    facts: Mapping[str, Any],
    prerequisites: Mapping[str, SetData],
    overrides: tuple[ThresholdOverride, ...],
    prereq_results: dict[str, EvaluationResult],
) -> ConditionResult:
    """The unit already meets a required set: a fact passed in, else evaluated from its data."""
    required = catalog.get(req.set_code)
    name_vi, name_en = f"Đạt chuẩn: {required.name_vi}", f"Meets: {required.name_en}"
    fact = parse_recorded(facts.get(req.set_code))
    if fact is not None:
        detail = {"set": req.set_code, "from": "fact"}
        return ConditionResult(req.set_code, name_vi, name_en, fact, req.verified, req.source, detail)
    if req.set_code in prerequisites:
        data = prerequisites[req.set_code]
        result = evaluate(
            catalog, req.set_code, profile, year, data.values,
            recorded=data.recorded, facts=facts, prerequisites=prerequisites, overrides=overrides,
        )  # fmt: skip
        prereq_results[req.set_code] = result
        detail = {"set": req.set_code, "from": "evaluated", "label": result.label}
        return ConditionResult(
            req.set_code, name_vi, name_en, result.standard, req.verified, req.source, detail,
            provisional=result.provisional,
        )  # fmt: skip
    detail = {"set": req.set_code, "from": "none"}
    return ConditionResult(req.set_code, name_vi, name_en, Status.MISSING, req.verified, req.source, detail)
