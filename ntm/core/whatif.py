"""What-if: evaluate a unit again with some values changed and report what changes."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from ntm.core.catalog import Catalog
from ntm.core.evaluate import EvaluationResult, evaluate_unit
from ntm.core.rules import ThresholdOverride
from ntm.core.unit import UnitInput


@dataclass(frozen=True)
class StatusChange:
    code: str
    before: str
    after: str


@dataclass(frozen=True)
class WhatIf:
    before: EvaluationResult
    after: EvaluationResult
    indicators: tuple[StatusChange, ...]
    criteria: tuple[StatusChange, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "label_before": self.before.label,
            "label_after": self.after.label,
            "standard_before": str(self.before.standard),
            "standard_after": str(self.after.standard),
            "indicators": [vars(c) for c in self.indicators],
            "criteria": [vars(c) for c in self.criteria],
        }


def what_if(
    catalog: Catalog,
    set_code: str,
    unit: UnitInput,
    changes: Mapping[str, Any],
    year: int | None = None,
    overrides: Iterable[ThresholdOverride] = (),
) -> WhatIf:
    """Evaluate `unit` as is and with `changes` (indicator code -> new value); diff the statuses."""
    overrides = tuple(overrides)
    before = evaluate_unit(catalog, set_code, unit, year, overrides)
    changed = UnitInput(
        id=unit.id,
        profile=unit.profile,
        values={**unit.values, **changes},
        recorded=unit.recorded,
        facts=unit.facts,
        prerequisites=unit.prerequisites,
        year=unit.year,
        name=unit.name,
        previous=unit.previous,
    )
    after = evaluate_unit(catalog, set_code, changed, year, overrides)
    old = {i.indicator.code: i.status for c in before.criteria for i in c.indicators}
    new = {i.indicator.code: i.status for c in after.criteria for i in c.indicators}
    indicators = tuple(StatusChange(c, str(old[c]), str(new[c])) for c in old if old[c] != new[c])
    old_c, new_c = before.criteria_statuses(), after.criteria_statuses()
    criteria = tuple(StatusChange(c, str(old_c[c]), str(new_c[c])) for c in old_c if old_c[c] != new_c[c])
    return WhatIf(before, after, indicators, criteria)
