"""Re-evaluating many units at once (`assess.reassess_many`) reads the inputs the one-unit path
reads, value types included, and stores for each unit what the explaining engine gives it,
replacing an existing assessment in place."""

import pytest

from ntm.accounts.actors import SystemActor
from ntm.indicators.assess import _inputs_many, assessment_fields, reassess_many
from ntm.indicators.engine import current_values, evaluate_unit_year, recorded_statuses
from ntm.indicators.models import Assessment
from ntm.indicators.services import ValueChange, record_statuses, save_values
from ntm.units.models import AdminUnit, Kind, Level

SET, YEAR = "xa-ntm-2021", 2024
ACTOR = SystemActor("tests")


@pytest.fixture
def communes(db):
    province = AdminUnit.objects.get(code="12", level=Level.PROVINCE, valid_to__isnull=False)
    return list(
        AdminUnit.objects.filter(
            path__startswith=province.path, level=Level.COMMUNE, kind=Kind.COMMUNE
        ).order_by("code")[:30]
    )


def _typed(values: dict) -> dict:
    return {code: (type(value), value) for code, value in values.items()}


def test_the_bulk_read_gives_each_unit_what_the_one_unit_read_gives(communes):
    odd = communes[0]
    save_values(
        actor=ACTOR,
        unit=odd,
        set_code=SET,
        year=YEAR,
        changes=[
            ValueChange("2.1", "87,25"),  # a decimal typed the Vietnamese way
            ValueChange("5.1", "3"),  # a count
            ValueChange("1.1", "đạt"),  # a yes/no in words
            ValueChange("13.4", "n/a"),  # an optional indicator declared not applicable
        ],
        reason="kiểm thử",
        check_versions=False,
        reevaluate=False,
    )
    record_statuses(
        actor=ACTOR,
        unit=odd,
        set_code=SET,
        year=YEAR,
        statuses={"7": True, "8": False},
        reason="kiểm thử",
        reevaluate=False,
    )
    bulk = _inputs_many(communes, SET, YEAR)
    assert len(bulk[odd.pk][0]) >= 4
    for unit in communes:
        values, recorded = bulk.get(unit.pk, ({}, {}))
        assert _typed(values) == _typed(current_values(unit, SET, YEAR)), unit.code
        assert recorded == recorded_statuses(unit, SET, YEAR), unit.code
    assert (bulk[odd.pk][1]["7"], bulk[odd.pk][1]["8"]) == ("met", "not_met")


def test_each_assessment_is_replaced_in_place_by_what_the_engine_gives(communes):
    stored = Assessment.objects.filter(unit__in=communes, set_code=SET, year=YEAR)
    ids = dict(stored.values_list("unit_id", "pk"))
    assert len(ids) > 20, "the demo data assesses Lai Châu's communes"
    gone = communes[-1]
    Assessment.objects.filter(unit=gone, set_code=SET, year=YEAR).delete()
    save_values(
        actor=ACTOR,
        unit=communes[0],
        set_code=SET,
        year=YEAR,
        changes=[ValueChange("2.1", "12")],
        reason="kiểm thử",
        check_versions=False,
        reevaluate=False,
    )

    assert reassess_many(communes, SET, YEAR) == len(communes)

    after = {a.unit_id: a for a in stored}
    assert set(after) == {unit.pk for unit in communes}
    for unit in communes:
        expected = assessment_fields(evaluate_unit_year(unit, SET, YEAR))
        assessment = after[unit.pk]
        assert {name: getattr(assessment, name) for name in expected} == expected, unit.code
        if unit != gone and unit.pk in ids:
            assert assessment.pk == ids[unit.pk], "replaced in place, not deleted and inserted"
