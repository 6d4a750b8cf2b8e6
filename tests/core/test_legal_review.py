"""Fixes from the legal review of December 2026 (§3): each case as an office would meet it."""

import json

import pytest

from ntm.core import SetData, Status, UnitInput, UnitProfile, evaluate, evaluate_batch, load_catalog
from ntm.core.catalog import DEFAULT_DIR, validate_path

CATALOG = load_catalog()
ALL_MET_19 = {str(n): "met" for n in range(1, 20)}


def school_status(region, values, **profile):
    """Criterion 5 of xa-ntm-2021 for a commune, by the full engine and by the batch engine."""
    unit = UnitProfile.build(region=region, **profile)
    result = evaluate(CATALOG, "xa-ntm-2021", unit, 2024, values)
    (batch,) = evaluate_batch(CATALOG, "xa-ntm-2021", [UnitInput("x", unit, values, year=2024)])
    status = result.criteria_statuses()["5"]
    assert batch.criteria["5"] is status
    return status


# QĐ 318 criterion 5 as published by QĐ 1491/QĐ-BGDĐT: ĐBSH and ĐNB 100% at level 1; other regions
# 100% at the minimum standard and ≥70% at level 1 (more than 3 schools) or ≥50% (3 or fewer).
@pytest.mark.parametrize(
    ("region", "schools", "minimum", "level_1", "status"),
    [
        ("TN", 5, 100, 70, Status.MET),
        ("TN", 5, 100, 69, Status.NOT_MET),  # more than 3 schools: 70% needed
        ("TN", 3, 100, 50, Status.MET),  # 3 schools or fewer: 50% is enough
        ("TN", 3, 100, 49, Status.NOT_MET),
        ("TDMNPB", 4, 100, 60, Status.NOT_MET),  # 4 is "more than 3"
        ("TDMNPB", 2, 100, 60, Status.MET),
        ("DBSCL", 2, 95, 100, Status.NOT_MET),  # every school must reach the minimum standard
        ("DBSH", 2, 100, 90, Status.NOT_MET),  # the delta needs 100% at level 1, whatever the count
        ("DNB", 8, 100, 100, Status.MET),
    ],
)
def test_criterion_5_depends_on_region_and_number_of_schools(region, schools, minimum, level_1, status):
    assert school_status(region, {"5.1": schools, "5.2": minimum, "5.3": level_1}) is status


def test_criterion_5_without_the_number_of_schools_is_decided_only_when_both_cases_agree():
    assert school_status("BTB", {"5.2": 100, "5.3": 75}) is Status.MET  # ≥70: met in both cases
    assert school_status("BTB", {"5.2": 100, "5.3": 40}) is Status.NOT_MET  # <50: fails in both
    assert school_status("BTB", {"5.2": 100, "5.3": 60}) is Status.MISSING  # depends on the count
    result = evaluate(CATALOG, "xa-ntm-2021", UnitProfile.build(region="BTB"), 2024, {"5.2": 100, "5.3": 60})
    level_1 = next(i for c in result.criteria for i in c.indicators if i.indicator.code == "5.3")
    assert "the threshold depends on 5.1, which is not given" in level_1.threshold.notes
    assert [case["value"] for case in level_1.threshold.to_dict()["cases"]] == [70, 50]


def test_dbkk_commune_of_the_delta_uses_the_mountain_column_for_criterion_5():
    values = {"5.1": 3, "5.2": 100, "5.3": 60}
    assert school_status("DBSH", values) is Status.NOT_MET
    assert school_status("DBSH", values, dbkk=True) is Status.MET  # TDMNPB column: 50% with ≤3 schools


def test_the_number_of_schools_is_shown_but_never_compared():
    result = evaluate(CATALOG, "xa-ntm-2021", UnitProfile.build(region="TN"), 2024, {"5.1": 0})
    schools = next(i for c in result.criteria for i in c.indicators if i.indicator.code == "5.1")
    assert (schools.status, schools.value, schools.threshold.layer) == (Status.NOT_APPLICABLE, 0, "basis")
    assert "5.1" not in result.to_dict()["summary"]["unverified_thresholds"]


def test_criterion_5_cells_carry_the_quote_and_are_not_verified():
    level_1 = CATALOG.get("xa-ntm-2021").indicator("5.3")
    (cell,) = level_1.thresholds["TN"].values()
    assert [(when.min, when.max, t.value) for when, t in cell.cases] == [(4, None, 70), (None, 3, 50)]
    assert all(not t.verified and "mức độ 1" in t.note for _, t in cell.cases)
    assert "1491/QĐ-BGDĐT" in cell.source


def test_a_case_on_an_indicator_that_is_not_a_basis_is_refused(tmp_path):
    text = (DEFAULT_DIR / "xa-ntm-2021.yaml").read_text(encoding="utf-8")
    path = tmp_path / "xa-ntm-2021.yaml"
    path.write_text(
        text.replace('{indicator: "5.1", min: 4}', '{indicator: "5.2", min: 4}', 1), encoding="utf-8"
    )
    _, errors = validate_path(path)
    assert any("'5.2', not a basis indicator" in str(e) for e in errors)


def test_clean_water_has_its_central_supply_share():
    result = evaluate(
        CATALOG, "xa-ntm-2021", UnitProfile.build(region="BTB"), 2024, {"17.1": 98, "17.1.1": 10}
    )
    water = next(i for c in result.criteria for i in c.indicators if i.indicator.code == "17.1.1")
    assert water.status is Status.NOT_MET  # 98% clean water, but only 10% from a central supply
    assert (water.threshold.value, water.threshold.placeholder, water.threshold.verified) == (15, True, False)
    advanced = CATALOG.get("xa-ntm-nang-cao-2021").indicator("17.1.1")
    (cell,) = advanced.thresholds["general"].values()
    assert (cell.value, cell.verified) == (55, False)
    assert "55%" in advanced.note


def test_recognition_condition_and_decision_lists_cite_qd_03_2024():
    for code in ("xa-ntm-2021", "xa-ntm-nang-cao-2021", "xa-ntm-kieu-mau-2021", "huyen-ntm-2021"):
        cset = CATALOG.get(code)
        numbers = [d.number for d in cset.decisions]
        assert "18/2022/QĐ-TTg" in numbers and "03/2024/QĐ-TTg" in numbers, code
        assert "03/2024" in cset.revocation_source, code
    notes = " ".join(CATALOG.get("xa-ntm-2021").notes)
    assert "An toàn về an ninh, trật tự" in notes and "hot spot" not in notes
    result = evaluate(CATALOG, "xa-ntm-2021", UnitProfile.build(region="TN"), 2024, {})
    assert "QĐ 03/2024/QĐ-TTg" in result.revocation.to_dict()["source"]


DISTRICT_ALL_MET = {str(n): "met" for n in range(1, 10)}


def test_district_without_communes_can_be_recognised():
    island = {
        "communes_total": 0, "communes_ntm": 0, "communes_advanced": 0, "communes_revoked": 0,
        "towns_total": 0, "towns_civilized": 0, "satisfaction_pct": 95, "commune_satisfaction_pct": {},
    }  # fmt: skip
    profile = UnitProfile.build(region="DBSH")
    result = evaluate(CATALOG, "huyen-ntm-2021", profile, 2024, {}, recorded=DISTRICT_ALL_MET, facts=island)
    assert result.standard is Status.MET
    statuses = {c.code: c.status for c in result.conditions}
    assert statuses["hai-long-xa-80"] is Status.NOT_APPLICABLE
    assert statuses["xa-ntm-100"] is Status.NOT_APPLICABLE
    assert statuses["hai-long-90"] is Status.MET
    (row,) = evaluate_batch(
        CATALOG,
        "huyen-ntm-2021",
        [UnitInput("x", profile, recorded=DISTRICT_ALL_MET, facts=island, year=2024)],
    )
    assert row.standard is Status.MET
    unhappy = evaluate(
        CATALOG, "huyen-ntm-2021", profile, 2024, {}, recorded=DISTRICT_ALL_MET,
        facts={**island, "satisfaction_pct": 85},
    )  # fmt: skip
    assert unhappy.standard is Status.NOT_MET  # still needs 90% satisfaction


def test_district_satisfaction_is_checked_per_commune_and_per_content():
    facts = {
        "communes_total": 2, "communes_ntm": 2, "communes_advanced": 1, "communes_revoked": 0,
        "towns_total": 0, "towns_civilized": 0, "satisfaction_pct": 93,
    }  # fmt: skip
    profile = UnitProfile.build(region="TDMNPB")

    def satisfaction(per_commune):
        result = evaluate(
            CATALOG, "huyen-ntm-2021", profile, 2024, {}, recorded=DISTRICT_ALL_MET,
            facts={**facts, "commune_satisfaction_pct": per_commune},
        )  # fmt: skip
        return next(c for c in result.conditions if c.code == "hai-long-xa-80")

    good = satisfaction({"ban-bo": {"giao-thong": 90, "moi-truong": 85}, "son-binh": {"giao-thong": 81}})
    assert good.status is Status.MET
    # the commune's average is above 80, but one content is below
    bad = satisfaction({"ban-bo": {"giao-thong": 95, "moi-truong": 79}, "son-binh": {"giao-thong": 90}})
    assert bad.status is Status.NOT_MET
    assert bad.detail["below"] == ["ban-bo / moi-truong"]
    assert satisfaction({"ban-bo": {"giao-thong": 90}, "son-binh": {}}).status is Status.MISSING
    assert satisfaction({"ban-bo": 85, "son-binh": 81}).status is Status.MET  # the old form still works
    assert satisfaction([85, 79]).status is Status.NOT_MET


def test_model_commune_is_checked_for_revocation_against_the_advanced_set():
    failing = {**ALL_MET_19, **{code: "not_met" for code in ("2", "3", "4", "6", "10", "11")}}
    facts = {"income": 60, "smart_villages": 1, "outstanding_fields": 1, "xa-ntm-2021": True}
    profile = UnitProfile.build(region="TDMNPB")
    result = evaluate(
        CATALOG, "xa-ntm-kieu-mau-2021", profile, 2024, {}, facts=facts,
        prerequisites={"xa-ntm-nang-cao-2021": SetData(recorded=failing)},
    )  # fmt: skip
    revocation = result.revocation.to_dict()
    assert (revocation["outcome"], revocation["clause"]) == ("revoke", "a")  # 6/19 with income
    assert (revocation["against"], revocation["verified"]) == ("xa-ntm-nang-cao-2021", False)
    prerequisites = {"xa-ntm-nang-cao-2021": SetData(recorded=failing)}
    unit = UnitInput("x", profile, facts=facts, prerequisites=prerequisites, year=2024)
    (row,) = evaluate_batch(CATALOG, "xa-ntm-kieu-mau-2021", [unit])
    assert row.revocation == "revoke"
    kept = evaluate(
        CATALOG, "xa-ntm-kieu-mau-2021", profile, 2024, {}, facts=facts,
        prerequisites={"xa-ntm-nang-cao-2021": SetData(recorded=ALL_MET_19)},
    )  # fmt: skip
    assert kept.revocation.outcome == "keep"
    unknown = evaluate(
        CATALOG, "xa-ntm-kieu-mau-2021", profile, 2024, {}, facts={"xa-ntm-nang-cao-2021": True}
    )
    assert unknown.revocation.outcome == "undetermined"  # the advanced criteria were not given


def test_evaluate_command_says_a_model_commune_is_judged_on_the_advanced_set(ntm, tmp_path):
    path = tmp_path / "model.json"
    facts = {"xa-ntm-nang-cao-2021": True, "income": 50, "smart_villages": 1, "outstanding_fields": 1}
    path.write_text(
        json.dumps({"set": "xa-ntm-kieu-mau-2021", "year": 2024, "units": [{"id": "k", "facts": facts}]}),
        encoding="utf-8",
    )
    code, out, _ = ntm(["evaluate", "--input", str(path), "--lang", "en"])
    assert code == 0
    line = next(x for x in out.splitlines() if x.startswith("Revocation check"))
    assert "judged on xa-ntm-nang-cao-2021: Undetermined" in line and line.endswith("⚠ unverified")
