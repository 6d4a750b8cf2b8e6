"""Growth indicators: computed from the base indicator's previous-year value, missing with a note
when that value is absent, explained like any other indicator; the batch path agrees."""

import pytest

from ntm.core import CatalogInvalid, UnitInput, UnitProfile, evaluate, evaluate_batch
from ntm.core.status import Status
from tests.core.growth_catalog import SET, YAML, growth_catalog


@pytest.fixture
def catalog(tmp_path):
    return growth_catalog(tmp_path / "catalogs")


def _indicator(result, code="1.2"):
    return next(i for c in result.criteria for i in c.indicators if i.indicator.code == code)


def test_growth_is_the_rate_of_change_against_the_year_before(catalog):
    result = evaluate(catalog, SET, UnitProfile.build(), 2026, {"1.1": 46.2}, previous={"1.1": 42})
    growth = _indicator(result)
    assert growth.value == 10.0 and growth.status is Status.MET
    slow = _indicator(evaluate(catalog, SET, UnitProfile.build(), 2026, {"1.1": 43}, previous={"1.1": 42}))
    assert slow.value == 2.38 and slow.status is Status.NOT_MET
    assert slow.gap.label_vi == "thiếu 2,62 điểm %"
    explained = slow.to_dict()
    assert explained["kind"] == "growth" and explained["threshold"]["value"] == 5


def test_missing_previous_year_is_missing_with_a_note(catalog):
    result = evaluate(catalog, SET, UnitProfile.build(), 2026, {"1.1": 46, "1.2": 99})
    growth = _indicator(result)
    assert growth.status is Status.MISSING and growth.value is None  # a value given for it is not used
    assert growth.note == "chưa có số liệu năm trước"
    assert result.to_dict(explain=False)["criteria"][0]["indicators"][1]["note"] == growth.note
    no_base = _indicator(evaluate(catalog, SET, UnitProfile.build(), 2026, {}, previous={"1.1": 40}))
    assert no_base.status is Status.MISSING and "chưa có số liệu năm nay" in no_base.note


def test_batch_agrees_with_the_engine(catalog):
    units = [
        UnitInput(id="a", profile=UnitProfile.build(), values={"1.1": 46.2}, previous={"1.1": 42}),
        UnitInput(id="b", profile=UnitProfile.build(), values={"1.1": 43}, previous={"1.1": 42}),
        UnitInput(id="c", profile=UnitProfile.build(), values={"1.1": 46}),
        UnitInput(id="d", profile=UnitProfile.build(), values={"1.1": 46, "1.2": 50}, previous={"1.1": 0}),
    ]
    rows = evaluate_batch(catalog, SET, units, 2026)
    for unit, row in zip(units, rows, strict=True):
        full = evaluate(catalog, SET, unit.profile, 2026, unit.values, previous=unit.previous)
        assert row.criteria == full.criteria_statuses() and row.standard is full.standard
    assert [str(r.criteria["1"]) for r in rows] == ["met", "not_met", "missing", "missing"]


def test_catalog_refuses_a_growth_without_a_numeric_base(tmp_path):
    with pytest.raises(CatalogInvalid, match="growth indicator names the indicator"):
        growth_catalog(tmp_path / "a", YAML.replace('        base: "1.1"\n', ""))
    with pytest.raises(CatalogInvalid, match="not a numeric"):
        growth_catalog(tmp_path / "b", YAML.replace('base: "1.1"', 'base: "9.9"'))


def test_input_files_carry_the_year_before(tmp_path, catalog):
    from ntm.core.inputs import read_units

    path = tmp_path / "units.csv"
    path.write_text('id,year,1.1,previous:1.1\nxa-a,2026,"46,2",42\n', encoding="utf-8")
    ((_where, unit),) = read_units(path).units
    assert unit.previous == {"1.1": "42"}  # read as text, like every CSV value
    result = evaluate(catalog, SET, unit.profile, unit.year, unit.values, previous=unit.previous)
    assert _indicator(result).value == 10.0
