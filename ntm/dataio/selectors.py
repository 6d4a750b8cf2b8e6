"""Reads for templates and exports: current (or as-of) values, statuses and assessments of many
units at once, one query each."""

import datetime
from typing import NamedTuple

from django.utils import timezone

from ntm.core.status import PROVISIONAL, label
from ntm.indicators.models import Assessment, CriterionStatus, IndicatorValue

from .layout import NO_WORD, YES_WORD
from .models import ImportJob


def end_of_day(day: datetime.date) -> datetime.datetime:
    """The last moment of `day` in the site's time zone: "as of 31/12/2024" includes that whole day."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.max))


def value_versions(units, set_code: str, year: int, as_of: datetime.date | None = None):
    """The versions current at the end of `as_of` (or now) for the units, with their author."""
    moment = end_of_day(as_of) if as_of else None
    qs = IndicatorValue.objects.at(moment).annual(set_code, year).filter(unit_id__in=[u.pk for u in units])
    return qs.order_by("unit_id", "indicator_code")


def status_versions(units, set_code: str, year: int, as_of: datetime.date | None = None):
    qs = CriterionStatus.objects.filter(set_code=set_code, year=year, unit_id__in=[u.pk for u in units])
    qs = qs.at(end_of_day(as_of) if as_of else None)
    return qs.order_by("unit_id", "criterion_code")


def values_map(units, set_code: str, year: int, as_of: datetime.date | None = None) -> dict:
    rows = value_versions(units, set_code, year, as_of).values_list("unit_id", "indicator_code", "value")
    return {(unit_id, code): value for unit_id, code, value in rows if value is not None}


def statuses_map(units, set_code: str, year: int, as_of: datetime.date | None = None) -> dict:
    rows = status_versions(units, set_code, year, as_of).values_list("unit_id", "criterion_code", "met")
    return {(unit_id, code): met for unit_id, code, met in rows if met is not None}


class AssessmentRow(NamedTuple):
    """What the exports read of an assessment, with each criterion's status instead of the result."""

    criteria_met: int
    criteria_total: int
    standard_met: bool
    met_criteria: list[str]
    missing_values: int
    computed_at: datetime.datetime
    statuses: dict[str, str]  # criterion code -> met | not_met | missing | not_applicable
    provisional: frozenset[str] = frozenset()  # criteria whose status is "tạm tính"
    standard_provisional: bool = False

    def status_word(self, code: str) -> str:
        """The criterion's status as pages say it: "đạt", "chưa đạt (tạm tính)", … ("" if none)."""
        status = self.statuses.get(code)
        return label(status, "vi", code in self.provisional) if status else ""

    @property
    def standard_word(self) -> str:
        """ "có" / "không", with " (tạm tính)" when the standard's verdict is provisional."""
        word = YES_WORD if self.standard_met else NO_WORD
        return f"{word} ({PROVISIONAL['vi']})" if self.standard_provisional else word


def assessments_map(units, set_code: str, year: int) -> dict[int, AssessmentRow]:
    """Assessments by unit id, read in chunks and reduced at once: a national export holds ~8,000,
    and their stored results decoded whole made most of its memory."""
    qs = Assessment.objects.filter(set_code=set_code, year=year, unit_id__in=[u.pk for u in units])
    return {
        a.unit_id: AssessmentRow(
            a.criteria_met,
            a.criteria_total,
            a.standard_met,
            a.met_criteria,
            a.missing_values,
            a.computed_at,
            a.summary().statuses,
            frozenset(a.provisional_criteria),
            a.standard_provisional,
        )
        for a in qs.iterator(chunk_size=500)
    }


def jobs_of(user, limit: int = 10):
    """A user's latest imports (without the stored files)."""
    return list(ImportJob.objects.filter(user=user).defer("seen_versions", "changes")[:limit])
