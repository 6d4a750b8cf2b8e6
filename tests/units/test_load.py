"""The national unit list as the package provides it, in both eras, with the 2025 lineage."""

import datetime

import pytest

from ntm.units.models import REFORM_DATE, AdminUnit, Level, LineageLink
from ntm.units.selectors import counts_by_kind
from ntm.units.services import load_national_units

pytestmark = pytest.mark.django_db

BEFORE = datetime.date(2024, 12, 31)


def test_pre_reform_counts():
    stats = counts_by_kind(BEFORE)["by_level"]
    assert (stats["province"], stats["district"], stats["commune"]) == (63, 696, 10_035)


def test_post_reform_counts():
    stats = counts_by_kind(REFORM_DATE)
    assert stats["by_level"]["province"] == 34
    assert stats["by_level"]["district"] == 0
    assert stats["by_level"]["commune"] == 3_321
    assert (stats["by_kind"]["commune"], stats["by_kind"]["ward"], stats["by_kind"]["special_zone"]) == (
        2621,
        687,
        13,
    )


def test_every_old_commune_has_a_successor():
    old = AdminUnit.objects.as_of(BEFORE).filter(level=Level.COMMUNE)
    orphans = old.exclude(successor_links__successor__valid_from=REFORM_DATE)
    assert old.count() == 10_035
    assert list(orphans.values_list("name", flat=True)[:5]) == []


def test_new_communes_reuse_codes_and_are_keyed_by_code_and_date():
    reused = AdminUnit.objects.filter(
        level=Level.COMMUNE,
        valid_from=REFORM_DATE,
        code__in=AdminUnit.objects.filter(level=Level.COMMUNE, valid_from__isnull=True).values("code"),
    )
    assert reused.count() == 3_316
    ban_bo = AdminUnit.objects.filter(code="03424", level=Level.COMMUNE)
    assert sorted(str(u.valid_from) for u in ban_bo) == ["2025-07-01", "None"]


def test_loading_twice_changes_nothing():
    before = (AdminUnit.objects.count(), LineageLink.objects.count())
    report = load_national_units(actor="tests")
    assert not report.changed
    assert (AdminUnit.objects.count(), LineageLink.objects.count()) == before


def test_split_commune_keeps_the_package_guess_flagged_as_heuristic():
    split_links = LineageLink.objects.filter(whole=False)
    assert split_links.count() == 1_033
    assert split_links.filter(package_default=True).exists()
    assert not LineageLink.objects.filter(whole=True, package_default__isnull=False).exists()


def test_ban_bo_merged_with_na_tam_on_reform_day():
    old = AdminUnit.objects.get(code="03424", valid_from__isnull=True)
    link = old.successor_links.select_related("successor", "event").get()
    assert link.successor.name == "Xã Bản Bo"
    assert link.event.date == REFORM_DATE
    assert link.event.kind == "merge"
    predecessors = set(link.successor.predecessor_links.values_list("predecessor__name", flat=True))
    assert predecessors == {"Xã Bản Bo", "Xã Nà Tăm"}


def test_pre_reform_provinces_carry_an_unverified_region_with_its_source():
    lai_chau = AdminUnit.objects.get(code="12", level=Level.PROVINCE, valid_from__isnull=True)
    assert lai_chau.region == "TDMNPB"
    assert not lai_chau.region_verified
    assert "QĐ 318" in lai_chau.region_source
    assert not AdminUnit.objects.filter(level=Level.PROVINCE, valid_from__isnull=True, region="").exists()
