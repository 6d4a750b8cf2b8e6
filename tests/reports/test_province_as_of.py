"""Province tables "as of" a day: every commune re-evaluated from the versions current at the end of
that day, in a number of queries that does not grow with the number of communes."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from ntm.indicators.engine import child_sets
from ntm.indicators.rollups import units_counted
from ntm.reports.criteria import unit_criteria

pytestmark = pytest.mark.django_db


def _communes(province, year):
    set_code = child_sets(province, year)[0]
    return set_code, list(units_counted(province, set_code, year).order_by("code"))


def _lines(lines):
    return [
        (
            line.unit.pk,
            line.met,
            line.criteria_met,
            line.criteria_total,
            line.standard_met,
            line.provisional,
            line.standard_provisional,
        )
        for line in lines
    ]


def test_as_of_today_gives_what_the_stored_assessments_say(lai_chau):
    set_code, communes = _communes(lai_chau, 2024)
    today = timezone.localdate()
    stored = _lines(unit_criteria(communes, set_code, 2024))
    assert sum(1 for line in stored if line[1] is not None) > 10
    assert _lines(unit_criteria(communes, set_code, 2024, as_of=today)) == stored


def test_before_any_data_was_entered_no_commune_is_assessed(lai_chau):
    set_code, communes = _communes(lai_chau, 2024)
    lines = unit_criteria(communes, set_code, 2024, as_of=datetime.date(2000, 1, 1))
    assert lines and all(not line.assessed for line in lines)


def test_queries_do_not_grow_with_the_number_of_communes(lai_chau):
    set_code, communes = _communes(lai_chau, 2024)
    today = timezone.localdate()
    counts = []
    for some in (communes[:3], communes):
        with CaptureQueriesContext(connection) as queries:
            unit_criteria(some, set_code, 2024, as_of=today)
        counts.append(len(queries))
    assert len(communes) > 50
    assert counts[0] == counts[1] < 20
