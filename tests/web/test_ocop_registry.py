"""OCOP producers and products created and edited on the site (audited, in the user's scope), and
the demo's labelled products with their stars and 36-month expiry."""

import datetime
import re
from html import unescape

import pytest

from ntm.audit.models import AuditRecord
from ntm.ocop.models import Producer, Product, Rating
from ntm.units.models import AdminUnit, Level

pytestmark = pytest.mark.django_db


def _commune(code: str, *, new: bool = False) -> AdminUnit:
    return AdminUnit.objects.get(code=code, level=Level.COMMUNE, valid_from__isnull=not new)


def _text(html: str) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def test_the_demo_holds_labelled_products_of_lai_chau_with_computed_stars_and_expiry():
    products = Product.objects.filter(is_demo=True)
    assert products.count() == 11
    assert all("(mẫu)" in p.name and "mẫu" in p.producer.name for p in products)
    names = set(products.values_list("name", flat=True))
    assert {"Chè xanh Tam Đường (mẫu)", "Mật ong Tam Đường (mẫu)"} <= names  # the seed's tea and honey
    honey = Rating.objects.filter(product__name="Mật ong Tam Đường (mẫu)").order_by("certified_on").last()
    assert (honey.kind, honey.total, honey.stars) == ("rerated", 72, 4)
    assert (honey.certified_on, honey.expires_on) == (datetime.date(2024, 8, 15), datetime.date(2027, 8, 15))


def test_the_province_lists_products_across_the_reform(session_as):
    province = AdminUnit.objects.get(code="12", level=Level.PROVINCE, valid_from__isnull=False)
    text = _text(session_as("tinh.laichau").get("/ocop/", {"unit": province.pk, "on": "2026-12-06"}).text)
    assert "Chè Ô long Tân Uyên (mẫu) mẫu Đồ uống" in text
    assert "Miến dong Bình Lư (mẫu) — 4★, hết hạn 15/3/2027" in text


def test_a_district_office_adds_a_producer_and_a_product_then_edits_them(session_as):
    client = session_as("huyen.tamduong")
    district = AdminUnit.objects.get(code="106", level=Level.DISTRICT, valid_from__isnull=True)
    listing = client.get("/ocop/", {"unit": district.pk}).text
    assert f'href="/ocop/producers/new/?unit={district.pk}"' in listing
    ban_hon = _commune("03421")
    response = client.post(
        f"/ocop/producers/new/?unit={district.pk}",
        {"name": "HTX Rau Bản Hon", "kind": "cooperative", "unit": ban_hon.pk},
    )
    assert response.status_code == 302
    producer = Producer.objects.get(name="HTX Rau Bản Hon")
    assert producer.unit == ban_hon and not producer.is_demo
    assert AuditRecord.objects.filter(action="ocop.producer.create", object_id=str(producer.pk)).exists()

    response = client.post(
        f"/ocop/producers/{producer.pk}/", {"action": "product", "name": "Rau cải mèo", "group": "food"}
    )
    product = Product.objects.get(name="Rau cải mèo")
    assert response["Location"] == f"/ocop/products/{product.pk}/"
    assert "Rau cải mèo" in _text(client.get("/ocop/", {"unit": district.pk}).text)  # not yet rated

    response = client.post(
        f"/ocop/products/{product.pk}/edit/",
        {"name": "Rau cải mèo Bản Hon", "group": "food", "reason": "sai tên"},
    )
    assert response.status_code == 302
    edit = AuditRecord.objects.get(action="ocop.product.update", object_id=str(product.pk))
    assert (edit.old["name"], edit.new["name"], edit.reason) == (
        "Rau cải mèo",
        "Rau cải mèo Bản Hon",
        "sai tên",
    )


def test_a_producer_outside_the_users_communes_cannot_be_chosen_or_edited(session_as):
    client = session_as("xa.banbo")
    ban_bo = _commune("03424", new=True)
    elsewhere = _commune("03421")  # Bản Hon, pre-reform, not the officer's
    response = client.post(
        f"/ocop/producers/new/?unit={ban_bo.pk}",
        {"name": "HTX Lạ", "kind": "cooperative", "unit": elsewhere.pk},
    )
    assert response.status_code == 200
    assert not Producer.objects.filter(name="HTX Lạ").exists()
    tea = Product.objects.get(name="Chè Ô long Tân Uyên (mẫu)")
    assert client.get(f"/ocop/products/{tea.pk}/edit/").status_code == 403
    assert client.post(f"/ocop/producers/{tea.producer_id}/", {"action": "producer"}).status_code == 403
