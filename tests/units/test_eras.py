"""The two eras of the map: which years belong to a unit, the year its pages open on, and where
a unit went or came from on 01/7/2025."""

import datetime

import pytest
from django.db.models import Count

from ntm.indicators.data_years import default_year, year_or_default
from ntm.units.eras import era_links, years_of
from ntm.units.models import AdminUnit, Level

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 12, 6)


def _new(level: int, code: str) -> AdminUnit:
    return AdminUnit.objects.get(level=level, code=code, valid_from__isnull=False)


def test_a_pre_reform_unit_opens_on_its_last_year_with_data_never_after_2025(ban_bo, tam_duong):
    old_lai_chau = tam_duong.parent
    for unit in (ban_bo, tam_duong, old_lai_chau):
        assert years_of(unit)[-1] == 2025
        assert default_year(unit, TODAY) == 2024  # the demo's last pre-reform year
    # Tam Đường's roll-ups count its area's new communes in 2026: still not its year
    assert tam_duong.rollups.filter(year=2026, units_assessed__gt=0).exists()
    assert year_or_default(tam_duong, 2026) == 2024
    assert year_or_default(tam_duong, 2018) == 2018


def test_a_post_reform_unit_opens_on_the_2026_set_from_2026():
    for unit in (_new(Level.PROVINCE, "12"), _new(Level.COMMUNE, "03424")):
        assert years_of(unit).start == 2025
        assert default_year(unit, TODAY) == 2026
        assert year_or_default(unit, 2018) == 2018  # its area's history, through its predecessors
        assert year_or_default(unit, 2031) == 2026


def test_a_unit_without_data_opens_on_this_year_or_its_last_one():
    empty = AdminUnit.objects.filter(level=Level.COMMUNE, valid_from__isnull=True, assessments=None).first()
    assert default_year(empty, TODAY) == 2025
    new = AdminUnit.objects.filter(level=Level.COMMUNE, valid_from__isnull=False, assessments=None).first()
    assert default_year(new, TODAY) == 2026


def test_where_a_unit_went_and_where_it_came_from(ban_bo, tam_duong):
    new_ban_bo = _new(Level.COMMUNE, "03424")
    went = era_links(ban_bo)
    assert went.successors == [new_ban_bo] and not went.predecessors
    came = era_links(new_ban_bo)
    assert {u.name for u in came.predecessors} == {"Xã Bản Bo", "Xã Nà Tăm"} and not came.successors
    district = era_links(tam_duong)
    assert district.district_ended and district.province_now == _new(Level.PROVINCE, "12")


def test_a_split_commune_lists_every_successor():
    split = (
        AdminUnit.objects.filter(level=Level.COMMUNE, valid_to__isnull=False)
        .annotate(n=Count("successor_links"))
        .filter(n__gt=1)
        .first()
    )
    assert len(era_links(split).successors) == split.n > 1
