"""OCOP: stars and a 36-month expiry computed from the rating; the expiring list; scope."""

import datetime

import pytest

from ntm.ocop.models import Producer, Product, Rating
from ntm.units.models import AdminUnit, Level

pytestmark = pytest.mark.django_db


@pytest.fixture
def tea():
    ban_bo = AdminUnit.objects.get(code="03424", level=Level.COMMUNE, valid_from__isnull=True)
    producer = Producer.objects.create(name="HTX Chè Bản Bo", kind="cooperative", unit=ban_bo)
    return Product.objects.create(name="Chè shan tuyết Bản Bo", group="beverage", producer=producer)


def test_rating_certified_15_3_2023_expires_15_3_2026_and_is_listed_as_expiring(login, tea):
    client = login("huyen.tamduong")
    response = client.post(
        f"/ocop/products/{tea.pk}/",
        {
            "kind": "new",
            "version": "2023",
            "score_a": "30",
            "score_b": "20",
            "score_c": "22",
            "certified_on": "2023-03-15",
            "certificate_number": "15/QĐ-UBND",
            "authority": "UBND huyện Tam Đường",
        },
    )
    assert response.status_code == 302
    rating = Rating.objects.get(product=tea)
    assert (rating.stars, rating.total, rating.expires_on) == (4, 72, datetime.date(2026, 3, 15))
    page = client.get(f"/ocop/products/{tea.pk}/").text
    assert "15/3/2026" in page
    listing = client.get("/ocop/", {"on": "2025-10-01"}).text
    expiring = listing[listing.index('data-testid="ocop-expiring"') :]
    assert "Chè shan tuyết Bản Bo" in expiring[: expiring.index("</ul>")]
    later = client.get("/ocop/", {"on": "2025-06-01"}).text
    expiring = later[later.index('data-testid="ocop-expiring"') :]
    assert "Chè shan tuyết Bản Bo" not in expiring[: expiring.index("</ul>")]


def test_scores_above_the_version_maximum_are_refused(login, tea):
    response = login("xa.banbo").post(
        f"/ocop/products/{tea.pk}/",
        {
            "kind": "new",
            "version": "2023",
            "score_a": "45",
            "score_b": "20",
            "score_c": "22",
            "certified_on": "2023-03-15",
        },
    )
    assert "phần A phải từ 0 đến 40" in response.text
    assert not Rating.objects.filter(product=tea).exists()


def test_viewer_cannot_rate_and_others_cannot_see(login, tea):
    assert login("xem.laichau").post(f"/ocop/products/{tea.pk}/", {"kind": "new"}).status_code == 403
    from ntm.accounts.models import Role, RoleAssignment, User

    outsider = User.objects.create_user("xa.khac", password="Khac-biet-2024!")
    RoleAssignment.objects.create(
        user=outsider,
        role=Role.COMMUNE_OFFICER,
        unit=AdminUnit.objects.get(code="03394", valid_from__isnull=True),
    )
    client = login("xem.laichau")
    client.logout()
    client.post("/login/", {"username": "xa.khac", "password": "Khac-biet-2024!"})
    assert client.get(f"/ocop/products/{tea.pk}/").status_code == 403
