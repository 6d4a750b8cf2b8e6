"""Which criteria each commune meets in a year: from the cached assessments, or — with `as_of` — from
the data as it stood at the end of that day (the engine re-run on the values then current).

"As of" reads the versions of every commune at once (values, recorded statuses, the year before for
growth indicators, prerequisite sets: a few queries per thousand communes) and gives the engine what
`engine.evaluate_unit_year` would read for each, so a province's tables take the same number of
queries whatever its number of communes (the perf review counted 933 for Thanh Hóa, one evaluation's
worth per commune)."""

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.utils import timezone

from ntm.core import SetData, UnitProfile, evaluate
from ntm.indicators.assess import assessment_fields
from ntm.indicators.engine import (
    catalog,
    corrections,
    facts_for,
    has_growth,
    province_of,
    region_of,
    same_standard,
)
from ntm.indicators.models import Assessment, CriterionStatus, IndicatorValue
from ntm.recognition.selectors import recognised_units
from ntm.units.models import AdminUnit


@dataclass
class UnitCriteria:
    unit: AdminUnit
    met: set[str] | None  # None: not assessed
    criteria_met: int | None
    criteria_total: int | None
    standard_met: bool | None
    recognised_year: int | None  # year of the recognition decision in force at the end of the year
    # "tạm tính": criteria whose status, and whether the standard's verdict, rest on thresholds
    # not confirmed against their decision
    provisional: frozenset[str] = frozenset()
    standard_provisional: bool = False

    @property
    def assessed(self) -> bool:
        return self.met is not None


def moment_of(as_of: datetime.date) -> datetime.datetime:
    """The end of `as_of` in the site's time zone: data entered that day counts."""
    end = datetime.datetime.combine(as_of, datetime.time.max)
    return timezone.make_aware(end) if timezone.is_naive(end) else end


def unit_criteria(units, set_code: str, year: int, as_of: datetime.date | None = None, progress=None):
    """One `UnitCriteria` per unit, in the order given; `progress(done)` is called after each unit."""
    units = list(units)
    on = min(as_of, datetime.date(year, 12, 31)) if as_of else datetime.date(year, 12, 31)
    recognised = recognised_units(units, same_standard(set_code), on)
    cached = _evaluated(units, set_code, year, as_of) if as_of else _cached(units, set_code, year)
    lines = []
    for n, unit in enumerate(units, 1):
        fields = cached.get(unit.pk)
        decision = recognised.get(unit.pk)
        lines.append(
            UnitCriteria(
                unit=unit,
                met=None if fields is None else set(fields["met_criteria"]),
                criteria_met=None if fields is None else fields["criteria_met"],
                criteria_total=None if fields is None else fields["criteria_total"],
                standard_met=None if fields is None else fields["standard_met"],
                recognised_year=decision.year if decision else None,
                provisional=frozenset(fields["provisional_criteria"]) if fields else frozenset(),
                standard_provisional=bool(fields and fields["standard_provisional"]),
            )
        )
        if progress:
            progress(n)
    return lines


def _cached(units, set_code: str, year: int) -> dict[int, dict]:
    rows = Assessment.objects.filter(unit__in=units, set_code=set_code, year=year).only(
        "unit_id",
        "met_criteria",
        "criteria_met",
        "criteria_total",
        "standard_met",
        "provisional_criteria",
        "standard_provisional",
    )
    return {
        a.unit_id: {
            "met_criteria": a.met_criteria,
            "criteria_met": a.criteria_met,
            "criteria_total": a.criteria_total,
            "standard_met": a.standard_met,
            "provisional_criteria": a.provisional_criteria,
            "standard_provisional": a.standard_provisional,
        }
        for a in rows
    }


IN_CHUNK = 900  # unit ids per IN (...) list (SQLite's variable limit, with room)


def _evaluated(units: list[AdminUnit], set_code: str, year: int, as_of: datetime.date) -> dict[int, dict]:
    """Unit id -> the evaluation from the data current at the end of `as_of`, for the units that had
    values or recorded statuses of the set and year then (the others were not assessed)."""
    moment = moment_of(as_of)
    criteria = catalog(year)
    cset = criteria.get(set_code)
    ids = sorted({unit.pk for unit in units})
    values, recorded, present = _inputs_as_of(ids, set_code, year, moment)
    previous = _inputs_as_of(ids, set_code, year - 1, moment)[0] if has_growth(set_code) else None
    prerequisites = {req.set_code: _inputs_as_of(ids, req.set_code, year, moment) for req in cset.requires}
    overrides = corrections([set_code, *prerequisites])
    profile = _profiles()
    out = {}
    for unit in units:
        if unit.pk not in present:
            continue
        result = evaluate(
            criteria,
            set_code,
            profile(unit),
            year,
            values.get(unit.pk, {}),
            recorded=recorded.get(unit.pk, {}),
            facts=facts_for(unit, set_code, year),
            prerequisites={
                code: SetData(by_set[0].get(unit.pk, {}), by_set[1].get(unit.pk, {}))
                for code, by_set in prerequisites.items()
            },
            overrides=overrides,
            unit_id=str(unit.pk),
            unit_name=unit.name,
            previous=previous.get(unit.pk, {}) if previous is not None else None,
        )
        out[unit.pk] = assessment_fields(result)
    return out


def _inputs_as_of(ids: list[int], set_code: str, year: int, moment) -> tuple[dict, dict, set[int]]:
    """(unit -> yearly values, unit -> recorded statuses, units with any version of the set and year)
    as they stood at `moment`: what `engine.current_values` and `recorded_statuses` read, in bulk."""
    values: dict[int, dict] = defaultdict(dict)
    recorded: dict[int, dict] = defaultdict(dict)
    present: set[int] = set()
    for start in range(0, len(ids), IN_CHUNK):
        chunk = ids[start : start + IN_CHUNK]
        rows = (
            IndicatorValue.objects.as_of(moment)
            .filter(unit_id__in=chunk, set_code=set_code, year=year, period=str(year))
            .values_list("unit_id", "indicator_code", "disaggregation", "value")
        )
        for unit_id, code, disaggregation, value in rows:
            present.add(unit_id)
            if not disaggregation and value is not None:
                values[unit_id][code] = value
        statuses = (
            CriterionStatus.objects.as_of(moment)
            .filter(unit_id__in=chunk, set_code=set_code, year=year)
            .values_list("unit_id", "criterion_code", "met")
        )
        for unit_id, code, met in statuses:
            present.add(unit_id)
            if met is not None:
                recorded[unit_id][code] = "met" if met else "not_met"
    return values, recorded, present


def _profiles():
    """`engine.profile_for`, each province (and its region) looked up once."""
    provinces: dict[int, tuple[str, str]] = {}

    def profile(unit: AdminUnit) -> UnitProfile:
        top = int(unit.path.strip("/").split("/")[0])
        if top not in provinces:
            province = province_of(unit)
            provinces[top] = (province.code, region_of(province))
        code, region = provinces[top]
        return UnitProfile.build(
            province_code=code,
            region=region or None,
            dbkk=unit.dbkk,
            atk=unit.atk,
            commune_group=unit.commune_group,
        )

    return profile
