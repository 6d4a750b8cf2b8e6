"""Clause (a) of the district revocation rule (QĐ 18/2022: 30% or more of the district's communes
have their recognition revoked) is decided from the decisions stored in the database, and recording
a commune's revocation re-evaluates its district."""

import datetime
import math

import pytest

from ntm.accounts.actors import SystemActor
from ntm.indicators.models import Assessment
from ntm.recognition.services import record_decision
from ntm.units.models import AdminUnit, Kind, Level

pytestmark = pytest.mark.django_db

SET = "huyen-ntm-2021"
YEAR = 2024
ACTOR = SystemActor("tests")


@pytest.fixture
def tam_duong():
    return AdminUnit.objects.get(code="106", level=Level.DISTRICT, valid_from__isnull=True)


def _decide(unit, set_code, kind, day, number):
    return record_decision(
        actor=ACTOR,
        unit=unit,
        set_code=set_code,
        year=day.year,
        kind=kind,
        number=number,
        date=day,
        authority="UBND tỉnh Lai Châu",
        note="kiểm thử",
    )


def _revocation(district):
    return Assessment.objects.get(unit=district, set_code=SET, year=YEAR).result["revocation"]


def test_district_revocation_clause_a_follows_the_stored_commune_revocations(tam_duong):
    _decide(tam_duong, SET, "recognise", datetime.date(2022, 12, 28), "1/QĐ-UBND")
    communes = list(
        AdminUnit.objects.filter(
            path__startswith=tam_duong.path, level=Level.COMMUNE, kind=Kind.COMMUNE
        ).order_by("code")
    )
    needed = math.ceil(len(communes) * 0.3)  # the fewest revoked communes that make 30%
    for n, commune in enumerate(communes[:needed], start=1):
        _decide(commune, "xa-ntm-2021", "recognise", datetime.date(2022, 6, 1), f"{n}/QĐ-CN")

    for n, commune in enumerate(communes[: needed - 1], start=1):
        _decide(commune, "xa-ntm-2021", "revoke", datetime.date(YEAR, 3, 1), f"{n}/QĐ-TH")
    below = _revocation(tam_duong)
    assert below["clause"] != "a"

    _decide(communes[needed - 1], "xa-ntm-2021", "revoke", datetime.date(YEAR, 3, 1), f"{needed}/QĐ-TH")
    reached = _revocation(tam_duong)
    assert (reached["outcome"], reached["clause"]) == ("revoke", "a")


def test_a_revocation_dated_after_the_year_does_not_count_for_it(tam_duong):
    communes = list(
        AdminUnit.objects.filter(path__startswith=tam_duong.path, level=Level.COMMUNE, kind=Kind.COMMUNE)
    )
    for n, commune in enumerate(communes, start=1):
        _decide(commune, "xa-ntm-2021", "revoke", datetime.date(YEAR + 1, 1, 15), f"{n}/QĐ-TH")
    assert _revocation(tam_duong)["clause"] != "a"


def test_a_commune_revocation_updates_every_later_district_assessment_as_the_engine_gives_it(tam_duong):
    from ntm.indicators.assess import assessment_fields, reassess_many
    from ntm.indicators.engine import evaluate_unit_year

    for year in (YEAR - 1, YEAR, YEAR + 1):  # the district assessed in three years
        reassess_many([tam_duong], SET, year)
    _decide(tam_duong, SET, "recognise", datetime.date(2022, 12, 28), "1/QĐ-UBND")
    communes = list(
        AdminUnit.objects.filter(
            path__startswith=tam_duong.path, level=Level.COMMUNE, kind=Kind.COMMUNE
        ).order_by("code")
    )
    needed = math.ceil(len(communes) * 0.3)
    for n, commune in enumerate(communes[:needed], start=1):
        _decide(commune, "xa-ntm-2021", "recognise", datetime.date(2022, 6, 1), f"{n}/QĐ-CN")
    for n, commune in enumerate(communes[: needed - 1], start=1):
        _decide(commune, "xa-ntm-2021", "revoke", datetime.date(YEAR, 3, 1), f"{n}/QĐ-TH")
    earlier = Assessment.objects.get(unit=tam_duong, set_code=SET, year=YEAR - 1)

    # the revocation that brings the district to 30%: its year and the next count it
    _decide(communes[needed - 1], "xa-ntm-2021", "revoke", datetime.date(YEAR, 3, 1), f"{needed}/QĐ-TH")

    for year in (YEAR, YEAR + 1):
        stored = Assessment.objects.get(unit=tam_duong, set_code=SET, year=year)
        assert (stored.result["revocation"]["outcome"], stored.result["revocation"]["clause"]) == (
            "revoke",
            "a",
        ), year
        assert stored.result == assessment_fields(evaluate_unit_year(tam_duong, SET, year))["result"], year
    untouched = Assessment.objects.get(unit=tam_duong, set_code=SET, year=YEAR - 1)
    assert untouched.computed_at == earlier.computed_at, "a year before the decision is not re-evaluated"
