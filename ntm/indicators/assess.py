"""Recomputing assessments: called inside the transaction of every write that changes an input."""

from typing import cast

from django.db import connection
from django.utils import timezone

from ntm.core import EvaluationResult, SetData, UnitProfile, evaluate
from ntm.core.memory import without_cycle_collection
from ntm.units.models import AdminUnit

from . import rollups
from .engine import (
    catalog,
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
WRITE_CHUNK = 1000  # assessments held before they are written (each result is ~30 KB as Python objects)
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
)


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
    assessment.save()
    rollups.apply_change(unit, snapshot, assessment)
    for dependent in dependent_sets(set_code):
        if Assessment.objects.filter(unit=unit, set_code=dependent, year=year).exists():
            reassess(unit, dependent, year)
    following = Assessment.objects.filter(unit=unit, set_code=set_code, year=year + 1)
    if next_year and has_growth(set_code) and following.exists():
        reassess(unit, set_code, year + 1, next_year=False)
    return assessment


def assessment_fields(result: EvaluationResult) -> dict:
    """Assessment columns from an engine result.

    `result` keeps the summary form (`to_dict(explain=False)`): the full explanation repeats from
    the catalog the name of every criterion and indicator and the source of every threshold (~35 KB
    for a commune under the 2021 set, ~860 MB for the 36,000 unit-years of a national
    re-evaluation, whose writing dominated it on PostgreSQL). Pages that explain a result (data
    entry, the API's assessment) recompute it with `engine.evaluate_unit_year`."""
    data = result.to_dict(explain=False)
    criteria = data["criteria"]
    return {
        "criteria_met": data["summary"]["criteria_met"],
        "criteria_total": data["summary"]["criteria_total"],
        "standard_met": data["summary"]["standard_met"],
        "met_criteria": [c["code"] for c in criteria if c["status"] == "met"],
        "standard_provisional": data["summary"]["provisional"],
        "provisional_criteria": data["summary"]["criteria_provisional"],
        "criteria_recorded": sum(1 for c in criteria if c.get("basis") == "recorded"),
        "missing_values": sum(
            1 for c in criteria for i in c.get("indicators", []) if i["status"] == "missing"
        ),
        "result": data,
    }


def reassess_many(units, set_code: str, year: int, *, next_year: bool = True) -> int:
    """Re-evaluate many units of one set and year, then rebuild the roll-ups once (bulk imports,
    threshold corrections, classification changes, demo loading). Call inside the transaction of
    the write. For a set with growth indicators the units' next-year assessments follow.

    Each unit gets what `reassess` gives it (`engine.evaluate_unit_year`: values, recorded
    statuses, facts, prerequisites, threshold corrections; the same assessment columns), but the
    inputs of all units are read in a few queries, each province's profile once, the corrections
    and each profile's thresholds once, and the assessments are written together (`_write_many`).
    The cycle collector is paused meanwhile (`without_cycle_collection`: a quarter of the time at
    national scale)."""
    with without_cycle_collection():
        units = list(units)
        cset = catalog().get(set_code)
        inputs = _inputs_many(units, set_code, year)
        previous = _inputs_many(units, set_code, year - 1) if has_growth(set_code) else {}
        prerequisites = {req.set_code: _inputs_many(units, req.set_code, year) for req in cset.requires}
        overrides = corrections([set_code, *prerequisites])
        profiles = _profiles_many(units)
        unique = list({unit.pk: unit for unit in units}.values())
        existing = _existing_ids([unit.pk for unit in unique], set_code, year)
        written: list[tuple[int | None, int, dict]] = []
        thresholds: dict = {}  # shared by every unit: same catalog, same corrections
        for unit in unique:
            values, recorded = inputs.get(unit.pk, ({}, {}))
            data = evaluate(
                catalog(),
                set_code,
                profiles[unit.pk],
                year,
                values,
                recorded=recorded,
                facts=facts_for(unit, set_code, year),
                prerequisites={
                    code: SetData(*by_unit.get(unit.pk, ({}, {}))) for code, by_unit in prerequisites.items()
                },
                overrides=overrides,
                unit_id=str(unit.pk),
                unit_name=unit.name,
                thresholds_cache=thresholds,
                previous=previous.get(unit.pk, ({}, {}))[0],
            )
            written.append((existing.get(unit.pk), unit.pk, assessment_fields(data)))
            if len(written) == WRITE_CHUNK:
                _write_many(written, set_code, year)
                written = []
        _write_many(written, set_code, year)
        rollups.rebuild_all(set_code, year)
    if next_year and has_growth(set_code):  # the next year's growth reads this year's values
        following = Assessment.objects.filter(unit__in=unique, set_code=set_code, year=year + 1)
        if following.exists():
            reassess_many(
                AdminUnit.objects.filter(assessments__in=following), set_code, year + 1, next_year=False
            )
    return len(units)


def _existing_ids(ids: list[int], set_code: str, year: int) -> dict[int, int]:
    """Unit id -> id of its assessment of the set and year, for those that have one."""
    existing: dict[int, int] = {}
    for start in range(0, len(ids), IN_CHUNK):
        rows = Assessment.objects.filter(
            unit_id__in=ids[start : start + IN_CHUNK], set_code=set_code, year=year
        )
        existing.update(rows.values_list("unit_id", "pk"))
    return existing


def _write_many(rows: list[tuple[int | None, int, dict]], set_code: str, year: int) -> None:
    """Store (existing assessment id or None, unit id, `assessment_fields`) rows: one statement sent
    many times (`executemany`, pipelined by psycopg on PostgreSQL) for the updates and one for the
    inserts, rather than a model save and its round trip per unit."""
    concrete = {field.name: field for field in Assessment._meta.concrete_fields}
    columns = [concrete[name] for name in ASSESSMENT_COLUMNS]
    stamp = Assessment._meta.get_field("computed_at").get_db_prep_save(timezone.now(), connection)
    quote = connection.ops.quote_name
    updates, inserts = [], []
    for pk, unit_id, fields in rows:
        prepared = [column.get_db_prep_save(fields[column.name], connection) for column in columns]
        if pk is None:
            inserts.append([unit_id, set_code, year, *prepared, stamp])
        else:
            updates.append([*prepared, stamp, pk])
    table = quote(Assessment._meta.db_table)
    names = [quote(cast(str, column.column)) for column in columns] + [quote("computed_at")]
    with connection.cursor() as cursor:
        if updates:
            assignments = ", ".join(f"{name} = %s" for name in names)
            cursor.executemany(f"UPDATE {table} SET {assignments} WHERE {quote('id')} = %s", updates)
        if inserts:
            names = [quote("unit_id"), quote("set_code"), quote("year"), *names]
            placeholders = ", ".join(["%s"] * len(names))
            cursor.executemany(f"INSERT INTO {table} ({', '.join(names)}) VALUES ({placeholders})", inserts)


def _inputs_many(units, set_code: str, year: int) -> dict[int, tuple[dict, dict]]:
    """`engine.current_values` and `engine.recorded_statuses` of many units: unit id ->
    (values, recorded statuses), two queries per few thousand units."""
    out: dict[int, tuple[dict, dict]] = {}
    ids = list({unit.pk for unit in units})
    for start in range(0, len(ids), IN_CHUNK):
        chunk = ids[start : start + IN_CHUNK]
        values = (
            IndicatorValue.objects.current()
            .annual(set_code, year)
            .filter(unit_id__in=chunk)
            .values_list("unit_id", "indicator_code", "value")
        )
        for unit_id, code, value in values:
            if value is not None:
                out.setdefault(unit_id, ({}, {}))[0][code] = value
        statuses = (
            CriterionStatus.objects.current()
            .filter(unit_id__in=chunk, set_code=set_code, year=year)
            .values_list("unit_id", "criterion_code", "met")
        )
        for unit_id, code, met in statuses:
            if met is not None:
                out.setdefault(unit_id, ({}, {}))[1][code] = "met" if met else "not_met"
    return out


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
