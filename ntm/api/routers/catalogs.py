"""Criteria sets as the engine loaded them: every threshold with whether it was checked against
the legal text (`verified`) and where it comes from (`source`)."""

import datetime
from typing import Any

from ninja import Query, Router, Schema

from ntm.indicators.engine import catalog, corrections

from ..pagination import Page, PageParams, paginate
from ..scope import get_set

router = Router(tags=["Bộ tiêu chí"])


class DecisionOut(Schema):
    number: str
    date: datetime.date | None
    issuer: str
    title: str
    role: str
    note: str


class SetSummaryOut(Schema):
    code: str
    name_vi: str
    name_en: str
    level: str
    tier: str
    dimension: str
    valid_from: datetime.date
    valid_to: datetime.date | None
    complete: bool
    decisions: list[DecisionOut]


class ThresholdOut(Schema):
    column: str
    year: int | None
    value: Any
    verified: bool
    source: str
    placeholder: bool
    note: str
    # When the number depends on a basis indicator (criterion 5: number of schools): value is null
    # and each case gives {when: {indicator, min, max}, value, verified, source, placeholder, note}.
    cases: list[dict[str, Any]] = []


class IndicatorOut(Schema):
    code: str
    name_vi: str
    name_en: str
    kind: str
    direction: str
    unit: str
    unit_en: str
    sector: str
    evidence: str
    verified: bool
    optional: bool
    basis: bool = False  # entered and shown, never compared; other thresholds depend on it
    note: str
    thresholds: list[ThresholdOut]


class CriterionOut(Schema):
    code: str
    name_vi: str
    name_en: str
    group: str
    rule: str
    at_least: int | None
    revocation_key: bool
    verified: bool
    complete: bool
    note: str
    indicators: list[IndicatorOut]


class GroupOut(Schema):
    code: str
    name_vi: str
    name_en: str


class RequirementOut(Schema):
    set_code: str
    verified: bool
    source: str


class ConditionOut(Schema):
    code: str
    kind: str
    name_vi: str
    name_en: str
    verified: bool
    source: str
    params: dict[str, Any]


class OverrideOut(Schema):
    indicator: str
    value: Any
    verified: bool
    source: str
    layer: str
    province_code: str | None
    column: str | None
    year: int | None
    note: str


class SetDetailOut(SetSummaryOut):
    region_override: str | None
    revocation: str | None
    notes: list[str]
    groups: list[GroupOut]
    requires: list[RequirementOut]
    conditions: list[ConditionOut]
    criteria: list[CriterionOut]
    overrides: list[OverrideOut]


class SetFilters(Schema):
    level: str | None = None
    tier: str | None = None
    year: int | None = None


@router.get("", response=Page[SetSummaryOut], url_name="catalog_list", summary="Các bộ tiêu chí")
def catalog_list(request, filters: Query[SetFilters], page: Query[PageParams]):
    """Every criteria set; `year` keeps the sets in force in that year."""
    sets = sorted(catalog().sets.values(), key=lambda s: (s.level, s.valid_from, s.code))
    if filters.level:
        sets = [s for s in sets if s.level == filters.level]
    if filters.tier:
        sets = [s for s in sets if s.tier == filters.tier]
    if filters.year:
        sets = [
            s for s in sets if s.valid_from.year <= filters.year <= (s.valid_to or datetime.date.max).year
        ]
    return paginate(sets, page)


@router.get("/{set_code}", response=SetDetailOut, url_name="catalog_detail", summary="Một bộ tiêu chí")
def catalog_detail(request, set_code: str):
    """Criteria, indicators and thresholds of one set, with the provincial overrides (decision files)
    and the administrators' threshold corrections that the engine layers over them."""
    cset = get_set(set_code)
    provincial = [e for f in catalog().override_files for e in f.entries if e.set_code == cset.code]
    return {
        **{name: getattr(cset, name) for name in SetSummaryOut.model_fields},
        "region_override": cset.region_override,
        "revocation": cset.revocation,
        "notes": list(cset.notes),
        "groups": cset.groups,
        "requires": cset.requires,
        "conditions": [{**_fields(c, ConditionOut), "params": dict(c.params)} for c in cset.conditions],
        "criteria": [_criterion(c) for c in cset.criteria],
        "overrides": [_override(o) for o in (*provincial, *corrections([cset.code]))],
    }


def _fields(obj, schema) -> dict:
    return {name: getattr(obj, name) for name in schema.model_fields if hasattr(obj, name)}


def _criterion(criterion) -> dict:
    return {**_fields(criterion, CriterionOut), "indicators": [_indicator(i) for i in criterion.indicators]}


def _indicator(indicator) -> dict:
    thresholds = [
        {"column": column, "year": year, **_fields(threshold, ThresholdOut), "cases": _cases(threshold)}
        for column, by_year in indicator.thresholds.items()
        for year, threshold in by_year.items()
    ]
    return {**_fields(indicator, IndicatorOut), "thresholds": thresholds}


def _cases(threshold) -> list[dict]:
    return [
        {
            "when": {"indicator": when.indicator, "min": when.min, "max": when.max},
            **{name: getattr(case, name) for name in ("value", "verified", "source", "placeholder", "note")},
        }
        for when, case in threshold.cases
    ]


def _override(entry) -> dict:
    return {**_fields(entry, OverrideOut), "column": entry.key}
