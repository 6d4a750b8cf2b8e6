"""Indicator values chosen relative to the catalog's thresholds, so that the real engine computes
the statuses the demo plans: a met indicator gets a value on the right side of its threshold, a
blocking one a value on the wrong side. Thresholds are often placeholders: the values say nothing
about the official standard, only about the demo's plan.

Values move one way over the years (a gap narrows until it closes, then the margin grows), and
each (commune, indicator) draws its own margins from an RNG seeded by the pair, so a value does not
change when other parts of the demo do. Pure Python: no Django.
"""

import math
import random
from typing import Any

from ntm.core.model import Criterion, Indicator
from ntm.core.rules import ResolvedThreshold

NOT_APPLICABLE = "n/a"
PERCENT_MAX = 100.0


def _up(x: float) -> float:
    return math.ceil(round(x * 10, 6)) / 10


def _down(x: float) -> float:
    return math.floor(round(x * 10, 6)) / 10


def value_for(
    indicator: Indicator,
    threshold: ResolvedThreshold,
    year: int,
    met_from: int | None,
    key: str,
    horizon: int | None = None,
) -> Any:
    """The value of `indicator` in `year` for a unit that meets it from `met_from` on (None: not in
    the demo's years; its gap then narrows towards `horizon`, the year after them).

    `key` seeds the margins (use the unit code): the same key, indicator and plan give the same value.
    """
    met = met_from is not None and year >= met_from
    start = met_from if met_from is not None else horizon or year + 1
    if indicator.kind == "boolean":
        return met if threshold.value is True else not met
    rng = random.Random(f"ntm-demo/{key}/{indicator.code}")
    t = float(threshold.value)
    if indicator.kind == "money":
        return _money(t, met, year, start, rng)
    if indicator.direction == ">=":
        cap = PERCENT_MAX if indicator.kind == "percent" else t * 2
        return _at_least(t, cap, met, year, start, rng)
    return _at_most(t, met, year, start, rng)


def _at_least(t: float, cap: float, met: bool, year: int, met_from: int, rng: random.Random) -> float:
    room = cap - t
    margin, yearly, gap = rng.uniform(0.1, 0.6) * room, rng.uniform(0.2, 1.0), rng.uniform(3, 8)
    if met:
        return min(cap, _up(t + margin + yearly * (year - met_from)))
    years_short = met_from - year
    return max(0.0, _down(t - gap * years_short - 0.1))


def _at_most(t: float, met: bool, year: int, met_from: int, rng: random.Random) -> float:
    margin, yearly, gap = rng.uniform(0.2, 0.6) * t, rng.uniform(0.05, 0.15) * t, rng.uniform(0.3, 0.8) * t
    if met:
        return max(0.0, _down(t - margin - yearly * (year - met_from)))
    years_short = met_from - year
    return _up(t + gap * years_short + 0.1)


def _money(t: float, met: bool, year: int, met_from: int, rng: random.Random) -> float:
    margin, growth = rng.uniform(0.03, 0.25), rng.uniform(0.05, 0.09)
    if met:
        return _up(t * (1 + margin) * (1 + growth) ** (year - met_from))
    years_short = met_from - year
    return _down(t * (1 - 0.02) / (1 + growth) ** years_short)


def blocking_indicator(criterion: Criterion, key: str) -> Indicator:
    """The indicator that keeps a criterion unmet while it is unmet (one per unit and criterion)."""
    compared = [i for i in criterion.indicators if not i.basis]
    candidates = [i for i in compared if not i.optional] or compared
    return random.Random(f"ntm-demo/{key}/{criterion.code}/blocking").choice(candidates)


def criterion_values(
    criterion: Criterion,
    thresholds: dict[str, ResolvedThreshold],
    year: int,
    *,
    met_from: int | None,
    since: int,
    key: str,
    horizon: int | None = None,
    blocking: str | None = None,
) -> dict[str, Any]:
    """Values of a criterion's indicators in `year`: all met from `since`, except the blocking one,
    met from `met_from` (None: not before `horizon`). Optional indicators are declared not
    applicable; indicators without a threshold for the unit are left empty (the engine then
    reports them missing); a basis value (number of schools) is drawn once per unit and chooses
    the thresholds that depend on it."""
    block = blocking or blocking_indicator(criterion, key).code
    values: dict[str, Any] = {}
    for indicator in criterion.indicators:
        if indicator.basis:  # a count the thresholds depend on (number of schools): fixed per unit
            values[indicator.code] = random.Random(f"ntm-demo/{key}/{indicator.code}").randint(2, 6)
    for indicator in criterion.indicators:
        if indicator.basis:
            continue
        if indicator.optional and indicator.code != block:
            values[indicator.code] = NOT_APPLICABLE
            continue
        chosen = thresholds[indicator.code].for_values(values)
        threshold = chosen[0] if len(chosen) == 1 else thresholds[indicator.code]
        if threshold.value is None:
            continue
        start = met_from if indicator.code == block else since
        values[indicator.code] = value_for(indicator, threshold, year, start, key, horizon)
    return values
