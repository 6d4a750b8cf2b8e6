"""Which criteria each commune meets in a year: from the cached assessments, or — with `as_of` — from
the data as it stood at the end of that day (the bulk path re-run on the values then current, for
all the communes at once)."""

import datetime
from dataclasses import dataclass

from django.utils import timezone

from ntm.indicators.assess import assessment_fields, evaluate_many
from ntm.indicators.engine import same_standard
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


def _evaluated(units, set_code: str, year: int, as_of: datetime.date) -> dict[int, dict]:
    """Unit id -> the unit's evaluation from the data current at the end of `as_of`, for the units
    that had data then (a value of the year or a recorded status)."""
    moment = moment_of(as_of)
    values = IndicatorValue.objects.as_of(moment).filter(unit__in=units, set_code=set_code, period=str(year))
    statuses = CriterionStatus.objects.as_of(moment).filter(unit__in=units, set_code=set_code, year=year)
    with_data = set(values.values_list("unit_id", flat=True)) | set(
        statuses.values_list("unit_id", flat=True)
    )
    evaluated = [unit for unit in units if unit.pk in with_data]
    return {
        unit.pk: assessment_fields(row)
        for unit, _profile, row in evaluate_many(evaluated, set_code, year, moment=moment)
    }
