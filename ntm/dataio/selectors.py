"""Reads for templates and exports: current (or as-of) values, statuses and assessments of many
units at once, one query each."""

import datetime

from django.utils import timezone

from ntm.indicators.models import Assessment, CriterionStatus, IndicatorValue

from .models import ImportJob


def end_of_day(day: datetime.date) -> datetime.datetime:
    """The last moment of `day` in the site's time zone: "as of 31/12/2024" includes that whole day."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.max))


def value_versions(units, set_code: str, year: int, as_of: datetime.date | None = None):
    """The versions current at the end of `as_of` (or now) for the units, with their author."""
    qs = IndicatorValue.objects.filter(
        set_code=set_code, period=str(year), disaggregation="", unit_id__in=[u.pk for u in units]
    )
    qs = qs.as_of(end_of_day(as_of)) if as_of else qs.current()
    return qs.order_by("unit_id", "indicator_code")


def status_versions(units, set_code: str, year: int, as_of: datetime.date | None = None):
    qs = CriterionStatus.objects.filter(set_code=set_code, year=year, unit_id__in=[u.pk for u in units])
    qs = qs.as_of(end_of_day(as_of)) if as_of else qs.current()
    return qs.order_by("unit_id", "criterion_code")


def values_map(units, set_code: str, year: int, as_of: datetime.date | None = None) -> dict:
    rows = value_versions(units, set_code, year, as_of).values_list("unit_id", "indicator_code", "value")
    return {(unit_id, code): value for unit_id, code, value in rows if value is not None}


def statuses_map(units, set_code: str, year: int, as_of: datetime.date | None = None) -> dict:
    rows = status_versions(units, set_code, year, as_of).values_list("unit_id", "criterion_code", "met")
    return {(unit_id, code): met for unit_id, code, met in rows if met is not None}


def assessments_map(units, set_code: str, year: int) -> dict:
    qs = Assessment.objects.filter(set_code=set_code, year=year, unit_id__in=[u.pk for u in units])
    return {a.unit_id: a for a in qs}


def jobs_of(user, limit: int = 10):
    """A user's latest imports (without the stored files)."""
    return list(ImportJob.objects.filter(user=user).defer("data", "seen_versions", "changes")[:limit])
