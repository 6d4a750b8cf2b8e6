"""Distance to the standard: per-indicator gaps and the "nearest to standard" ordering of units."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ntm.core.model import Indicator
from ntm.core.values import format_number

if TYPE_CHECKING:
    from ntm.core.evaluate import EvaluationResult


@dataclass(frozen=True)
class Gap:
    """How far a numeric value is from its threshold, in the indicator's own unit."""

    indicator: str
    amount: float
    normalised: float  # amount / |threshold|: comparable across indicators of different units
    label_vi: str
    label_en: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "amount": round(self.amount, 4),
            "normalised": round(self.normalised, 4),
            "label_vi": self.label_vi,
            "label_en": self.label_en,
        }


def _amount(indicator: Indicator, value: Any, threshold: float) -> float | None:
    """How far a numeric value falls short of its threshold; None when met or not numeric."""
    if not indicator.numeric or isinstance(value, bool) or not isinstance(value, int | float):
        return None
    direction = indicator.direction
    if direction == ">=":
        amount = threshold - value
    elif direction == "<=":
        amount = value - threshold
    else:
        amount = abs(value - threshold)
    return amount if amount > 0 else None


def normalised_gap(indicator: Indicator, value: Any, threshold: float) -> float:
    """`gap_for(...).normalised` without its wording (the bulk path adds many up); 0 when none."""
    amount = _amount(indicator, value, threshold)
    if amount is None:
        return 0.0
    return amount / abs(threshold) if threshold else amount


def gap_for(indicator: Indicator, value: float, threshold: float) -> Gap | None:
    """The gap of a numeric value that does not meet its threshold; None when met or not numeric."""
    amount = _amount(indicator, value, threshold)
    if amount is None:
        return None
    direction = indicator.direction
    normalised = amount / abs(threshold) if threshold else amount
    vi_unit, en_unit = (
        ("điểm %", "percentage points")
        if indicator.kind in ("percent", "growth")
        else (indicator.unit, indicator.unit_en)
    )
    vi_num, en_num = format_number(amount, "vi"), format_number(amount, "en")
    if direction == ">=":
        vi, en = f"thiếu {vi_num} {vi_unit}", f"{en_num} {en_unit} short"
    elif direction == "<=":
        vi, en = f"vượt {vi_num} {vi_unit}", f"{en_num} {en_unit} over the limit"
    else:
        vi, en = f"lệch {vi_num} {vi_unit}", f"{en_num} {en_unit} off"
    return Gap(indicator.code, amount, normalised, vi.strip(), en.replace("  ", " ").strip())


@dataclass(frozen=True)
class Ranked:
    unit_id: str
    unit_name: str
    label: str
    criteria_remaining: int  # not met + missing
    total_gap: float  # sum of normalised gaps of numeric indicators not met

    def to_dict(self) -> dict[str, Any]:
        return {
            "unit_id": self.unit_id,
            "unit_name": self.unit_name,
            "label": self.label,
            "criteria_remaining": self.criteria_remaining,
            "total_gap": round(self.total_gap, 4),
        }


def nearest_key(criteria_remaining: int, total_gap: float, unit_id: str) -> tuple[int, float, str]:
    """The "nearest to standard" order, shared by the CLI and the pages: fewest criteria left (not
    met or missing), then the smallest total of normalised gaps, then the unit id (a stable order)."""
    return (criteria_remaining, total_gap, unit_id)


def rank_nearest(results: Iterable[EvaluationResult]) -> list[Ranked]:
    """Units ordered nearest to the standard first (`nearest_key`)."""
    rows = [
        Ranked(
            unit_id=r.unit_id,
            unit_name=r.unit_name,
            label=r.label,
            criteria_remaining=len(r.not_met) + len(r.missing),
            total_gap=sum(i.gap.normalised for c in r.criteria for i in c.indicators if i.gap),
        )
        for r in results
    ]
    return sorted(rows, key=lambda row: nearest_key(row.criteria_remaining, row.total_gap, row.unit_id))
