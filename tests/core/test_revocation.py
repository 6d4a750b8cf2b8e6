"""Revocation under QĐ 18/2022/QĐ-TTg, at the boundaries documented in docs/evaluation.md."""

import pytest

from ntm.core import Status, UnitProfile, assess_commune, assess_district, evaluate, load_catalog

KEYS = {"10", "17", "19"}


def statuses(total: int, not_met: list[str], missing: list[str] = ()) -> dict[str, Status]:
    result = {str(n): Status.MET for n in range(1, total + 1)}
    result.update({code: Status.NOT_MET for code in not_met})
    result.update({code: Status.MISSING for code in missing})
    return result


@pytest.mark.parametrize(
    "not_met, outcome, clause",
    [
        (["1", "2", "3", "4", "10"], "keep", None),  # 5/19 = 26.3%: below 30% even with a key criterion
        (["1", "2", "3", "4", "5", "10"], "revoke", "a"),  # 6/19 = 31.6% with income
        (["1", "2", "3", "4", "5", "6"], "keep", None),  # 6/19 without a key criterion
        (["1", "2", "3", "4", "5", "6", "7", "8", "9"], "keep", None),  # 9/19 = 47.4%, no key
        (["1", "2", "3", "4", "5", "6", "7", "8", "9", "11"], "revoke", "b"),  # 10/19 = 52.6%
    ],
)
def test_commune_rule_with_19_criteria(not_met, outcome, clause):
    result = assess_commune(statuses(19, not_met), KEYS)
    assert (result.outcome, result.clause) == (outcome, clause)


def test_exactly_50_percent_revokes_a_commune_without_a_key_criterion():
    result = assess_commune(statuses(10, ["1", "2", "3", "4", "5"]), KEYS)
    assert (result.outcome, result.clause) == ("revoke", "b")


def test_exactly_30_percent_with_a_key_criterion_revokes():
    result = assess_commune(statuses(10, ["1", "2", "10"]), KEYS)
    assert (result.outcome, result.clause) == ("revoke", "a")
    assert "tiêu chí xét thu hồi 10" in result.explanation_vi


def test_missing_data_makes_the_outcome_undetermined_not_safe():
    result = assess_commune(statuses(19, ["1", "2", "3", "4", "5"], missing=["10"]), KEYS)
    assert (result.outcome, result.clause) == ("undetermined", "a")


@pytest.mark.parametrize(
    "not_met, revoked, outcome, clause",
    [
        (["1", "2", "6"], 0, "revoke", "b"),  # 3/9 = 33.3% with economy
        (["1", "2", "3"], 0, "keep", None),  # 3/9 without a key criterion
        (["1", "2", "3", "4"], 0, "keep", None),  # 4/9 = 44.4%, no key
        (["1", "2", "3", "4", "5"], 0, "revoke", "c"),  # 5/9 = 55.6%
        ([], 3, "revoke", "a"),  # 3 of 10 communes revoked = 30%
        ([], 2, "keep", None),
    ],
)
def test_district_rule_with_9_criteria(not_met, revoked, outcome, clause):
    result = assess_district(
        statuses(9, not_met), {"6", "7", "8", "9"}, communes_total=10, communes_revoked=revoked
    )
    assert (result.outcome, result.clause) == (outcome, clause)


def test_district_without_commune_counts_is_undetermined():
    result = assess_district(statuses(9, []), {"6", "7", "8", "9"})
    assert (result.outcome, result.clause) == ("undetermined", "a")


def test_key_criteria_come_from_the_yaml():
    catalog = load_catalog()
    keys = {code: {c.code for c in catalog.get(code).criteria if c.revocation_key} for code in catalog.sets}
    assert keys["xa-ntm-2021"] == {"10", "17", "19"}
    assert keys["xa-ntm-nang-cao-2021"] == {"10", "17", "18", "19"}
    assert keys["huyen-ntm-2021"] == {"6", "7", "8", "9"}
    assert keys["xa-ntm-2026"] == set()  # no 2026–2030 revocation rule is known


def test_evaluation_carries_the_revocation_check():
    recorded = {str(n): ("not_met" if n in (1, 2, 3, 4, 5, 19) else "met") for n in range(1, 20)}
    result = evaluate(
        load_catalog(), "xa-ntm-2021", UnitProfile.build(region="BTB"), 2024, {}, recorded=recorded
    )
    assert result.revocation.to_dict()["outcome"] == "revoke"
    assert result.revocation.key_not_met == ("19",)
