"""Recomputing assessments: called inside the transaction of every write that changes an input."""

import json

from django.db import connection
from django.db.models import Aggregate, F, TextField
from django.utils import timezone

from ntm.core import BatchRow, EvaluationResult, SetData, UnitInput, UnitProfile, evaluate_batch, growth
from ntm.core import compact as compact_result
from ntm.core.catalog import Catalog
from ntm.core.evaluate import evaluate_indicator
from ntm.core.memory import without_cycle_collection
from ntm.core.rules import resolve_thresholds
from ntm.units.models import AdminUnit

from . import rollups, staging
from .engine import (
    catalog,
    catalog_version,
    corrections,
    dependent_sets,
    evaluate_unit_year,
    facts_for,
    has_growth,
    province_of,
    region_of,
)
from .models import Assessment, CriterionStatus, IndicatorValue

IN_CHUNK = 2000  # ids per IN (...) list
WRITE_CHUNK = 5000  # assessments held before they are written (a compact result is ~0.4 KB)
ASSESSMENT_COLUMNS = (  # what `assessment_fields` gives
    "criteria_met",
    "criteria_total",
    "standard_met",
    "met_criteria",
    "standard_provisional",
    "provisional_criteria",
    "criteria_recorded",
    "missing_values",
    "result",
    "catalog_version",
)
JSON_COLUMNS = frozenset({"met_criteria", "provisional_criteria", "result"})
_json = json.JSONEncoder(separators=(",", ":")).encode  # as the JSON field stores it, less the spaces


def reassess(unit: AdminUnit, set_code: str, year: int, *, next_year: bool = True) -> Assessment:
    """Evaluate, store the assessment, update every roll-up above the unit; then the sets that
    require this one (an advanced assessment depends on the NTM one) for the same unit and year,
    and, for a set with growth indicators, the next year's assessment (its growth reads this year)."""
    data = evaluate_unit_year(unit, set_code, year)
    old = (
        Assessment.objects.select_for_update()
        .filter(unit=unit, set_code=set_code, year=year)
        .defer("result")  # replaced below: no need to read and decode the old engine output
        .first()
    )
    snapshot = None
    if old is not None:
        snapshot = Assessment(
            unit=unit,
            set_code=set_code,
            year=year,
            criteria_met=old.criteria_met,
            criteria_total=old.criteria_total,
            standard_met=old.standard_met,
            met_criteria=list(old.met_criteria),
            standard_provisional=old.standard_provisional,
            provisional_criteria=list(old.provisional_criteria),
            result={},
        )
    assessment = old or Assessment(unit=unit, set_code=set_code, year=year)
    for name, value in assessment_fields(data).items():
        setattr(assessment, name, value)
    assessment.catalog_version = catalog_version(set_code, year, data.profile.province_code)
    assessment.save()
    rollups.apply_change(unit, snapshot, assessment)
    if dependents := dependent_sets(set_code):  # the assessed ones, in one query
        assessed = Assessment.objects.filter(unit=unit, set_code__in=dependents, year=year)
        found = set(assessed.values_list("set_code", flat=True))
        for dependent in (code for code in dependents if code in found):
            reassess(unit, dependent, year)
    following = Assessment.objects.filter(unit=unit, set_code=set_code, year=year + 1)
    if next_year and has_growth(set_code) and following.exists():
        reassess(unit, set_code, year + 1, next_year=False)
    return assessment


def assessment_fields(result: EvaluationResult | BatchRow) -> dict:
    """Assessment columns from an engine result or a bulk row: the counting columns and, in
    `result`, the compact result (`core.compact`, the same from either). Not the explanation: the
    engine's summary form was ~8 KB a commune, and building, serialising and shipping it was half
    of a national re-evaluation. Pages that explain a result (data entry, the API's assessment,
    the matrix's nearest units) recompute it for the unit shown (`selectors.explained`)."""
    if isinstance(result, BatchRow):
        return compact_result.columns(compact_result.from_row(result))
    return compact_result.columns(compact_result.from_result(result))


def reassess_many(units, set_code: str, year: int, *, next_year: bool = True) -> int:
    """Re-evaluate many units of one set and year, then rebuild the roll-ups once (bulk imports,
    threshold corrections, catalog publications, classification changes, demo loading). Call
    inside the transaction of the write. For a set with growth indicators the units' next-year
    assessments follow.

    Each unit gets what `reassess` gives it (the same inputs, the same compact result: the bulk
    path and the explaining engine are tested equal on every field, `tests/core/test_bulk_equality`
    and the benchmark's national check), but through the bulk path (`evaluate_many`): the inputs
    of all units read in a few queries, the rules compiled once per threshold key, the
    assessments written together (`_write_many`). The cycle collector is paused meanwhile
    (`without_cycle_collection`)."""
    with without_cycle_collection():
        units = list(units)
        unique = list({unit.pk: unit for unit in units}.values())
        written: list[tuple[int, dict]] = []
        for unit, profile, row in evaluate_many(unique, set_code, year):
            fields = assessment_fields(row)
            fields["catalog_version"] = catalog_version(set_code, year, profile.province_code)
            written.append((unit.pk, fields))
            if len(written) == WRITE_CHUNK:
                _write_many(written, set_code, year)
                written = []
        if written:
            _write_many(written, set_code, year)
        rollups.rebuild_all(set_code, year)
    if next_year and has_growth(set_code):  # the next year's growth reads this year's values
        following = Assessment.objects.filter(unit__in=unique, set_code=set_code, year=year + 1)
        if following.exists():
            reassess_many(
                AdminUnit.objects.filter(assessments__in=following), set_code, year + 1, next_year=False
            )
    return len(units)


def evaluate_many(units, set_code: str, year: int, criteria: Catalog | None = None, moment=None):
    """(unit, profile, bulk row) for each of `units` (distinct), through the bulk path
    (`core.batch.evaluate_batch`) — under `criteria` when given (a draft's impact preview), else
    the catalog in force; from the data current at `moment` when given (a report "as of" a date).
    The inputs are what `engine.evaluate_unit_year` reads for one unit."""
    units = list(units)
    criteria = criteria or catalog(year)
    cset = criteria.get(set_code)
    inputs = _inputs_many(units, set_code, year, moment)
    previous = _inputs_many(units, set_code, year - 1, moment) if growth.indicators(cset) else {}
    prerequisites = {req.set_code: _inputs_many(units, req.set_code, year, moment) for req in cset.requires}
    overrides = corrections([set_code, *prerequisites])
    profiles = _profiles_many(units)
    counted = cset.level in ("district", "province")  # the other levels read no facts
    batch = []
    for unit in units:
        values, recorded = inputs.get(unit.pk, ({}, {}))
        batch.append(
            UnitInput(
                id=str(unit.pk),
                profile=profiles[unit.pk],
                values=values,
                recorded=recorded,
                facts=facts_for(unit, set_code, year) if counted else {},
                prerequisites={
                    code: SetData(*by_unit.get(unit.pk, ({}, {}))) for code, by_unit in prerequisites.items()
                },
                year=year,
                name=unit.name,
                previous=previous.get(unit.pk, ({}, {}))[0],
            )
        )
    rows = evaluate_batch(criteria, set_code, batch, overrides=overrides)
    for unit, row in zip(units, rows, strict=True):
        yield unit, profiles[unit.pk], row


def indicator_statuses(units, set_code: str, year: int, code: str) -> dict[int, str]:
    """Unit id -> status of one indicator (a plan target on "5.2" over a district's communes): its
    values read for all units at once, its threshold resolved once per profile, the indicator
    alone evaluated (`core.evaluate.evaluate_indicator`), not each unit's whole explanation."""
    units = list(units)
    criteria = catalog(year)
    cset = criteria.get(set_code)
    indicator = cset.indicator(code)
    inputs = _inputs_many(units, set_code, year)
    grows = bool(growth.indicators(cset))
    previous = _inputs_many(units, set_code, year - 1) if grows else {}
    overrides = corrections([set_code])
    thresholds: dict[UnitProfile, dict] = {}
    out = {}
    for unit, profile in _profiles_many(units).items():
        if profile not in thresholds:
            thresholds[profile] = resolve_thresholds(criteria, cset, profile, year, overrides)
        stored = inputs.get(unit, ({}, {}))[0]
        values = growth.apply(cset, stored, previous.get(unit, ({}, {}))[0]) if grows else stored
        found = evaluate_indicator(indicator, values.get(code), thresholds[profile][code], values=values)
        out[unit] = str(found.status)
    return out


def _write_many(rows: list[tuple[int, dict]], set_code: str, year: int) -> None:
    """Store (unit id, `assessment_fields`) rows: each unit's assessment of the set and year
    inserted, or replaced in place (same id) when it has one, by one `INSERT … ON CONFLICT DO
    UPDATE` on the assessment's unique key — no read of the existing ids first — through
    `staging.append` (COPY into a staging table on PostgreSQL when there are many, no per-parameter
    quoting in Python). JSON columns are serialised here, once."""
    quote = connection.ops.quote_name
    names = ["unit_id", "set_code", "year", *ASSESSMENT_COLUMNS, "computed_at"]
    replace = ", ".join(f"{quote(name)} = excluded.{quote(name)}" for name in names[3:])
    key = ", ".join(quote(name) for name in names[:3])  # the assessment_unique constraint
    stamp = Assessment._meta.get_field("computed_at").get_db_prep_save(timezone.now(), connection)
    data = (
        (
            unit_id,
            set_code,
            year,
            *(_json(fields[name]) if name in JSON_COLUMNS else fields[name] for name in ASSESSMENT_COLUMNS),
            stamp,
        )
        for unit_id, fields in rows
    )
    staging.append(
        Assessment,
        names,
        data,
        order_by=names[:3],
        on_conflict=f"ON CONFLICT ({key}) DO UPDATE SET {replace}",
    )


def _inputs_many(units, set_code: str, year: int, moment=None) -> dict[int, tuple[dict, dict]]:
    """`engine.current_values` and `engine.recorded_statuses` of many units (as they stood at
    `moment` when given): unit id -> (values, recorded statuses), two queries per few thousand
    units. The values of a unit come as one row, a JSON object built by the database
    (`ValuesByCode`) and decoded by `json.loads` in one call: a national year is ~470,000 values,
    and a row per value through the ORM was most of a national re-evaluation's read."""
    out: dict[int, tuple[dict, dict]] = {}
    ids = list({unit.pk for unit in units})
    for start in range(0, len(ids), IN_CHUNK):
        chunk = ids[start : start + IN_CHUNK]
        values = (
            IndicatorValue.objects.at(moment)
            .annual(set_code, year)
            .filter(unit_id__in=chunk)
            .order_by()
            .values("unit_id")
            .annotate(values=ValuesByCode())
            .values_list("unit_id", "values")
        )
        for unit_id, text in values:
            given = {code: value for code, value in json.loads(text or "{}").items() if value is not None}
            if given:
                out.setdefault(unit_id, ({}, {}))[0].update(given)
        statuses = (
            CriterionStatus.objects.at(moment)
            .filter(unit_id__in=chunk, set_code=set_code, year=year)
            .values_list("unit_id", "criterion_code", "met")
        )
        for unit_id, code, met in statuses:
            if met is not None:
                out.setdefault(unit_id, ({}, {}))[1][code] = "met" if met else "not_met"
    return out


class ValuesByCode(Aggregate):
    """A group's values as the text of one JSON object, {indicator code: stored value}. On SQLite
    the stored JSON texts are joined as they are (`json.loads` then reads a stored "NaN" as the
    field would; SQLite's own `json()` refuses it); PostgreSQL's jsonb values are always valid."""

    output_field = TextField()

    def __init__(self):
        super().__init__(F("indicator_code"), F("value"))

    def as_sql(self, compiler, connection, **extra_context):
        return super().as_sql(
            compiler, connection, function="json_object_agg", template="%(function)s(%(expressions)s)::text"
        )

    def as_sqlite(self, compiler, connection, **extra_context):
        code, code_params = compiler.compile(self.get_source_expressions()[0])
        value, value_params = compiler.compile(self.get_source_expressions()[1])
        sql = f"'{{' || group_concat(json_quote({code}) || ':' || {value}, ',') || '}}'"
        return sql, (*code_params, *value_params)


def _profiles_many(units) -> dict:
    """`engine.profile_for` of many units, each province (and its region) looked up once."""
    provinces: dict[int, tuple[str, str]] = {}
    profiles = {}
    for unit in units:
        top = int(unit.path.strip("/").split("/")[0])
        if top not in provinces:
            province = province_of(unit)
            provinces[top] = (province.code, region_of(province))
        code, region = provinces[top]
        profiles[unit.pk] = UnitProfile.build(
            province_code=code,
            region=region or None,
            dbkk=unit.dbkk,
            atk=unit.atk,
            commune_group=unit.commune_group,
        )
    return profiles
