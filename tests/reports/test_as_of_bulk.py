"""The province tables "as of" a date evaluate every commune through the bulk path, in a number of
queries that does not grow with the communes, and give what the explaining engine gives each one."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext

from ntm.indicators.assess import assessment_fields
from ntm.indicators.engine import evaluate_unit_year
from ntm.reports.criteria import moment_of, unit_criteria
from ntm.units.models import AdminUnit, Kind, Level

SET, YEAR = "xa-ntm-2021", 2024
AS_OF = datetime.date.today()  # the demo data is entered when it is loaded


def _communes(lai_chau):
    return list(
        AdminUnit.objects.filter(
            path__startswith=lai_chau.path, level=Level.COMMUNE, kind=Kind.COMMUNE
        ).order_by("code")
    )


def test_as_of_gives_what_the_engine_gives_each_commune(lai_chau):
    communes = _communes(lai_chau)[:40]
    lines = unit_criteria(communes, SET, YEAR, AS_OF)
    assert sum(line.assessed for line in lines) > 20
    for line in lines:
        if not line.assessed:
            continue
        fields = assessment_fields(evaluate_unit_year(line.unit, SET, YEAR, moment=moment_of(AS_OF)))
        assert (line.met, line.criteria_met, line.standard_met) == (
            set(fields["met_criteria"]),
            fields["criteria_met"],
            fields["standard_met"],
        ), line.unit.code
        assert line.provisional == frozenset(fields["provisional_criteria"])


def test_as_of_queries_do_not_grow_with_the_communes(lai_chau):
    communes = _communes(lai_chau)
    counts = []
    for share in (communes[:10], communes):
        with CaptureQueriesContext(connection) as queries:
            unit_criteria(share, SET, YEAR, AS_OF)
        counts.append(len(queries))
    assert counts[0] == counts[1]
