"""A set's extra conditions beyond its criteria, computed from facts passed in.

Three kinds cover the 2021–2025 sets:
- `fact_min`: a fact is at least a minimum (≥1 smart village; satisfaction ≥ 90%); when the fact
  is a list or mapping every item must reach the minimum, at any depth: satisfaction per commune
  `{commune: pct}` or, as QĐ 320 asks ("ở từng xã đối với … từng nội dung"), per commune and per
  content `{commune: {content: pct}}`;
- `fact_ratio_min`: numerator / denominator ≥ a percentage (communes NTM / communes = 100%);
- `indicator_ratio_min`: a unit value is at least a ratio of another set's resolved threshold
  (model commune: income ≥ 110% of the advanced-commune income threshold).

Any condition may name `applies_if`, a count fact: when that count is 0 the condition is not
applicable. A district without communes (QĐ 211/QĐ-TTg Phụ lục V: "huyện … không có đơn vị hành
chính cấp xã") has no commune to meet the commune conditions, so `huyen-ntm-2021` names
`applies_if: communes_total` on them and such a district can be recognised on the others.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from ntm.core.catalog import Catalog
from ntm.core.model import Condition
from ntm.core.rules import ThresholdOverride, UnitProfile, resolve_thresholds
from ntm.core.status import Status
from ntm.core.unit import SetData
from ntm.core.values import coerce_value, parse_number


@dataclass(frozen=True)
class ConditionResult:
    code: str
    name_vi: str
    name_en: str
    status: Status
    verified: bool
    source: str
    detail: Mapping[str, Any] = field(default_factory=dict)
    notes: tuple[str, ...] = ()
    provisional: bool = False  # decided by a number not confirmed against its decision

    def name(self, lang: str) -> str:
        return self.name_vi if lang == "vi" else self.name_en

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "name_vi": self.name_vi,
            "name_en": self.name_en,
            "status": str(self.status),
            "verified": self.verified,
            "provisional": self.provisional,
            "source": self.source,
            "detail": dict(self.detail),
            "notes": list(self.notes),
        }


def _number(raw: Any) -> float | None:
    if raw is None or raw == "":
        return None
    if isinstance(raw, bool):
        return float(raw)
    if isinstance(raw, int | float):
        return raw
    return parse_number(str(raw))


def evaluate_condition(
    catalog: Catalog,
    condition: Condition,
    profile: UnitProfile,
    year: int | None,
    facts: Mapping[str, Any],
    prerequisites: Mapping[str, SetData],
    overrides: Iterable[ThresholdOverride],
) -> ConditionResult:
    params = condition.params
    verified = condition.verified
    notes: tuple[str, ...] = ()
    gate = params.get("applies_if")
    if gate is not None and _number(facts.get(gate)) == 0:
        return ConditionResult(
            condition.code, condition.name_vi, condition.name_en, Status.NOT_APPLICABLE, verified,
            condition.source, {gate: 0}, (f"{gate} is 0: the condition does not apply",),
        )  # fmt: skip
    if condition.kind == "fact_min":
        status, detail = _fact_min(facts.get(params["fact"]), params["min"])
        detail["fact"] = params["fact"]
    elif condition.kind == "fact_ratio_min":
        status, detail, notes = _fact_ratio(
            facts, params["numerator"], params["denominator"], params["min_percent"]
        )
    else:
        status, detail, threshold_verified = _indicator_ratio(
            catalog, params, profile, year, facts, prerequisites, overrides
        )
        verified = verified and threshold_verified
    return ConditionResult(
        condition.code,
        condition.name_vi,
        condition.name_en,
        status,
        verified,
        condition.source,
        detail,
        notes,
        provisional=not verified and status in (Status.MET, Status.NOT_MET),
    )


def _leaves(raw: Any, path: tuple[str, ...] = ()) -> list[tuple[tuple[str, ...], Any]]:
    """(path, value) of every item of a nested mapping or list; an empty one is a missing item."""
    if isinstance(raw, Mapping | list | tuple):
        pairs = raw.items() if isinstance(raw, Mapping) else enumerate(raw, 1)
        items = [leaf for key, value in pairs for leaf in _leaves(value, (*path, str(key)))]
        return items if items or not path else [(path, None)]
    return [(path, raw)]


def _fact_min(raw: Any, minimum: float) -> tuple[Status, dict[str, Any]]:
    numbers = [(path, _number(item)) for path, item in _leaves(raw)]
    detail: dict[str, Any] = {"value": raw, "min": minimum}
    if not numbers or any(n is None for _, n in numbers):
        return Status.MISSING, detail
    below = [" / ".join(path) for path, n in numbers if n is not None and n < minimum]
    if below and any(below):
        detail["below"] = below
    return (Status.NOT_MET if below else Status.MET), detail


def _fact_ratio(
    facts: Mapping[str, Any], numerator: str, denominator: str, min_percent: float
) -> tuple[Status, dict[str, Any], tuple[str, ...]]:
    num, den = _number(facts.get(numerator)), _number(facts.get(denominator))
    detail: dict[str, Any] = {numerator: num, denominator: den, "min_percent": min_percent}
    if num is None or den is None:
        return Status.MISSING, detail, ()
    if den == 0:
        return Status.MET, detail, (f"{denominator} is 0: nothing to meet",)
    detail["percent"] = round(num * 100 / den, 2)
    return (Status.MET if num * 100 >= min_percent * den else Status.NOT_MET), detail, ()


def _indicator_ratio(
    catalog: Catalog,
    params: Mapping[str, Any],
    profile: UnitProfile,
    year: int | None,
    facts: Mapping[str, Any],
    prerequisites: Mapping[str, SetData],
    overrides: Iterable[ThresholdOverride],
) -> tuple[Status, dict[str, Any], bool]:
    target = catalog.get(params["set"])
    indicator = target.indicator(params["indicator"])
    threshold = resolve_thresholds(catalog, target, profile, year, overrides)[indicator.code]
    raw = facts.get(params["value_fact"])
    if raw is None and params["set"] in prerequisites:
        raw = prerequisites[params["set"]].values.get(indicator.code)
    value = coerce_value(indicator, raw)
    detail: dict[str, Any] = {
        "value": value,
        "ratio": params["ratio"],
        "threshold": threshold.to_dict(),
    }
    confirmed = threshold.verified and not threshold.placeholder
    if value is None or threshold.value is None:
        return Status.MISSING, detail, confirmed
    required = params["ratio"] * threshold.value
    detail["required"] = round(required, 4)
    return (Status.MET if value >= required else Status.NOT_MET), detail, confirmed
