"""Batch evaluation of many units in one call, built for a whole country.

10,000 communes × ~60 indicators × 5 years is about 3 million comparisons. Thresholds depend only
on (set, column of the dimension, year, province when a provincial override exists), so each such
key is compiled once into a flat plan — per indicator (code, types taken as they are, coercer,
comparison, threshold) and per criterion a slice of that list — and cached in a `Planner`. The hot
loop is then a plain list walk: no threshold resolution, no result objects, no gap computation,
and the revocation check from running counts.

Each plan also carries a function generated for it (`_generate`): the same walk written out step
by step — the comparisons inline, each criterion combined from three flags as its indicators are
read — which is what the batch runs. Before that walk, a quick pass reads every value at once and
takes a criterion whose values are all of the plain type and pass their comparison as met: most
criteria of most units, in a few bytecodes each; only the others are walked. Plans of one shape
share their source, so it is generated and compiled once and bound to each plan's thresholds and
coercers. A threshold chosen by a basis value (`_cased_step`) is decided here for numbers, by the
reference code for anything else.

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
import itertools
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
    # key missing, provisional criteria, recorded criteria, missing indicators, gaps, criteria
    # not met provisionally)
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
        indicators = {i.code: i for i in cset.indicators()}
        steps: list[Step] = []
        unconfirmed: list[bool] = []
        criteria = []
        for c in cset.criteria:
            start = len(steps)
            for ind in c.indicators:
                threshold = thresholds[ind.code]
                if ind.basis or threshold.cases:  # not a plain comparison: see `_generate`
                    status = _cased_step(ind, threshold)
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
        run = _bind(cset, indicators, tuple(steps), tuple(unconfirmed), tuple(criteria))
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


def _cased_step(
    indicator: Indicator, threshold: ResolvedThreshold
) -> Callable[[Mapping[str, Any]], tuple[Status, float]]:
    """`_cased` for one indicator, with the common shapes decided here: a number taken as it is
    (`_typed`) against cases of plain numbers, the basis value a number (the first case that holds,
    `ResolvedThreshold.for_values`; missing when none does) or not given (decided only when every
    case agrees, `evaluate._evaluate_cased`). Anything else — text to coerce, NaN, "n/a", a basis
    given as text — goes to the reference code."""
    reference = partial(_cased, indicator, threshold)
    cases = tuple((when.min, when.max, case.value) for when, case in threshold.cases)
    plain = all(type(value) in (int, float) for _lo, _hi, value in cases)
    if indicator.basis or not plain or _typed(indicator) != {float, int}:
        return reference
    code, basis = indicator.code, threshold.cases[0][0].indicator
    meets = _op(indicator.direction, cases[0][2])
    gap = partial(normalised_gap, indicator)

    def status(values: Mapping[str, Any]) -> tuple[Status, float]:
        v = values.get(code)
        if not ((t := type(v)) is int or (t is float and v == v)):
            return reference(values)
        b: Any = values.get(basis)
        if (t := type(b)) is int or t is float:
            b = float(b)  # `rules.basis_number`
            for lo, hi, value in cases:
                if (lo is None or b >= lo) and (hi is None or b <= hi):
                    return (MET, 0.0) if meets(v, value) else (NOT_MET, gap(v, value))
            return MISSING, 0.0
        if b is not None:
            return reference(values)
        found = {meets(v, value) for _lo, _hi, value in cases}
        if len(found) > 1:
            return MISSING, 0.0
        return (MET, 0.0) if found.pop() else (NOT_MET, gap(v, cases[0][2]))

    return status


def _gapped(indicator: Indicator, threshold: Any) -> bool:
    """A failure of this step has a gap to add up (a number compared with one threshold)."""
    plain = threshold is not BASIS and threshold is not CASED and threshold is not None
    return plain and indicator.numeric and not isinstance(threshold, list)


def _quick(indicator: Indicator, typed: frozenset[type], threshold: Any) -> str | None:
    """The test, on the value `x`, that decides this step is met at once, or None when the step
    has none: a yes/no against yes or no (only the bool object passes), a number taken as it is
    against a number. NaN and a missing value (read as NaN) fail every comparison, so they and
    anything else that fails go to the full walk; a value that cannot be compared (text, None)
    raises TypeError, which sends the whole unit to it. A bool is an int to Python: where True or
    False would pass the comparison, the test also refuses bools, as `coerce_value` does."""
    if threshold is BASIS or threshold is CASED or threshold is None:
        return None
    if typed == {bool} and type(threshold) is bool:
        return f"{{x}} is {threshold!r}"
    if typed != {float, int} or type(threshold) not in (int, float):
        return None
    compare = _op(indicator.direction, threshold)
    test = {">=": "{x} >= {h}", "<=": "{x} <= {h}"}.get(indicator.direction, "{x} == {h}")
    if compare(True, threshold) or compare(False, threshold):
        return f"({test} and type({{x}}) is not bool)"
    return test


_GENERATED: dict[tuple[Any, ...], tuple[str, Any]] = {}  # source and code by plan shape


def _bind(
    cset: CriteriaSet,
    indicators: Mapping[str, Indicator],
    steps: tuple[Step, ...],
    unconfirmed: tuple[bool, ...],
    criteria: tuple[Any, ...],
) -> Callable[..., Any]:
    """The generated walk of a plan: its compiled source, run with the plan's thresholds and coercers.
    Plans of one shape (each step's code, types, kind of threshold and quick test; the criteria)
    share one source, generated and compiled once."""
    namespace: dict[str, Any] = {
        "MET": MET,
        "NOT_MET": NOT_MET,
        "MISSING": MISSING,
        "NOT_APPLICABLE": NOT_APPLICABLE,
        "NA": NA,
        "NANS": itertools.repeat(float("nan")),  # a missing value, as the quick tests read it
        "combine": combine,
        "parse_recorded": parse_recorded,
    }
    quick = tuple(_quick(indicators[s[0]], s[1], s[4]) for s in steps)
    for i, (icode, _typed_as, coerce, _compare, threshold) in enumerate(steps):
        namespace[f"K{i}"], namespace[f"H{i}"] = coerce, threshold
        if _gapped(indicators[icode], threshold):
            namespace[f"G{i}"] = partial(normalised_gap, indicators[icode], threshold=threshold)
    for n, (_code, _start, _end, _rule, at_least, _complete, _key) in enumerate(criteria):
        namespace[f"A{n}"] = at_least
    shape = (
        cset.code,
        tuple(
            (s[0], s[1], _kind_of(s[4]), indicators[s[0]].direction, indicators[s[0]].numeric) for s in steps
        ),
        quick,
        unconfirmed,
        criteria,
    )
    found = _GENERATED.get(shape)
    if found is None:
        source = _generate(indicators, steps, unconfirmed, criteria, quick)
        found = _GENERATED[shape] = (source, compile(source, f"<ntm.core.batch plan of {cset.code}>", "exec"))
    exec(found[1], namespace)
    run: Callable[..., Any] = namespace["run"]
    return run


def _kind_of(threshold: Any) -> Any:
    """What the generated source depends on in a threshold: a marker, none, yes / no, a list or a number."""
    if threshold is BASIS or threshold is CASED or threshold is None or type(threshold) is bool:
        return threshold
    return "list" if isinstance(threshold, list) else "number"


def _generate(
    indicators: Mapping[str, Indicator],
    steps: tuple[Step, ...],
    unconfirmed: tuple[bool, ...],
    criteria: tuple[Any, ...],
    quick: tuple[str | None, ...],
) -> str:
    """Python source of `run(values, recorded)` for a plan: `_indicator_statuses` and the criterion
    loop of `_evaluate_one`, unrolled, in two passes.

    The quick pass (`run`) reads the values of every step with a quick test (`_quick`) at once,
    a missing one as NaN, and takes an `all` criterion whose every step passes its test as met
    (provisional when one of its thresholds is unconfirmed) — most criteria of most units. Any other
    criterion goes through its full walk below. A value the quick tests cannot compare sends the
    unit to `walk`, the full walk of every criterion.

    The full walk of a criterion: for each indicator, no value or no threshold is missing; a value
    of a type taken as it is is compared at once; anything else goes through the coercer (missing
    if blank, not applicable if "n/a"); the comparison is the plan's (`_op`). An `all` criterion is
    not met when one indicator fails, else missing when one is missing or the criterion is
    incomplete, else not applicable when none applied, else met; other rules collect the statuses
    and call `combine`. Then recorded statuses fill in missing ones.

    Provisional verdicts (`status.is_provisional`): in an `all` criterion a failure against an
    unconfirmed threshold sets `pbad` (not `bad`) and a pass sets `pmet`, so the criterion is not
    met provisionally when only `pbad` is set and met provisionally when `pmet` is; other rules
    call `combine` again with the unconfirmed positions read as missing. A criterion with no
    unconfirmed threshold generates none of this. `pfail` counts the criteria not met provisionally.

    Beside the statuses it counts the indicators whose status is missing (`nmiss`), names the
    criteria whose status was recorded (`rec`) and lists, per criterion, the normalised gaps of the
    numbers that failed their comparison (`cg`), kept when the criterion ends up not met (`gaps`:
    what `AssessmentSummary.total_gap` adds up). A float NaN is missing, as `coerce_value` reads it:
    only a float equal to itself is compared at once."""
    fast = [
        rule == "all" and complete and end > start and all(quick[i] is not None for i in range(start, end))
        for (_c, start, end, rule, _a, complete, _k) in criteria
    ]
    read = [i for i, test in enumerate(quick) if test is not None]
    codes = tuple(steps[i][0] for i in read)
    statuses = ", ".join(f"s{n}" for n in range(len(criteria))) + ("," if len(criteria) == 1 else "")
    keys = [n for n, c in enumerate(criteria) if c[6]]
    key_failed = " or ".join(f"s{n} is NOT_MET" for n in keys) or "False"
    key_missing = " or ".join(f"s{n} is MISSING" for n in keys) or "False"
    tail = [
        f"    st = ({statuses})",
        "    met = st.count(MET)",
        "    failed = st.count(NOT_MET)",
        "    missing = st.count(MISSING)",
        f"    return (dict(zip({tuple(c[0] for c in criteria)!r}, st)), met, failed, missing,",
        f"        met + failed + missing, {key_failed}, {key_missing}, prov, rec, nmiss, gaps, pfail)",
    ]
    head = [
        "    get = values.get",
        "    prov = []",
        "    rec = []",
        "    gaps = []",
        "    nmiss = pfail = 0",
    ]
    lines = ["def walk(values, recorded):", *head]
    for n, criterion in enumerate(criteria):
        lines += _walk(indicators, steps, unconfirmed, n, criterion, "    ")
    lines += tail
    if not any(fast):
        return "\n".join([*lines, "run = walk", ""])
    names = [f"x{i}" for i in read]
    lines += ["", "def run(values, recorded):", *head, "    try:"]
    lines.append(f"        {', '.join(names)}, = map(get, {codes!r}, NANS)")
    for n, criterion in enumerate(criteria):
        _c, start, end, *_rest = criterion
        if not fast[n]:
            lines += _walk(indicators, steps, unconfirmed, n, criterion, "        ")
            continue
        tests = " and ".join(str(quick[i]).format(x=f"x{i}", h=f"H{i}") for i in range(start, end))
        lines.append(f"        if {tests}:")
        lines.append(f"            s{n} = MET")
        if any(unconfirmed[start:end]):
            lines.append(f"            prov.append({criterion[0]!r})")
        lines.append("        else:")
        lines += _walk(indicators, steps, unconfirmed, n, criterion, "            ")
    lines += ["    except TypeError:", "        return walk(values, recorded)", *tail]
    return "\n".join(lines) + "\n"


def _walk(
    indicators: Mapping[str, Indicator],
    steps: tuple[Step, ...],
    unconfirmed: tuple[bool, ...],
    n: int,
    criterion: tuple[Any, ...],
    indent: str,
) -> list[str]:
    """The full walk of criterion `n`, leaving its status in `s<n>` (see `_generate`)."""
    ccode, start, end, rule, _at_least, complete, _key = criterion
    lines: list[str] = []

    def add(line: str) -> None:
        lines.append(indent + line.removeprefix("    "))

    collect = rule != "all"
    unsure = any(unconfirmed[start:end])
    gapped = any(
        _gapped(indicators[steps[i][0]], steps[i][4]) or steps[i][4] is CASED for i in range(start, end)
    )
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
            if collect:
                add("    part.append(MISSING)")
            else:
                add("    miss = True")
                add("    nmiss += 1")
            continue
        direction = indicators[icode].direction
        comparison = {">=": f"v >= H{i}", "<=": f"v <= H{i}"}.get(
            direction, f"v in H{i}" if isinstance(threshold, list) else f"v == H{i}"
        )
        if typed == {bool}:
            taken = "type(v) is bool"
        elif typed == {float, int}:
            taken = "(t := type(v)) is int or (t is float and v == v)"
        else:
            taken = "False"
        on_gap = [f"cg.append(G{i}(v))"] if _gapped(indicators[icode], threshold) else []
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
            lines.extend(f"{indent}    {line}" for line in met_lines)
            add(f"    elif v is {not threshold!r}:")
            lines.extend(f"{indent}    {line}" for line in failed_lines)
            add("    elif v is None:")
            add(f"        {on_missing}")
        else:
            add("    if v is None:")
            add(f"        {on_missing}")
            add(f"    elif {taken}:")
            lines.extend(f"{indent}    {line}" for line in on_compare)
        add("    else:")
        add(f"        v = K{i}(v)")
        add("        if v is None:")
        add(f"            {on_missing}")
        add("        elif v is NA:")
        add(f"            {on_na}")
        add("        else:")
        lines.extend(f"{indent}        {line}" for line in on_compare)
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
            add("            if s is NOT_MET:")
            add("                pfail += 1")
    else:
        add("    if bad:")
        add("        s = NOT_MET")
        if unsure:
            add("    elif pbad:")
            add("        s = NOT_MET")
            add(f"        prov.append({ccode!r})")
            add("        pfail += 1")
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
    add(f"    s{n} = s")
    return lines


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
    result, met, failed, missing, applicable, key_failed, key_missing, prov, rec, nmiss, gaps, pfail = (
        plan.run(values, unit.recorded)
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
        standard_provisional = bool(prov) and (standard is MET or (standard is NOT_MET and failed == pfail))
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
