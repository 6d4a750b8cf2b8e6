"""The yearly upkeep review: the recognised units below a province, each with its assessment and the
engine's revocation check, those a clause applies to first, with the way to record the revocation."""

import pytest

from ntm.recognition import upkeep
from ntm.units.models import AdminUnit, Level

pytestmark = pytest.mark.django_db


def test_the_upkeep_review_lists_recognised_units_with_the_revocation_check(session_as):
    lai_chau = AdminUnit.objects.get(level=Level.PROVINCE, code="12", valid_from__isnull=False)
    province = session_as("tinh.laichau")
    rows = upkeep.review(_user("tinh.laichau"), lai_chau, 2026)
    assert rows, "the demo recognises communes of Lai Châu"
    outcomes = [r.risk.outcome if r.risk else "meets" for r in rows]
    order = {"revoke": 0, "undetermined": 1, "keep": 2, "meets": 4}
    assert outcomes == sorted(outcomes, key=order.get)
    page = province.get(f"/units/{lai_chau.pk}/upkeep/", {"year": 2026}).content.decode()
    assert "Rà soát duy trì đạt chuẩn" in page and rows[0].unit.name in page
    assert province.get(f"/units/{lai_chau.pk}/upkeep/", {"year": "abc"}).status_code == 200
    if "revoke" in outcomes:
        assert "Thuộc diện thu hồi" in page and "Ghi quyết định thu hồi" in page


def _user(username):
    from ntm.accounts.models import User

    return User.objects.get(username=username)
