"""What the engine is given about one unit: its profile, values, recorded statuses and facts."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from ntm.core.rules import UnitProfile


@dataclass(frozen=True)
class SetData:
    """Indicator values (code -> value) and recorded criterion statuses (code -> met/not_met) for one set."""

    values: Mapping[str, Any] = field(default_factory=dict)
    recorded: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class UnitInput:
    """One unit to evaluate.

    `values` and `recorded` belong to the set being evaluated. `facts` feed the set's extra
    conditions (e.g. ``{"xa-ntm-2021": true, "smart_villages": 1, "communes_total": 12}``).
    `prerequisites` holds data for required sets (e.g. the `xa-ntm-2021` values of an advanced
    commune) so the requirement can be evaluated when no fact says it outright.
    """

    id: str
    profile: UnitProfile
    values: Mapping[str, Any] = field(default_factory=dict)
    recorded: Mapping[str, Any] = field(default_factory=dict)
    facts: Mapping[str, Any] = field(default_factory=dict)
    prerequisites: Mapping[str, SetData] = field(default_factory=dict)
    year: int | None = None
    name: str = ""
    previous: Mapping[str, Any] = field(default_factory=dict)  # the set's values the year before (growth)
