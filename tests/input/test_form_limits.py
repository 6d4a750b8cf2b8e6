"""F10 and F12: whole numbers typed into forms get a maximum that fits their column on both
databases (10^20 households was a 500 on PostgreSQL), and evidence refuses a year no page shows
and a description longer than its column — each a message on the page, nothing written."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from ntm.finance.models import Budget, Contribution
from ntm.indicators.models import Evidence
from ntm.planning.models import Activity

pytestmark = pytest.mark.django_db

SET, YEAR = "xa-ntm-2021", 2024
LIMIT_TEXT = ("2147483647", "2.147.483.647")


def _shows_limit(page: str) -> bool:
    return any(text in page for text in LIMIT_TEXT)


def test_contribution_households_over_the_column_is_a_form_error(session_as, tam_duong):
    client = session_as("huyen.tamduong")
    before = Contribution.objects.count()
    response = client.post(
        f"/finance/contributions/new/?unit={tam_duong.pk}",
        {
            "unit": tam_duong.pk,
            "period_start": "2024-01-01",
            "period_end": "2024-06-30",
            "contributor": "people",
            "cash": "10",
            "households": str(10**20),
        },
    )
    assert response.status_code == 200
    assert _shows_limit(response.content.decode())
    assert Contribution.objects.count() == before


@pytest.mark.parametrize(("sessions", "participants"), [(10**20, 5), (5, 3 * 10**9)])
def test_activity_counts_over_the_column_are_form_errors(session_as, tam_duong, sessions, participants):
    client = session_as("huyen.tamduong")
    before = Activity.objects.count()
    response = client.post(
        f"/plans/activities/new/?unit={tam_duong.pk}",
        {
            "kind": "communication",
            "audience": "people",
            "period_start": "2024-01-01",
            "period_end": "2024-12-31",
            "sessions": str(sessions),
            "participants": str(participants),
        },
    )
    assert response.status_code == 200
    assert _shows_limit(response.content.decode())
    assert Activity.objects.count() == before


def test_budget_work_counts_over_the_column_are_form_errors(session_as, tam_duong):
    from ntm.planning.models import Plan

    plan, _ = Plan.objects.get_or_create(unit=tam_duong, year=YEAR, title="Kế hoạch kiểm thử")
    client = session_as("huyen.tamduong")
    before = Budget.objects.count()
    response = client.post(
        f"/finance/budgets/new/?plan={plan.pk}",
        {
            "kind": "planned",
            "title": "Vốn kiểm thử",
            "year_from": YEAR,
            "year_to": YEAR,
            "total": "10",
            "works_new_central": str(10**20),
        },
    )
    assert response.status_code == 200
    assert _shows_limit(response.content.decode())
    assert Budget.objects.count() == before


@pytest.mark.parametrize(
    ("year", "note", "message"),
    [
        (YEAR, "n" * 400, "Mô tả minh chứng dài 400 ký tự, tối đa 300 ký tự"),
        (YEAR, "biên bản\x00", "Mô tả minh chứng có ký tự điều khiển"),
    ],
)
def test_evidence_with_an_impossible_year_or_description_is_refused(session_as, ban_bo, year, note, message):
    client = session_as("xa.banbo")
    before = Evidence.objects.count()
    upload = SimpleUploadedFile("bien-ban.pdf", b"%PDF-1.4\n% kiem thu\n", content_type="application/pdf")
    response = client.post(
        f"/units/{ban_bo.pk}/data/{year}/evidence/",
        {"set": SET, "indicator": "2.1", "note": note, "file": upload},
    )
    assert response.status_code == 302
    page = client.get(f"/units/{ban_bo.pk}/data/{YEAR}/", {"set": SET}).content.decode()
    assert message in page
    assert Evidence.objects.count() == before


def test_evidence_for_an_impossible_year_finds_no_page(session_as, ban_bo):
    """Year 99999 was stored on SQLite and a 500 on PostgreSQL; the address itself now answers 404."""
    before = Evidence.objects.count()
    upload = SimpleUploadedFile("bien-ban.pdf", b"%PDF-1.4\n% kiem thu\n", content_type="application/pdf")
    response = session_as("xa.banbo").post(
        f"/units/{ban_bo.pk}/data/99999/evidence/", {"set": SET, "indicator": "2.1", "file": upload}
    )
    assert response.status_code == 404
    assert Evidence.objects.count() == before
