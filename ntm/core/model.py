"""Typed catalog objects: what a criteria set is once its YAML file has been loaded and validated.

Everything is frozen: a loaded catalog is shared by every evaluation (and cached by the batch
engine), so nothing may mutate it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

# "growth": the rate of change (%) of a base indicator of the same set against its value the year
# before, computed by the engine (`core.growth`), never entered.
KINDS = ("boolean", "percent", "number", "money", "count", "enum", "growth")
NUMERIC_KINDS = frozenset({"percent", "number", "money", "count", "growth"})
DIRECTIONS = (">=", "<=", "=")
LEVELS = ("commune", "district", "village", "township", "province")
TIERS = ("ntm", "nang-cao", "kieu-mau", "hien-dai", "van-minh")
DIMENSIONS = ("region", "commune_group", "none")
REGIONS = ("TDMNPB", "DBSH", "BTB", "DHNTB", "TN", "DNB", "DBSCL")
COMMUNE_GROUPS = ("1", "2", "3")
GENERAL = "general"
RULES = ("all", "any", "at_least")
REVOCATION_LEVELS = ("commune", "district")
CONDITION_KINDS = ("fact_min", "fact_ratio_min", "indicator_ratio_min")


def dimension_keys(dimension: str) -> tuple[str, ...]:
    """Threshold columns allowed for a dimension; `general` is always allowed."""
    if dimension == "region":
        return (GENERAL, *REGIONS)
    if dimension == "commune_group":
        return (GENERAL, *COMMUNE_GROUPS)
    return (GENERAL,)


@dataclass(frozen=True)
class Decision:
    """A legal instrument behind a set or an override (e.g. QĐ 318/QĐ-TTg of 08/3/2022)."""

    number: str
    date: date | None
    issuer: str
    title: str = ""
    role: str = "issues"  # issues | amends | requires (the set is required by it) | context
    note: str = ""

    @property
    def label(self) -> str:
        when = f" ({self.date:%d/%m/%Y})" if self.date else ""
        return f"QĐ {self.number}{when}"


@dataclass(frozen=True)
class When:
    """The condition of a threshold case: the value of a basis indicator of the same set lies in
    [min, max] (either bound may be open), e.g. "communes with more than 3 schools" is
    ``When("5.1", min=4)``."""

    indicator: str
    min: float | None = None
    max: float | None = None

    def holds(self, value: float) -> bool:
        return (self.min is None or value >= self.min) and (self.max is None or value <= self.max)

    def label(self, lang: str = "vi") -> str:
        if self.min is not None and self.max is not None:
            bounds = f"{self.min:g}–{self.max:g}"
        elif self.min is not None:
            bounds = f"≥ {self.min:g}"
        else:
            bounds = f"≤ {self.max:g}"
        return f"{'khi' if lang == 'vi' else 'when'} {self.indicator} {bounds}"


@dataclass(frozen=True)
class Threshold:
    """One threshold cell of the law: a value plus whether it was checked against the official text.

    A cell with `cases` has no value of its own: the law sets different numbers depending on a
    fact about the unit entered as a basis indicator (criterion 5 of QĐ 318: ≥70% of schools at
    level 1 in communes with more than 3 schools, ≥50% in the others). The first case whose
    condition holds applies."""

    value: Any
    verified: bool
    source: str
    placeholder: bool = False  # a stand-in so the engine can run; never an official figure
    note: str = ""
    cases: tuple[tuple[When, Threshold], ...] = ()


@dataclass(frozen=True)
class Indicator:
    code: str
    name_vi: str
    name_en: str
    kind: str
    direction: str
    unit: str
    unit_en: str
    sector: str
    evidence: str
    # column key (general / region / group) -> year (None = every year) -> threshold
    thresholds: Mapping[str, Mapping[int | None, Threshold]]
    verified: bool  # wording and shape confirmed against the official text
    optional: bool = False  # "nếu có": a unit may declare it not applicable
    note: str = ""
    bounds: tuple[float, float] | None = None  # allowed values when not the kind's default (see values)
    base: str = ""  # growth: the code of the indicator whose change it measures
    # A basis value: entered and shown but never compared with a threshold (its status is "not
    # applicable"); the thresholds of other indicators may be chosen by it (`When`).
    basis: bool = False

    @property
    def numeric(self) -> bool:
        return self.kind in NUMERIC_KINDS

    def name(self, lang: str) -> str:
        return self.name_vi if lang == "vi" else self.name_en

    def unit_label(self, lang: str) -> str:
        return self.unit if lang == "vi" else self.unit_en


@dataclass(frozen=True)
class Criterion:
    code: str
    name_vi: str
    name_en: str
    group: str
    indicators: tuple[Indicator, ...]
    rule: str = "all"
    at_least: int | None = None
    revocation_key: bool = False
    verified: bool = True  # number and name confirmed
    complete: bool = True  # False: the indicator list is not fully known, so it can never compute "met"
    note: str = ""

    def name(self, lang: str) -> str:
        return self.name_vi if lang == "vi" else self.name_en


@dataclass(frozen=True)
class CriterionGroup:
    code: str
    name_vi: str
    name_en: str

    def name(self, lang: str) -> str:
        return self.name_vi if lang == "vi" else self.name_en


@dataclass(frozen=True)
class Requirement:
    """The unit must already meet another set (e.g. advanced requires `xa-ntm-2021`)."""

    set_code: str
    verified: bool
    source: str


@dataclass(frozen=True)
class Condition:
    """An extra condition of a set, beyond its criteria, computed from facts passed in."""

    code: str
    kind: str
    name_vi: str
    name_en: str
    verified: bool
    source: str
    params: Mapping[str, Any] = field(default_factory=dict)

    def name(self, lang: str) -> str:
        return self.name_vi if lang == "vi" else self.name_en


@dataclass(frozen=True)
class CriteriaSet:
    code: str
    name_vi: str
    name_en: str
    level: str
    tier: str
    dimension: str
    decisions: tuple[Decision, ...]
    valid_from: date
    valid_to: date | None
    complete: bool
    groups: tuple[CriterionGroup, ...]
    criteria: tuple[Criterion, ...]
    requires: tuple[Requirement, ...] = ()
    conditions: tuple[Condition, ...] = ()
    revocation: str | None = None  # commune | district: which QĐ 18/2022 rule applies
    revocation_source: str = ""
    # Judge revocation on the criteria of another set (model communes: the advanced set), and
    # whether that reading is confirmed.
    revocation_against: str | None = None
    revocation_verified: bool = True
    region_override: str | None = None  # column used for ĐBKK / ATK communes (QĐ 318 Điều 1)
    notes: tuple[str, ...] = ()
    path: str = ""

    def name(self, lang: str) -> str:
        return self.name_vi if lang == "vi" else self.name_en

    def criterion(self, code: str) -> Criterion:
        for criterion in self.criteria:
            if criterion.code == code:
                return criterion
        raise KeyError(f"{self.code} has no criterion {code!r}")

    def indicators(self) -> tuple[Indicator, ...]:
        return tuple(ind for criterion in self.criteria for ind in criterion.indicators)

    def indicator(self, code: str) -> Indicator:
        for ind in self.indicators():
            if ind.code == code:
                return ind
        raise KeyError(f"{self.code} has no indicator {code!r}")


@dataclass(frozen=True)
class ThresholdOverride:
    """Replaces a national threshold: from a provincial decision file, or passed in at run time.

    `province_code`, `key` (dimension column) and `year` narrow where it applies; None means
    everywhere / every column / every year. `layer` is what results show as the supplier,
    e.g. ``province:12 QĐ 1285/QĐ-UBND`` or ``runtime:admin correction 2024-05``.
    """

    set_code: str
    indicator: str
    value: Any
    verified: bool
    source: str
    layer: str
    province_code: str | None = None
    key: str | None = None
    year: int | None = None
    note: str = ""


@dataclass(frozen=True)
class OverrideFile:
    """One provincial decision re-issuing national sets (e.g. Lai Châu QĐ 1285/QĐ-UBND)."""

    province_code: str
    province_name: str
    decision: Decision
    sets: tuple[str, ...]
    entries: tuple[ThresholdOverride, ...]
    notes: tuple[str, ...] = ()
    path: str = ""
