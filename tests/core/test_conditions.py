"""Extra conditions of the advanced, model and district sets."""

from ntm.core import SetData, Status, UnitProfile, evaluate, load_catalog

CATALOG = load_catalog()
TDMNPB = UnitProfile.build(province_code="12", region="TDMNPB")
ALL_MET_19 = {str(n): "met" for n in range(1, 20)}


def conditions(result):
    return {c.code: c.status for c in result.conditions}


def test_advanced_requires_ntm_as_a_fact_or_evaluated_from_values():
    base = {"recorded": ALL_MET_19, "values": {"1.1": True, "1.2": True, "1.3": True, "10": 40}}
    without = evaluate(
        CATALOG, "xa-ntm-nang-cao-2021", TDMNPB, 2024, base["values"], recorded=base["recorded"]
    )
    assert (without.label, without.standard) == ("19/19", Status.MISSING)
    with_fact = evaluate(
        CATALOG, "xa-ntm-nang-cao-2021", TDMNPB, 2024, base["values"], recorded=base["recorded"],
        facts={"xa-ntm-2021": "không"},
    )  # fmt: skip
    assert with_fact.standard is Status.NOT_MET
    evaluated = evaluate(
        CATALOG, "xa-ntm-nang-cao-2021", TDMNPB, 2024, base["values"], recorded=base["recorded"],
        prerequisites={"xa-ntm-2021": SetData(recorded=ALL_MET_19)},
    )  # fmt: skip
    assert evaluated.standard is Status.MET
    assert evaluated.prerequisites["xa-ntm-2021"].label == "19/19"
    assert evaluated.to_dict()["conditions"][0]["detail"] == {
        "set": "xa-ntm-2021",
        "from": "evaluated",
        "label": "19/19",
    }


def test_model_commune_needs_110_percent_of_the_advanced_income_a_smart_village_and_a_field():
    facts = {"xa-ntm-nang-cao-2021": True, "income": 39.6, "smart_villages": 1, "outstanding_fields": 1}
    result = evaluate(CATALOG, "xa-ntm-kieu-mau-2021", TDMNPB, 2024, {}, facts=facts)
    assert result.standard is Status.MET  # 39.6 = 110% of the TDMNPB placeholder 36
    income = result.conditions[1]
    assert income.detail["required"] == 39.6
    assert income.verified is False  # the advanced income threshold is a placeholder
    poorer = evaluate(CATALOG, "xa-ntm-kieu-mau-2021", TDMNPB, 2024, {}, facts={**facts, "income": 39.5})
    assert conditions(poorer)["thu-nhap-110"] is Status.NOT_MET
    no_village = evaluate(
        CATALOG, "xa-ntm-kieu-mau-2021", TDMNPB, 2024, {}, facts={**facts, "smart_villages": 0}
    )
    assert conditions(no_village)["thon-thong-minh"] is Status.NOT_MET
    unknown = evaluate(CATALOG, "xa-ntm-kieu-mau-2021", TDMNPB, 2024, {}, facts={"income": 50})
    assert unknown.standard is Status.MISSING


def test_district_conditions_from_counts_and_satisfaction():
    recorded = {str(n): "met" for n in range(1, 10)}
    facts = {
        "communes_total": 12, "communes_ntm": 12, "communes_advanced": 2,
        "towns_total": 1, "towns_civilized": 1,
        "satisfaction_pct": 92.5, "commune_satisfaction_pct": {"ban-bo": 85, "son-binh": 81},
        "communes_revoked": 0,
    }  # fmt: skip
    result = evaluate(CATALOG, "huyen-ntm-2021", TDMNPB, 2024, {}, recorded=recorded, facts=facts)
    assert (result.label, result.standard) == ("9/9", Status.MET)
    assert result.revocation.outcome == "keep"
    one_commune_short = {**facts, "communes_ntm": 11, "commune_satisfaction_pct": [85, 79]}
    result = evaluate(CATALOG, "huyen-ntm-2021", TDMNPB, 2024, {}, recorded=recorded, facts=one_commune_short)
    status = conditions(result)
    assert status["xa-ntm-100"] is Status.NOT_MET and status["hai-long-xa-80"] is Status.NOT_MET
    assert status["xa-nang-cao-10"] is Status.MET  # 2/12 = 16.7%
    no_towns = evaluate(
        CATALOG, "huyen-ntm-2021", TDMNPB, 2024, {}, recorded=recorded, facts={**facts, "towns_total": 0}
    )
    assert conditions(no_towns)["thi-tran-van-minh-100"] is Status.MET


def test_a_known_failing_indicator_fails_an_incomplete_criterion_but_cannot_make_it_met():
    failing = evaluate(CATALOG, "huyen-ntm-2021", TDMNPB, 2024, {"3.1": 70, "3.2": True})
    assert failing.criteria_statuses()["3"] is Status.NOT_MET
    passing = evaluate(
        CATALOG, "huyen-ntm-2021", TDMNPB, 2024, {"3.1": 90, "3.2": True}, recorded={"3": "not_met"}
    )
    criterion = passing.criteria[2]
    assert (criterion.status, criterion.basis, criterion.computed) == (
        Status.NOT_MET,
        "recorded",
        Status.MISSING,
    )


def test_recorded_status_is_kept_beside_a_decisive_computed_one():
    result = evaluate(CATALOG, "xa-ntm-2021", TDMNPB, 2024, {"3.1": 70, "3.2": True}, recorded={"3": "đạt"})
    criterion = result.criteria[2].to_dict()
    assert (criterion["status"], criterion["basis"], criterion["recorded_status"]) == (
        "not_met",
        "computed",
        "met",
    )
    assert criterion["notes"] == ["recorded status met differs from the computed status not_met"]


def test_optional_indicator_may_be_not_applicable_others_may_not():
    values = {"13.1": True, "13.2": True, "13.3": True, "13.4": "n/a", "13.5": True}
    result = evaluate(CATALOG, "xa-ntm-2021", TDMNPB, 2024, values)
    assert result.criteria_statuses()["13"] is Status.MET
    try:
        evaluate(CATALOG, "xa-ntm-2021", TDMNPB, 2024, {"13.1": "n/a"})
    except ValueError as exc:
        assert "cannot be declared not applicable" in str(exc)
    else:
        raise AssertionError("n/a accepted for a mandatory indicator")


def test_sets_with_unknown_content_are_never_met():
    result = evaluate(CATALOG, "xa-ntm-hien-dai-2026", UnitProfile.build(commune_group=1), 2026, {})
    assert (result.label, result.standard) == ("0/0", Status.MISSING)
    recorded = {str(n): "met" for n in range(1, 11)}
    result = evaluate(CATALOG, "xa-ntm-2026", UnitProfile.build(commune_group=2), 2026, {}, recorded=recorded)
    assert (result.label, result.standard, result.column) == ("10/10", Status.MET, "2")


def test_a_year_outside_the_sets_validity_is_noted():
    result = evaluate(CATALOG, "xa-ntm-2021", TDMNPB, 2027, {})
    assert "year 2027 is outside the validity of xa-ntm-2021 (2022–2025)" in result.notes
