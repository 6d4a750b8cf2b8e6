"""Gaps in the indicator's unit with Vietnamese labels, the nearest-to-standard ranking, what-if."""

from ntm.core import (
    UnitInput,
    UnitProfile,
    evaluate,
    evaluate_unit,
    gap_for,
    load_catalog,
    rank_nearest,
    what_if,
)
from ntm.core.values import format_number, parse_number

CATALOG = load_catalog()
XA = CATALOG.get("xa-ntm-2021")


def test_percent_gap_reads_in_points_with_a_decimal_comma():
    gap = gap_for(XA.indicator("3.1"), 73.5, 80)
    assert (gap.amount, gap.label_vi, gap.label_en) == (
        6.5,
        "thiếu 6,5 điểm %",
        "6.5 percentage points short",
    )


def test_ceiling_gap_and_money_gap():
    poverty = gap_for(XA.indicator("11"), 7.25, 5)
    assert poverty.label_vi == "vượt 2,25 điểm %"
    assert poverty.label_en == "2.25 percentage points over the limit"
    income = gap_for(XA.indicator("10"), 33, 36)
    assert income.label_vi == "thiếu 3 triệu đồng/người/năm"
    assert round(income.normalised, 4) == round(3 / 36, 4)
    assert gap_for(XA.indicator("3.1"), 85, 80) is None


def test_numbers_in_vietnamese_and_english():
    assert format_number(1234.5, "vi") == "1.234,5"
    assert format_number(1234.5, "en") == "1,234.5"
    assert parse_number("1.234,5") == parse_number("1,234.5") == 1234.5
    assert parse_number("6,5%") == 6.5


def test_ranking_puts_fewest_missing_criteria_then_smallest_gap_first():
    profile = UnitProfile.build(region="TDMNPB")
    met = {str(n): "met" for n in range(1, 20)}

    def unit(unit_id, irrigation, income):
        recorded = {k: v for k, v in met.items() if k not in ("3", "10")}
        values = {"3.1": irrigation, "3.2": True, "10": income}
        return evaluate(CATALOG, "xa-ntm-2021", profile, 2024, values, recorded=recorded, unit_id=unit_id)

    ranked = rank_nearest(
        [unit("far", 50, 20), unit("near", 79, 35), unit("done", 90, 40), unit("mid", 79, 30)]
    )
    assert [r.unit_id for r in ranked] == ["done", "near", "mid", "far"]
    assert [r.label for r in ranked] == ["19/19", "17/19", "17/19", "17/19"]


def test_what_if_reports_what_changes():
    unit = UnitInput(
        id="ban-bo",
        profile=UnitProfile.build(province_code="12", region="TDMNPB"),
        values={"1.1": True, "1.2": True, "1.3": False, "10": 34.2},
        recorded={str(n): "met" for n in range(2, 20) if n != 10},
        facts={"xa-ntm-2021": True},
        year=2024,
    )
    diff = what_if(CATALOG, "xa-ntm-nang-cao-2021", unit, {"1.3": True, "10": 37})
    assert (diff.before.label, diff.after.label) == ("17/19", "19/19")
    assert diff.to_dict()["standard_after"] == "met"
    assert [(c.code, c.before, c.after) for c in diff.criteria] == [
        ("1", "not_met", "met"),
        ("10", "not_met", "met"),
    ]
    assert {c.code for c in diff.indicators} == {"1.3", "10"}
    assert (
        evaluate_unit(CATALOG, "xa-ntm-nang-cao-2021", unit).label == "17/19"
    )  # the unit itself is unchanged
