"""Threshold resolution: region, ĐBKK/ATK, group, year, provincial and runtime layers."""

import shutil

import pytest

from ntm.core import ThresholdOverride, UnitProfile, load_catalog, resolve_thresholds
from ntm.core.catalog import DEFAULT_DIR


@pytest.fixture(scope="module")
def catalog():
    return load_catalog()


def test_region_column_and_year_give_the_confirmed_2020_income(catalog):
    income = resolve_thresholds(catalog, "xa-ntm-2016", UnitProfile.build(region="DNB"), 2020)["10"]
    assert (income.value, income.verified, income.layer, income.year) == (
        59,
        True,
        "national-region:DNB",
        2020,
    )
    assert income.source == "QĐ 1980/QĐ-TTg, tiêu chí 10 (năm 2020)"


def test_year_outside_the_table_uses_the_nearest_earlier_one_and_says_so(catalog):
    profile = UnitProfile.build(region="TDMNPB")
    later = resolve_thresholds(catalog, "xa-ntm-2021", profile, 2027)["10"]
    assert later.year == 2025
    assert "no value for 2027: uses 2025, the nearest earlier year" in later.notes
    earlier = resolve_thresholds(catalog, "xa-ntm-2021", profile, 2021)["10"]
    assert earlier.year == 2022
    assert "no value for 2021 or earlier: uses 2022, the earliest in the table" in earlier.notes


def test_unknown_region_falls_back_to_general_with_a_note(catalog):
    income = resolve_thresholds(catalog, "xa-ntm-2016", UnitProfile.build(), 2020)["10"]
    assert (income.value, income.layer) == (45, "national-general")
    assert "region not given: general thresholds used" in income.notes


def test_dbkk_and_atk_communes_use_tdmnpb_thresholds(catalog):
    for flags in ({"dbkk": True}, {"atk": True}):
        income = resolve_thresholds(catalog, "xa-ntm-2021", UnitProfile.build(region="DNB", **flags), 2024)[
            "10"
        ]
        assert (income.value, income.layer) == (36, "national-region:TDMNPB")
        assert any("QĐ 318/QĐ-TTg Điều 1" in note for note in income.notes)


def test_regions_written_with_d_stroke_are_accepted_and_nonsense_refused():
    assert UnitProfile.build(region="ĐBSCL").region == "DBSCL"
    assert UnitProfile.build(province_code=1).province_code == "01"
    with pytest.raises(ValueError, match="unknown region"):
        UnitProfile.build(region="Tây Bắc")
    with pytest.raises(ValueError, match="commune group"):
        UnitProfile.build(commune_group=4)


def test_runtime_override_replaces_the_national_value_and_names_its_layer(catalog):
    fix = ThresholdOverride(
        "xa-ntm-2021",
        "10",
        42,
        True,
        "QĐ 318/QĐ-TTg Phụ lục I",
        "runtime:điều chỉnh #7",
        key="TDMNPB",
        year=2024,
    )
    profile = UnitProfile.build(province_code="12", region="TDMNPB")
    income = resolve_thresholds(catalog, "xa-ntm-2021", profile, 2024, [fix])["10"]
    assert (income.value, income.verified, income.layer) == (42, True, "runtime:điều chỉnh #7")
    assert "replaces national-region:TDMNPB value 36" in income.notes
    other_year = resolve_thresholds(catalog, "xa-ntm-2021", profile, 2023, [fix])["10"]
    assert other_year.layer == "national-region:TDMNPB"
    other_region = resolve_thresholds(catalog, "xa-ntm-2021", UnitProfile.build(region="DNB"), 2024, [fix])[
        "10"
    ]
    assert other_region.value == 59


def test_runtime_override_with_a_wrong_type_is_refused(catalog):
    fix = ThresholdOverride("xa-ntm-2021", "3.1", "tám mươi", False, "?", "runtime:x")
    with pytest.raises(ValueError, match="not a valid percent value"):
        resolve_thresholds(catalog, "xa-ntm-2021", UnitProfile.build(), 2024, [fix])


def test_provincial_file_override_applies_only_in_its_province(tmp_path):
    shutil.copytree(DEFAULT_DIR, tmp_path / "catalogs")
    (tmp_path / "catalogs" / "overrides" / "lai-chau-1285-2022.yaml").write_text(
        'province_code: "12"\nprovince_name: Lai Châu\n'
        "decision: {number: 1285/QĐ-UBND, date: 2022-09-27, issuer: UBND tỉnh Lai Châu}\n"
        "sets: [xa-ntm-2021]\n"
        "overrides:\n"
        '  - {set: xa-ntm-2021, indicator: "3.1", value: 85, verified: false, source: "QĐ 1285 (test)"}\n',
        encoding="utf-8",
    )
    catalog = load_catalog(tmp_path / "catalogs")
    lai_chau = resolve_thresholds(catalog, "xa-ntm-2021", UnitProfile.build(province_code="12"), 2024)["3.1"]
    assert (lai_chau.value, lai_chau.verified, lai_chau.layer) == (85, False, "province:12 QĐ 1285/QĐ-UBND")
    elsewhere = resolve_thresholds(catalog, "xa-ntm-2021", UnitProfile.build(province_code="14"), 2024)["3.1"]
    assert (elsewhere.value, elsewhere.layer) == (80, "national-general")


def test_the_real_lai_chau_file_holds_the_decision_and_no_invented_value(catalog):
    (file,) = catalog.override_files
    assert (file.province_code, file.decision.number, str(file.decision.date)) == (
        "12",
        "1285/QĐ-UBND",
        "2022-09-27",
    )
    assert file.entries == ()


def test_commune_group_selects_the_2026_column(catalog):
    from ntm.core.rules import column_for

    cset = catalog.get("xa-ntm-2026")
    assert column_for(cset, UnitProfile.build(commune_group=3)) == ("3", ())
    assert column_for(cset, UnitProfile.build())[0] == "general"
