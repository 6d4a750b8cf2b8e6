"""A plan target on an indicator over many units reads each unit's status of that indicator as the
explaining engine gives it, without explaining each unit (`assess.indicator_statuses`)."""

from ntm.indicators.assess import indicator_statuses
from ntm.indicators.engine import evaluate_unit_year
from ntm.units.models import AdminUnit, Kind, Level

SET, YEAR = "xa-ntm-2021", 2024


def test_indicator_statuses_are_the_engines(db):
    district = AdminUnit.objects.get(level=Level.DISTRICT, code="106")
    communes = list(AdminUnit.objects.filter(path__startswith=district.path, kind=Kind.COMMUNE))
    for code in ("2.1", "17.1"):
        found = indicator_statuses(communes, SET, YEAR, code)
        assert set(found) == {c.pk for c in communes}
        for commune in communes:
            explained = evaluate_unit_year(commune, SET, YEAR)
            (status,) = [
                i.status for c in explained.criteria for i in c.indicators if i.indicator.code == code
            ]
            assert found[commune.pk] == str(status), (commune.code, code)
