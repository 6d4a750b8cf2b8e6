"""Links to the outputs on the plan's page, the reports page, and plan documents out of scope."""

import pytest

from ntm.accounts.models import Role, RoleAssignment, User
from ntm.units.models import AdminUnit

pytestmark = pytest.mark.django_db


def test_plan_page_links_to_outputs(client, login, plan):
    login("huyen.tamduong")
    page = client.get(f"/plans/{plan.pk}/").content.decode()
    for fmt in ("docx", "pdf", "xlsx"):
        assert f"/reports/plans/{plan.pk}/{fmt}/" in page


def test_reports_page_for_an_office(client, login):
    login("tinh.laichau")
    page = client.get("/reports/").content.decode()
    assert 'data-testid="request-tables"' in page and 'data-testid="request-progress"' in page


def test_plan_document_out_of_scope(client, plan):
    other = AdminUnit.objects.filter(level=1, valid_to__isnull=False).exclude(code="12").first()
    user = User.objects.create_user("ngoai.pham.vi", password="x-Secret-2024")
    RoleAssignment.objects.create(user=user, role=Role.PROVINCE_OFFICE, unit=other)
    client.force_login(user)
    for fmt in ("docx", "pdf", "xlsx"):
        assert client.get(f"/reports/plans/{plan.pk}/{fmt}/").status_code == 403
    assert client.get(f"/reports/units/{plan.unit.pk}/progress/xlsx/").status_code == 403
    assert client.post("/reports/tables/", {"unit": plan.unit.pk, "year": "2024"}).status_code == 403
    assert client.get(f"/reports/plans/{plan.pk}/odt/").status_code in (403, 404)


def test_commune_officer_reads_the_district_plan(client, login, plan):
    login("xa.banbo")
    assert client.get(f"/reports/plans/{plan.pk}/xlsx/").status_code == 200
