"""Batch evaluation of many units in one call, built for a whole country.

10,000 communes × ~60 indicators × 5 years is about 3 million comparisons. Thresholds depend only
on (set, column of the dimension, year, province when a provincial override exists), so each such
key is compiled once into a flat plan — per indicator (code, types taken as they are, coercer,
comparison, threshold) and per criterion a slice of that list — and cached in a `Planner`. The hot
loop is then a plain list walk: no threshold resolution, no result objects, no gap computation,
and the revocation check from running counts.

Each plan also carries a function generated for it (`_generate`): the same walk written out step
by step — the comparisons inline, each criterion combined from three flags as its indicators are
read — which is what the batch runs. Plans of one set share its source, so it is compiled once
and bound to each plan's thresholds and coercers.

This is the application's one bulk evaluation path: `indicators.assess.evaluate_many` (re-evaluation
after an import, a correction, a catalog publication; the impact preview; reports "as of" a date)
and the national benchmark run it. The result per unit is a `BatchRow` (criterion statuses and
basis, counts, standard, provisional marks, missing values, gap, revocation outcome), stored as
`core.compact`; call `evaluate` for the full explanation of one unit. A property test
(`tests/core/test_bulk_equality.py`) and the benchmark's national check compare both on every
field.
"""

from __future__ import annotations

import functools
import operator
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import partial
from typing import Any, NamedTuple

from ntm.core import growth
from ntm.core.catalog import Catalog
from ntm.core.conditions import evaluate_condition
from ntm.core.evaluate import evaluate_indicator, evaluate_requirement, revocation_against
from ntm.core.facts import district_counts
from ntm.core.gaps import normalised_gap
from ntm.core.memory import without_cycle_collection
from ntm.core.model import CriteriaSet, Indicator
from ntm.core.revocation import assess_district, commune_outcome
from ntm.core.rules import ResolvedThreshold, ThresholdOverride, UnitProfile, column_for, resolve_thresholds
from ntm.core.status import Status, combine, is_provisional, parse_recorded, standard_of
from ntm.core.unit import UnitInput
from ntm.core.values import NA, coerce_value

MET, NOT_MET, MISSING, NOT_APPLICABLE = Status.MET, Status.NOT_MET, Status.MISSING, Status.NOT_APPLICABLE

Step = tuple[str, frozenset[type], Callable[[Any], Any], Callable[[Any, Any], bool], Any]


class BatchRow(NamedTuple):
    """One unit's result. A named tuple: ~33,000 are made in a national run, and a frozen
    dataclass's field-by-field `__init__` cost an eighth of the batch."""

    unit_id: str
    year: int | None
    criteria: dict[str, Status]
    met_count: int
    total: int
    standard: Status
    revocation: str | None  # revoke | undetermined | keep; None when the set has no revocation rule
    provisional: tuple[str, ...] = ()  # criteria whose status rests on unconfirmed thresholds
    standard_provisional: bool = False  # the standard's verdict does (`EvaluationResult.provisional`)
    recorded: tuple[str, ...] = ()  # criteria whose status is the one an office recorded (basis)
    missing_values: int = 0  # indicators whose status is missing
    gap: float = 0.0  # normalised gaps of the indicators short of their threshold, criteria not met
    # the revocation check's clause and counts: (clause, criteria not met, without data,
    # applicable, key criteria not met), what `core.revocation.wording` explains
    revocation_counts: tuple[str | None, int, int, int, tuple[str, ...]] | None = None
    column: str = ""  # the column of the set's dimension whose thresholds applied

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
            "provisional": self.standard_provisional,
            "criteria_provisional": list(self.provisional),
        }


@dataclass(frozen=True)
class Plan:
    """A set compiled for one threshold key.

    A step is (indicator code, value types taken as they are, coercer for anything else,
    comparison, threshold); a criterion is (code, first step, end step, rule, at_least, complete,
    revocation key). `unconfirmed[i]`: step i's threshold is not confirmed against its decision,
    so a verdict it decides is provisional.
    """

    cset: CriteriaSet
    steps: tuple[Step, ...]
    unconfirmed: tuple[bool, ...]
    criteria: tuple[tuple[str, int, int, str, int | None, bool, bool], ...]
    # (values, recorded) -> (criterion statuses, met, failed, missing, applicable, key failed,
    # key missing, provisional criteria)
    run: Callable[[Mapping[str, Any], Mapping[str, Any]], tuple[Any, ...]] = field(compare=False, repr=False)
    growth: bool = False  # has growth indicators: their values are computed first (`core.growth`)
    column: str = ""  # the column of the set's dimension whose thresholds apply (`rules.column_for`)
    keys: tuple[str, ...] = ()  # the revocation's key criteria, in the set's order


def _typed(indicator: Indicator) -> frozenset[type]:
    """Python types that need no coercion (the Django side passes typed values)."""
    if indicator.kind == "boolean":
        return frozenset({bool})
    if indicator.numeric and indicator.kind != "count":
        return frozenset({float, int})
    return frozenset()


def _one_of(value: Any, accepted: list[Any]) -> bool:
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
        self._plans: dict[tuple[str, str, int | None, str | None], Plan] = {}
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
        unconfirmed: list[bool] = []
        criteria = []
        for c in cset.criteria:
            start = len(steps)
            for ind in c.indicators:
                threshold = thresholds[ind.code]
                if ind.basis or threshold.cases:  # not a plain comparison: see `_generate`
                    status = partial(_cased, ind, threshold)
                    steps.append((ind.code, frozenset(), status, operator.eq, BASIS if ind.basis else CASED))
                    # a basis value is never compared; a cased number is taken as unconfirmed when
                    # any of its cases is (the shipped cases are all unverified alike)
                    unconfirmed.append(not ind.basis and any(t.unconfirmed for t in threshold.for_values({})))
                    continue
                value = threshold.value
                steps.append(
                    (ind.code, _typed(ind), partial(coerce_value, ind), _op(ind.direction, value), value)
                )
                unconfirmed.append(thresholds[ind.code].unconfirmed)
            criteria.append((c.code, start, len(steps), c.rule, c.at_least, c.complete, c.revocation_key))
        run = _bind(cset, tuple(steps), tuple(unconfirmed), tuple(criteria))
        column, _ = column_for(cset, profile)
        return Plan(
            cset,
            tuple(steps),
            tuple(unconfirmed),
            tuple(criteria),
            run,
            bool(growth.indicators(cset)),
            column,
            tuple(c.code for c in cset.criteria if c.revocation_key),
        )


class _Marker:
    def __init__(self, name: str):
        self.name = name

    def __repr__(self) -> str:
        return self.name


BASIS = _Marker("BASIS")  # a basis indicator: never compared, counts as not applicable
CASED = _Marker("CASED")  # a threshold chosen by a basis value: decided by the reference code


def _cased(
    indicator: Indicator, threshold: ResolvedThreshold, values: Mapping[str, Any]
) -> tuple[Status, float]:
    """The reference evaluation of one indicator (rare shapes, not worth unrolling): its status and
    normalised gap (0 when it has none)."""
    found = evaluate_indicator(indicator, values.get(indicator.code), threshold, values=values)
    return found.status, found.gap.normalised if found.gap else 0.0


def _gapped(cset: CriteriaSet, step: Step) -> bool:
    """A failure of this step has a gap to add up (a number compared with one threshold)."""
    threshold = step[4]
    plain = threshold is not BASIS and threshold is not CASED and threshold is not None
    return plain and cset.indicator(step[0]).numeric and not isinstance(threshold, list)


_GENERATED: dict[str, Any] = {}  # compiled code by source (plans of one set mostly share it)


def _bind(
    cset: CriteriaSet, steps: tuple[Step, ...], unconfirmed: tuple[bool, ...], criteria: tuple[Any, ...]
) -> Callable[..., Any]:
    """The generated walk of a plan: its compiled source, run with the plan's thresholds and coercers."""
    namespace: dict[str, Any] = {
        "MET": MET,
        "NOT_MET": NOT_MET,
        "MISSING": MISSING,
        "NOT_APPLICABLE": NOT_APPLICABLE,
        "NA": NA,
        "combine": combine,
        "parse_recorded": parse_recorded,
    }
    for i, (icode, _typed_as, coerce, _compare, threshold) in enumerate(steps):
        namespace[f"K{i}"], namespace[f"H{i}"] = coerce, threshold
        if _gapped(cset, steps[i]):
            namespace[f"G{i}"] = partial(normalised_gap, cset.indicator(icode), threshold=threshold)
    for n, (_code, _start, _end, _rule, at_least, _complete, _key) in enumerate(criteria):
        namespace[f"A{n}"] = at_least
    source = _generate(cset, steps, unconfirmed, criteria)
    code = _GENERATED.get(source)
    if code is None:
        code = _GENERATED[source] = compile(source, f"<ntm.core.batch plan of {cset.code}>", "exec")
    exec(code, namespace)
    run: Callable[..., Any] = namespace["run"]
    return run


def _generate(
    cset: CriteriaSet, steps: tuple[Step, ...], unconfirmed: tuple[bool, ...], criteria: tuple[Any, ...]
) -> str:
    """Python source of `run(values, recorded)` for a plan: `_indicator_statuses` and the criterion
    loop of `_evaluate_one`, unrolled. For each indicator: no value or no threshold is missing; a
    value of a type taken as it is is compared at once; anything else goes through the coercer
    (missing if blank, not applicable if "n/a"); the comparison is the plan's (`_op`). An `all`
    criterion is not met when one indicator fails, else missing when one is missing or the
    criterion is incomplete, else not applicable when none applied, else met; other rules collect
    the statuses and call `combine`. Then recorded statuses, counts and key flags as before.

    Provisional verdicts (`status.is_provisional`): in an `all` criterion a failure against an
    unconfirmed threshold sets `pbad` (not `bad`) and a pass sets `pmet`, so the criterion is not
    met provisionally when only `pbad` is set and met provisionally when `pmet` is; other rules
    call `combine` again with the unconfirmed positions read as missing. A criterion with no
    unconfirmed threshold generates none of this.

    Beside the statuses it counts the indicators whose status is missing (`nmiss`), names the
    criteria whose status was recorded (`rec`) and lists, per criterion, the normalised gaps of the
    numbers that failed their comparison (`cg`), kept when the criterion ends up not met (`gaps`:
    what `AssessmentSummary.total_gap` adds up). A float NaN is missing, as `coerce_value` reads it:
    only a float equal to itself is compared at once."""
    lines = [
        "def run(values, recorded):",
        "    get = values.get",
        "    result = {}",
        "    prov = []",
        "    rec = []",
        "    gaps = []",
        "    met = failed = missing = applicable = nmiss = 0",
        "    key_failed = key_missing = False",
    ]
    add = lines.append
    for n, (ccode, start, end, rule, _at_least, complete, key) in enumerate(criteria):
        collect = rule != "all"
        unsure = any(unconfirmed[start:end])
        gapped = any(_gapped(cset, steps[i]) or steps[i][4] is CASED for i in range(start, end))
        add("    bad = miss = app = False" if not collect else "    part = []")
        if unsure and not collect:
            add("    pbad = pmet = False")
        if gapped:
            add("    cg = []")
        for i in range(start, end):
            icode, typed, _coerce, _compare, threshold = steps[i]
            if threshold is BASIS:
                if collect:
                    add("    part.append(NOT_APPLICABLE)")
                continue
            if threshold is CASED:
                add(f"    st, g = K{i}(values)")
                add("    if st is NOT_MET:")
                add("        cg.append(g)")
                if collect:
                    add("    part.append(st)")
                else:
                    add("    if st is MISSING:")
                    add("        miss = True")
                    add("        nmiss += 1")
                    add("    elif st is not NOT_APPLICABLE:")
                    add("        app = True")
                    if unconfirmed[i]:
                        add("        if st is NOT_MET:")
                        add("            pbad = True")
                        add("        else:")
                        add("            pmet = True")
                    else:
                        add("        if st is NOT_MET:")
                        add("            bad = True")
                continue
            if threshold is None:
                add("    part.append(MISSING)" if collect else "    miss = True\n    nmiss += 1")
                continue
            direction = cset.indicator(icode).direction
            comparison = {">=": f"v >= H{i}", "<=": f"v <= H{i}"}.get(
                direction, f"v in H{i}" if isinstance(threshold, list) else f"v == H{i}"
            )
            if typed == {bool}:
                taken = "type(v) is bool"
            elif typed == {float, int}:
                taken = "(t := type(v)) is int or (t is float and v == v)"
            else:
                taken = "False"
            on_gap = [f"cg.append(G{i}(v))"] if _gapped(cset, steps[i]) else []
            if collect:
                on_missing, on_na = "part.append(MISSING)", "part.append(NOT_APPLICABLE)"
                on_compare = [
                    f"if {comparison}:",
                    "    part.append(MET)",
                    "else:",
                    "    part.append(NOT_MET)",
                    *(f"    {line}" for line in on_gap),
                ]
            elif unconfirmed[i]:
                on_missing, on_na = "miss = True; nmiss += 1", "pass"
                on_compare = [
                    "app = True",
                    f"if {comparison}:",
                    "    pmet = True",
                    "else:",
                    "    pbad = True",
                    *(f"    {line}" for line in on_gap),
                ]
            else:
                on_missing, on_na = "miss = True; nmiss += 1", "pass"
                on_compare = [
                    "app = True",
                    f"if not ({comparison}):",
                    "    bad = True",
                    *(f"    {line}" for line in on_gap),
                ]
            add(f"    v = get({icode!r})")
            if typed == {bool} and type(threshold) is bool and comparison == f"v == H{i}":
                # a yes/no against yes or no: only the two bool objects are taken as they are
                flag = "pbad" if unconfirmed[i] else "bad"
                met_lines = ["part.append(MET)"] if collect else ["app = True"]
                if unconfirmed[i] and not collect:
                    met_lines.append("pmet = True")
                failed_lines = ["part.append(NOT_MET)"] if collect else ["app = True", f"{flag} = True"]
                add(f"    if v is H{i}:")
                lines.extend(f"        {line}" for line in met_lines)
                add(f"    elif v is {not threshold!r}:")
                lines.extend(f"        {line}" for line in failed_lines)
                add("    elif v is None:")
                add(f"        {on_missing}")
            else:
                add("    if v is None:")
                add(f"        {on_missing}")
                add(f"    elif {taken}:")
                lines.extend(f"        {line}" for line in on_compare)
            add("    else:")
            add(f"        v = K{i}(v)")
            add("        if v is None:")
            add(f"            {on_missing}")
            add("        elif v is NA:")
            add(f"            {on_na}")
            add("        else:")
            lines.extend(f"            {line}" for line in on_compare)
        if collect:
            add("    nmiss += part.count(MISSING)")
            add(f"    s = combine({rule!r}, A{n}, part, {complete!r})")
            if unsure:
                add("    if s is MET or s is NOT_MET:")
                add("        cert = part[:]")
                for k in range(end - start):
                    if unconfirmed[start + k]:
                        add(f"        if cert[{k}] is MET or cert[{k}] is NOT_MET:")
                        add(f"            cert[{k}] = MISSING")
                add(f"        if combine({rule!r}, A{n}, cert, {complete!r}) is not s:")
                add(f"            prov.append({ccode!r})")
        else:
            add("    if bad:")
            add("        s = NOT_MET")
            if unsure:
                add("    elif pbad:")
                add("        s = NOT_MET")
                add(f"        prov.append({ccode!r})")
            add("    elif miss:" if complete else "    else:")
            add("        s = MISSING")
            if complete:
                add("    elif app:")
                add("        s = MET")
                if unsure:
                    add("        if pmet:")
                    add(f"            prov.append({ccode!r})")
                add("    else:")
                add("        s = NOT_APPLICABLE")
        add("    if s is MISSING and recorded:")
        add(f"        r = parse_recorded(recorded.get({ccode!r}))")
        add("        if r is not None:")
        add("            s = r")
        add(f"            rec.append({ccode!r})")
        if gapped:
            add("    if s is not MET and cg:")
            add("        gaps.extend(cg)")
        add(f"    result[{ccode!r}] = s")
        add("    if s is MET:")
        add("        met += 1")
        add("    elif s is NOT_MET:")
        add("        failed += 1")
        if key:
            add("        key_failed = True")
        add("    elif s is MISSING:")
        add("        missing += 1")
        if key:
            add("        key_missing = True")
        add("    if s is not NOT_APPLICABLE:")
        add("        applicable += 1")
    add(
        "    return result, met, failed, missing, applicable, key_failed, key_missing, prov, rec, nmiss, gaps"
    )
    return "\n".join(lines) + "\n"


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
    plans: dict[tuple[UnitProfile, int | None], Plan] = {}  # by profile value: most units share a few
    with without_cycle_collection():
        return [_evaluate_one(catalog, planner, plans, set_code, unit, year) for unit in units]


@functools.cache
def _commune_revocation(
    failed: int, missing: int, total: int, key_failed: bool, key_open: bool
) -> tuple[str, str | None]:
    """`commune_outcome` remembered: it depends only on these few small counts and flags."""
    return commune_outcome(failed, missing, total, key_failed, key_open)


def _evaluate_one(
    catalog: Catalog,
    planner: Planner,
    plans: dict[tuple[UnitProfile, int | None], Plan],
    set_code: str,
    unit: UnitInput,
    year: int | None,
) -> BatchRow:
    unit_year = year if year is not None else unit.year
    plan = plans.get((unit.profile, unit_year))
    if plan is None:
        plan = plans[unit.profile, unit_year] = planner.plan(set_code, unit.profile, unit_year)
    values = growth.apply(plan.cset, unit.values, unit.previous) if plan.growth else unit.values
    result, met, failed, missing, applicable, key_failed, key_missing, prov, rec, nmiss, gaps = plan.run(
        values, unit.recorded
    )
    cset = plan.cset
    prereq_results: dict[str, Any] = {}
    if cset.requires or cset.conditions:
        standard, standard_provisional = _standard(
            catalog, cset, unit, unit_year, planner.overrides, result, prov, prereq_results
        )
    elif not result and not cset.complete:
        standard, standard_provisional = MISSING, False
    else:  # what `_standard` gives from the criteria alone
        standard = NOT_MET if failed else MISSING if missing else MET
        # provisional when it would not hold with the provisional criteria unknown (`is_provisional`)
        provisional_failed = sum(result[c] is NOT_MET for c in prov)
        standard_provisional = bool(prov) and (
            standard is MET or (standard is NOT_MET and failed == provisional_failed)
        )
    revocation = counts = found = None
    if cset.revocation_against:
        found = revocation_against(catalog, cset, prereq_results)
    elif cset.revocation == "commune":
        revocation, clause = _commune_revocation(
            failed, missing, applicable, key_failed, key_failed or key_missing
        )
        key_not_met = tuple(c for c in plan.keys if result[c] is NOT_MET) if key_failed else ()
        counts = (clause, failed, missing, applicable, key_not_met)
    elif cset.revocation == "district":
        found = assess_district(result, plan.keys, *district_counts(unit.facts))
    if found is not None:
        revocation = found.outcome
        counts = (found.clause, len(found.not_met), len(found.missing), found.total, found.key_not_met)
    return BatchRow(
        unit.id,
        unit_year,
        result,
        met,
        len(result),
        standard,
        revocation,
        tuple(prov),
        standard_provisional,
        tuple(rec),
        nmiss,
        sum(gaps),
        counts,
        plan.column,
    )


def _standard(
    catalog: Catalog,
    cset: CriteriaSet,
    unit: UnitInput,
    year: int | None,
    overrides: tuple[ThresholdOverride, ...],
    criteria: dict[str, Status],
    provisional: list[str],
    prereq_results: dict[str, Any],
) -> tuple[Status, bool]:
    """The standard and whether it is provisional, as `EvaluationResult.standard` / `.provisional`;
    required sets evaluated from the unit's data are left in `prereq_results` (a model commune's
    revocation check reads them)."""
    statuses = list(criteria.values())
    unsure = [code in provisional for code in criteria]
    for req in cset.requires:
        condition = evaluate_requirement(
            catalog, req, unit.profile, year, unit.facts, unit.prerequisites, overrides, prereq_results
        )
        statuses.append(condition.status)
        unsure.append(condition.provisional)
    for cond in cset.conditions:
        condition = evaluate_condition(
            catalog, cond, unit.profile, year, unit.facts, unit.prerequisites, overrides
        )
        statuses.append(condition.status)
        unsure.append(condition.provisional)
    if not criteria and not cset.complete:
        return MISSING, False
    standard = standard_of(statuses)
    return standard, is_provisional(standard, statuses, unsure, standard_of)
