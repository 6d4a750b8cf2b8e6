"""The demo data, as loaded once by the session set-up, shows the seed figures through the real
engine and roll-ups (docs/demo-data.md says which figure comes from which seed)."""

import pytest

from ntm.demo import history, tamduong
from ntm.demo.laichau import history_set
from ntm.indicators.engine import evaluate_unit_year
from ntm.indicators.models import Assessment, Rollup
from ntm.recognition.models import Decision
from ntm.units.models import AdminUnit, Level

pytestmark = pytest.mark.django_db

TAM_DUONG_RECOGNISED_2023 = {"03394", "03406", "03412", "03418", "03421", "03424", "03427", "03430"}


def _province(current: bool) -> AdminUnit:
    return AdminUnit.objects.get(level=Level.PROVINCE, code="12", valid_from__isnull=not current)


def _commune(code: str) -> AdminUnit:
    return AdminUnit.objects.get(level=Level.COMMUNE, code=code, valid_from__isnull=True)


def _rollup(parent, set_code, year) -> Rollup:
    return Rollup.objects.get(parent=parent, set_code=set_code, year=year)


def test_history_is_recorded_under_the_set_in_force_each_year():
    sets = {year: history_set(year) for year in history.YEARS}
    assert {sets[year] for year in range(2011, 2016)} == {"xa-ntm-2009"}
    assert {sets[year] for year in range(2016, 2021)} == {"xa-ntm-2016"}


@pytest.mark.parametrize("current", [False, True], ids=["legacy-province", "post-reform-province"])
def test_lai_chau_averages_of_seed_001(current):
    """2.88 criteria per commune in 2011, 13.43 and 29 communes in 2018 — on both eras' boundaries."""
    province = _province(current)
    first = _rollup(province, history_set(2011), 2011)
    assert first.units_total == first.units_assessed == 94
    assert round(first.average_criteria, 2) == 2.88
    assert first.standard_met == 0
    seed_year = _rollup(province, history_set(2018), 2018)
    assert seed_year.units_total == seed_year.units_assessed == 94
    assert round(seed_year.average_criteria, 2) == 13.43
    assert seed_year.standard_met == 29
    target = _rollup(province, history_set(2020), 2020)
    assert (round(target.average_criteria, 2), target.standard_met) == (15.5, 39)


def test_every_history_year_matches_its_planned_average():
    province = _province(False)
    for year, average in history.AVERAGES.items():
        rollup = _rollup(province, history_set(year), year)
        assert round(rollup.average_criteria, 2) == average, year
        assert rollup.standard_met == sum(n for y, n in history.NEWLY_MEETING.items() if y <= year)


def test_each_commune_only_gains_criteria():
    rows = Assessment.objects.filter(
        set_code__in=["xa-ntm-2009", "xa-ntm-2016"], unit__path__startswith=_province(False).path
    )
    by_unit = {}
    for unit_id, year, met in rows.values_list("unit_id", "year", "met_criteria"):
        by_unit.setdefault(unit_id, {})[year] = set(met)
    assert len(by_unit) == 94
    for years in by_unit.values():
        for year in range(2012, 2021):
            assert years[year - 1] <= years[year]


def test_lai_chau_city_communes_meet_all_19_by_2018():
    city = AdminUnit.objects.get(level=Level.DISTRICT, code="105")
    communes = city.children.filter(kind="commune")
    assert sorted(c.name for c in communes) == ["Xã San Thàng", "Xã Sùng Phài"]
    for commune in communes:
        assessment = Assessment.objects.get(unit=commune, set_code=history_set(2018), year=2018)
        assert (assessment.criteria_met, assessment.standard_met) == (19, True)


def test_eight_tam_duong_communes_meet_the_2021_set_in_2023():
    met = Assessment.objects.filter(
        set_code="xa-ntm-2021", year=2023, standard_met=True, unit__parent__code=tamduong.DISTRICT
    )
    assert set(met.values_list("unit__code", flat=True)) == TAM_DUONG_RECOGNISED_2023
    son_binh = _commune(tamduong.SON_BINH)
    assert not Assessment.objects.get(unit=son_binh, set_code="xa-ntm-2021", year=2023).standard_met
    assert Assessment.objects.get(unit=son_binh, set_code="xa-ntm-2021", year=2024).standard_met


def test_tam_duong_2024_is_the_plans_targets():
    """Seed 002: 9 communes, 18.5 criteria per commune, 11/12 on schools, income and environment,
    9/12 on poverty, 12/12 on the rest."""
    rollup = _rollup(AdminUnit.objects.get(level=Level.DISTRICT, code=tamduong.DISTRICT), "xa-ntm-2021", 2024)
    assert (rollup.units_total, rollup.units_assessed, rollup.standard_met) == (12, 12, 9)
    assert rollup.average_criteria == 18.5
    short = {"5": 11, "10": 11, "11": 9, "17": 11}
    assert rollup.per_criterion == {str(n): short.get(str(n), 12) for n in range(1, 20)}


def test_tam_duong_statuses_come_from_values_not_recorded_statuses():
    rows = Assessment.objects.filter(set_code="xa-ntm-2021", unit__parent__code=tamduong.DISTRICT)
    assert rows.count() == 12 * len(tamduong.YEARS)
    assert set(rows.values_list("criteria_recorded", "missing_values")) == {(0, 0)}
    son_binh = rows.get(unit__code=tamduong.SON_BINH, year=2023).unit
    thresholds = evaluate_unit_year(son_binh, "xa-ntm-2021", 2023).to_dict()["criteria"]
    placeholders = [i for c in thresholds for i in c["indicators"] if i["threshold"]["placeholder"]]
    assert placeholders, "values are chosen against placeholder thresholds, which the result shows"


def test_ban_bo_advanced_2023_and_2024():
    ban_bo = _commune(tamduong.BAN_BO)
    seed_missing = {"1", "5", "6", "10", "14", "17"}
    before = Assessment.objects.get(unit=ban_bo, set_code="xa-ntm-nang-cao-2021", year=2023)
    assert (before.criteria_met, before.criteria_total) == (10, 19)
    assert seed_missing.isdisjoint(before.met_criteria)
    after = Assessment.objects.get(unit=ban_bo, set_code="xa-ntm-nang-cao-2021", year=2024)
    assert after.criteria_met == 16
    assert set(after.met_criteria) - set(before.met_criteria) == seed_missing
    assert before.summary().criteria[0].basis == "computed"  # the detailed plan (1.3) is still missing
    explanation = evaluate_unit_year(ban_bo, "xa-ntm-nang-cao-2021", 2023).to_dict(explain=False)
    criteria = {c["code"]: c for c in explanation["criteria"]}
    assert {i["code"]: i["status"] for i in criteria["1"]["indicators"]}["1.3"] == "not_met"
    # the prerequisite (xa-ntm-2021) is met: Bản Bo is an NTM commune
    assert explanation["conditions"][0]["status"] == "met"


def test_tam_duong_district_3_of_9_then_6_of_9():
    district = AdminUnit.objects.get(level=Level.DISTRICT, code=tamduong.DISTRICT)
    rows = Assessment.objects.filter(unit=district, set_code="huyen-ntm-2021")
    assert {a.year: sorted(a.met_criteria, key=int) for a in rows} == {
        2023: ["3", "4", "9"],
        2024: ["1", "3", "4", "6", "7", "9"],
    }


def test_post_reform_communes_2026_show_a_mixed_demo_picture():
    """Nine criteria carried over from 2024, criterion 7 invented (ntm/demo/today.py): 10 of the 36
    communes meet all ten, the others are spread over every band."""
    rollup = _rollup(_province(True), "xa-ntm-2026", 2026)
    assert rollup.units_total == rollup.units_assessed == 36
    assert (rollup.standard_met, rollup.criteria_met_sum, rollup.per_criterion["7"]) == (10, 225, 12)
    assert len([band for band, n in rollup.bands.items() if n]) == 5
    assessments = Assessment.objects.filter(set_code="xa-ntm-2026", year=2026, unit__level=Level.COMMUNE)
    assert {a.criteria_recorded for a in assessments} == {10}
    one = assessments.first()
    statuses = {c.code: c.basis for c in one.summary().criteria}
    assert statuses["7"] == "recorded"
    # read on the pre-reform boundaries, the same 36 communes are counted
    legacy = _rollup(_province(False), "xa-ntm-2026", 2026)
    assert (legacy.units_total, legacy.criteria_met_sum) == (36, rollup.criteria_met_sum)


def test_a_few_post_reform_communes_have_a_demo_recognition_for_2026():
    decisions = Decision.objects.filter(set_code="xa-ntm-2026", year=2026).select_related("unit")
    assert len(decisions) == 3
    for decision in decisions:
        assert decision.is_demo and decision.number.startswith("MẪU-2026-")
        assert Assessment.objects.get(unit=decision.unit, set_code="xa-ntm-2026", year=2026).standard_met
