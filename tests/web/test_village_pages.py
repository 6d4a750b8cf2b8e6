"""A commune's villages on the site: the list with each village's result and recognition, a
village's own page with its evaluation, and adding or renaming a village (province office and the
commune's officer only; audited)."""

import re
from html import unescape

import pytest

from ntm.audit.models import AuditRecord
from ntm.units.models import AdminUnit, Level

pytestmark = pytest.mark.django_db


def _commune(code: str, *, new: bool = False) -> AdminUnit:
    return AdminUnit.objects.get(code=code, level=Level.COMMUNE, valid_from__isnull=not new)


def _text(html: str) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def test_the_district_reads_a_communes_villages_with_their_2024_results(session_as):
    giang_ma = _commune("03405")
    client = session_as("huyen.tamduong")
    response = client.get(f"/units/{giang_ma.pk}/villages/")
    assert response.status_code == 200
    text = _text(response.text)
    assert (
        "Năm 2024: 9 thôn, bản; 6 được đánh giá, 5 đạt chuẩn theo số liệu, 5 đã có quyết định công nhận."
        in text
    )
    assert "Bản mẫu Giang Ma 1 mẫu 15/15 Đạt chuẩn QĐ MẪU-2024-B" in text
    assert "Bản mẫu Giang Ma 6 mẫu 14/15 Chưa đạt chuẩn —" in text
    assert "Bản mẫu Giang Ma 7 mẫu — chưa đánh giá —" in text
    assert "Thêm thôn, bản" not in text  # the district office keeps no village list
    assert client.post(f"/units/{giang_ma.pk}/villages/", {"name": "Bản Mới"}).status_code == 403
    village = giang_ma.children.get(name="Bản mẫu Giang Ma 1")
    page = _text(client.get(f"/units/{village.pk}/").text)
    assert "Tiêu chí đạt năm 2024 15/15 Kết quả Đạt chuẩn" in page


def test_the_commune_page_links_to_its_villages(session_as):
    ban_bo = _commune("03424", new=True)
    html = session_as("xa.banbo").get(f"/units/{ban_bo.pk}/").text
    assert f'href="/units/{ban_bo.pk}/villages/"' in html


def test_the_commune_officer_adds_and_renames_a_village_audited(session_as):
    ban_bo = _commune("03424", new=True)
    client = session_as("xa.banbo")
    response = client.post(
        f"/units/{ban_bo.pk}/villages/", {"name": "  Bản  Nà Vàng ", "code": "NV", "reason": "QĐ thành lập"}
    )
    assert response.status_code == 302
    village = ban_bo.children.get(name="Bản Nà Vàng")
    assert (village.level, village.code, village.path) == (Level.VILLAGE, "NV", f"{ban_bo.path}{village.pk}/")
    created = AuditRecord.objects.get(action="village.create", object_id=str(village.pk))
    assert (created.actor, created.reason) == ("xa.banbo", "QĐ thành lập")

    again = client.post(f"/units/{ban_bo.pk}/villages/", {"name": "bản nà vàng"})
    assert again.status_code == 200
    assert "Thôn “bản nà vàng” đã có trong Xã Bản Bo." in unescape(again.text)
    assert ban_bo.children.filter(search_key=village.search_key).count() == 1

    edit = client.get(f"/villages/{village.pk}/edit/")
    assert edit.status_code == 200 and 'value="Bản Nà Vàng"' in edit.text
    assert (
        client.post(f"/villages/{village.pk}/edit/", {"name": "Bản Nà Vàng Trên", "code": "NV1"}).status_code
        == 302
    )
    village.refresh_from_db()
    assert (village.name, village.code) == ("Bản Nà Vàng Trên", "NV1")
    changed = AuditRecord.objects.get(action="village.update", object_id=str(village.pk))
    assert changed.old == {"name": "Bản Nà Vàng", "code": "NV"}
    assert changed.new == {"name": "Bản Nà Vàng Trên", "code": "NV1"}


def test_an_empty_name_is_refused_and_what_was_typed_is_kept(session_as):
    ban_bo = _commune("03424", new=True)
    response = session_as("xa.banbo").post(f"/units/{ban_bo.pk}/villages/", {"name": "", "code": "X9"})
    assert response.status_code == 200
    assert 'value="X9"' in response.text
    assert not ban_bo.children.filter(code="X9").exists()


def test_another_communes_villages_are_refused_to_a_commune_officer(session_as):
    village = AdminUnit.objects.get(name="Suối Thầu", valid_from__isnull=False)  # Bản Giang's, now elsewhere
    neighbour = village.parent
    assert neighbour.code != "03424"
    client = session_as("xa.banbo")
    assert client.post(f"/units/{neighbour.pk}/villages/", {"name": "Bản Lạ"}).status_code == 403
    assert client.get(f"/villages/{village.pk}/edit/").status_code == 403
