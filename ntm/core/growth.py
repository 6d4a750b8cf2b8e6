"""Growth indicators: the rate of change of a base indicator against its value the year before.

A growth indicator (kind "growth", e.g. income growth in 2026–2030) is never entered: its value is
(this year's base / last year's base − 1) × 100, in %, rounded to two decimals, from the base
indicator's stored series. Both `evaluate` and the batch path call `apply`, so they agree. When a
value cannot be computed the indicator is missing, with a note saying why."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ntm.core.model import CriteriaSet, Indicator
from ntm.core.values import InvalidValue, coerce_value

PREVIOUS_MISSING = "chưa có số liệu năm trước"
CURRENT_MISSING = "chưa có số liệu năm nay của chỉ tiêu {base}"
PREVIOUS_ZERO = "số liệu năm trước của chỉ tiêu {base} bằng 0 hoặc âm: không tính được tốc độ tăng"


def indicators(cset: CriteriaSet) -> tuple[Indicator, ...]:
    return tuple(ind for ind in cset.indicators() if ind.kind == "growth")


def compute(
    cset: CriteriaSet, values: Mapping[str, Any], previous: Mapping[str, Any]
) -> dict[str, tuple[float | None, str]]:
    """Growth indicator code -> (rate in %, or None when it cannot be computed; note)."""
    out: dict[str, tuple[float | None, str]] = {}
    for ind in indicators(cset):
        base = cset.indicator(ind.base)
        now, before = _number(base, values.get(base.code)), _number(base, previous.get(base.code))
        if before is None:
            out[ind.code] = (None, PREVIOUS_MISSING)
        elif now is None:
            out[ind.code] = (None, CURRENT_MISSING.format(base=base.code))
        elif before <= 0:
            out[ind.code] = (None, PREVIOUS_ZERO.format(base=base.code))
        else:
            out[ind.code] = (round((now / before - 1) * 100, 2), "")
    return out


def apply(cset: CriteriaSet, values: Mapping[str, Any], previous: Mapping[str, Any]) -> Mapping[str, Any]:
    """`values` with every growth indicator's computed value (None when it cannot be computed: a
    value given for a growth indicator is never used)."""
    return merged(values, compute(cset, values, previous))


def merged(values: Mapping[str, Any], computed: Mapping[str, tuple[float | None, str]]) -> Mapping[str, Any]:
    if not computed:
        return values
    return {**values, **{code: value for code, (value, _note) in computed.items()}}


def _number(indicator: Indicator, raw: Any) -> float | None:
    """A base value as a number; None when absent, not applicable or unreadable."""
    try:
        value = coerce_value(indicator, raw)
    except InvalidValue:
        return None
    return value if isinstance(value, int | float) and not isinstance(value, bool) else None
