"""A province's matrix on the pre-reform map groups its communes under their districts (in
Vietnamese order); on the post-reform map, with no districts, the communes are listed as they are."""

import re

import pytest

from ntm.core.collation import sort_key
from ntm.units.models import AdminUnit, Level

pytestmark = pytest.mark.django_db


def _province(*, new: bool) -> AdminUnit:
    return AdminUnit.objects.get(code="12", level=Level.PROVINCE, valid_from__isnull=not new)


def test_the_pre_reform_province_matrix_groups_communes_by_district(session_as):
    province = _province(new=False)
    html = session_as("quantri").get(f"/units/{province.pk}/matrix/2024/").text
    table = html[html.index('data-testid="matrix"') : html.index("</tbody>")]
    rows = re.findall(r'<tr (?:class="group-row" data-group="(\d+)"|data-unit="(\d+)")', table)
    districts = {d.code: d for d in AdminUnit.objects.filter(parent=province, level=Level.DISTRICT)}
    headers = [group for group, _unit in rows if group]
    assert sorted(headers) == sorted(districts)  # every district once
    assert [districts[c].name for c in headers] == sorted((districts[c].name for c in headers), key=sort_key)
    communes = {
        u.code: u for u in AdminUnit.objects.filter(parent__in=districts.values(), level=Level.COMMUNE)
    }
    current = None
    for group, unit in rows:
        if group:
            current = districts[group]
        else:
            assert communes[unit].parent_id == current.pk, unit
    assert ">Huyện Tam Đường</th>" in table


def test_the_post_reform_province_matrix_has_no_district_rows(session_as):
    province = _province(new=True)
    html = session_as("quantri").get(f"/units/{province.pk}/matrix/2026/").text
    assert 'data-unit="' in html
    assert 'class="group-row"' not in html
