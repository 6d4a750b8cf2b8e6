"""Everyone in scope reads a plan; district and province offices in scope (and administrators) write;
a commune officer reads the district plan that sets the commune's targets but cannot change it;
out-of-scope users get 403."""

import pytest

from ntm.planning import services
from ntm.planning.models import Plan
from ntm.units.models import AdminUnit, Level

pytestmark = pytest.mark.django_db

EDIT_FORM = {"year": 2024, "title": "Sửa tên", "status": "issued", "legal_bases": ""}


@pytest.fixture
def other_plan():
    """A plan of a district outside Lai Châu (Quận Ba Đình, Hà Nội)."""
    district = AdminUnit.objects.get(code="001", level=Level.DISTRICT, valid_from__isnull=True)
    return services.create_plan(actor="tests", unit=district, year=2024, title="Kế hoạch NTM 2024")


def _measure(plan):
    return plan.targets.filter(kind="measure").first()


@pytest.mark.parametrize("username", ["xem.laichau", "xa.banbo", "tinh.laichau", "huyen.tamduong", "quantri"])
def test_everyone_in_scope_reads_the_district_plan(login, plan, username):
    response = login(username).get(f"/plans/{plan.pk}/")
    assert response.status_code == 200
    may_edit = username in ("tinh.laichau", "huyen.tamduong", "quantri")
    assert ("Sửa kế hoạch" in response.text) is may_edit
    assert (f"/plans/{plan.pk}/" in login(username).get("/plans/").text) is True


@pytest.mark.parametrize("username", ["xem.laichau", "xa.banbo"])
def test_viewer_and_commune_officer_cannot_change_the_district_plan(login, plan, username):
    client = login(username)
    assert client.get(f"/plans/{plan.pk}/edit/").status_code == 403
    assert client.post(f"/plans/{plan.pk}/edit/", EDIT_FORM).status_code == 403
    assert (
        client.post(f"/plans/{plan.pk}/targets/new/", {"kind": "milestone", "label": "x"}).status_code == 403
    )
    target = _measure(plan)
    response = client.post(
        f"/plans/{plan.pk}/targets/{target.pk}/actual/",
        {"value": "1", "as_of": "2024-12-31", "evidence": "x", "reason": "x"},
    )
    assert response.status_code == 403
    assert client.get(f"/plans/new/?unit={plan.unit.pk}").status_code == 403
    plan.refresh_from_db()
    assert plan.title != "Sửa tên"


@pytest.mark.parametrize("username", ["huyen.tamduong", "xa.banbo", "xem.laichau"])
def test_out_of_scope_plan_is_forbidden(login, other_plan, username):
    client = login(username)
    assert client.get(f"/plans/{other_plan.pk}/").status_code == 403
    assert client.post(f"/plans/{other_plan.pk}/edit/", EDIT_FORM).status_code == 403
    assert f"/plans/{other_plan.pk}/" not in client.get("/plans/").text


def test_province_office_edits_a_district_plan_below_it(login, plan):
    client = login("tinh.laichau")
    response = client.post(
        f"/plans/{plan.pk}/edit/",
        {"year": 2024, "title": plan.title, "status": "draft", "legal_bases": "\n".join(plan.legal_bases)},
    )
    assert response.status_code == 302
    assert Plan.objects.get(pk=plan.pk).status == "draft"


def test_commune_officer_cannot_create_a_plan_of_their_commune(login):
    ban_bo = AdminUnit.objects.get(code="03424", level=Level.COMMUNE, valid_from__isnull=True)
    assert login("xa.banbo").get(f"/plans/new/?unit={ban_bo.pk}").status_code == 403
