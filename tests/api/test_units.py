"""Units through the API: dated lists, filters, diacritic-insensitive search, pagination, scope."""

import datetime

import pytest

from ntm.units.models import AdminUnit, Level

pytestmark = pytest.mark.django_db


def _lai_chau(client, as_of: str) -> dict:
    page = client.get("/api/units", {"as_of": as_of, "level": 1, "q": "lai chau"}).json()
    assert page["total"] == 1, page
    return page["items"][0]


def test_lai_chau_has_districts_before_the_reform_and_none_after(session_as):
    client = session_as("tinh.laichau")
    before = _lai_chau(client, "2024-12-31")
    after = _lai_chau(client, "2025-07-01")
    assert before["id"] != after["id"] and before["code"] == after["code"] == "12"

    districts = client.get("/api/units", {"as_of": "2024-12-31", "parent": before["id"], "level": 2}).json()
    names = {u["name"] for u in districts["items"]}
    assert districts["total"] == 8 and "Huyện Tam Đường" in names and "Huyện Sìn Hồ" in names

    assert (
        client.get("/api/units", {"as_of": "2025-07-01", "parent": after["id"], "level": 2}).json()["total"]
        == 0
    )
    communes = client.get("/api/units", {"as_of": "2025-07-01", "parent": after["id"], "level": 3}).json()
    assert communes["total"] > 0 and all(u["valid_from"] == "2025-07-01" for u in communes["items"])


def test_pages_cover_the_list_once_with_the_total(session_as):
    client = session_as("quantri")
    query = {"as_of": "2024-12-31", "parent": AdminUnit.objects.get(code="12", level=1, valid_from=None).pk}
    pages = [client.get("/api/units", {**query, "limit": 3, "offset": offset}).json() for offset in (0, 3, 6)]
    assert [p["total"] for p in pages] == [8, 8, 8]
    assert [len(p["items"]) for p in pages] == [3, 3, 2]
    assert [(p["limit"], p["offset"]) for p in pages] == [(3, 0), (3, 3), (3, 6)]
    ids = [u["id"] for p in pages for u in p["items"]]
    assert len(set(ids)) == 8


@pytest.mark.parametrize("bad", [{"limit": 0}, {"limit": 501}, {"offset": -1}, {"level": 9}, {"kind": "x"}])
def test_bad_list_parameters_are_422_in_vietnamese(session_as, bad):
    response = session_as("quantri").get("/api/units", bad)
    assert response.status_code == 422
    assert response.json()["detail"].startswith("Yêu cầu không hợp lệ")


def test_search_ignores_diacritics_and_filters_by_kind(session_as):
    client = session_as("quantri")
    page = client.get("/api/units", {"q": "ban bo", "as_of": "2024-12-31", "kind": "commune"}).json()
    assert [u["name"] for u in page["items"]] == ["Xã Bản Bo"]
    assert client.get("/api/units", {"q": "Bản Bo", "as_of": "2025-07-01", "level": 3}).json()["total"] == 1


def test_lists_show_only_the_callers_units(session_as, ban_bo):
    query = {"as_of": "2024-12-31", "level": Level.COMMUNE}
    officer = session_as("xa.banbo").get("/api/units", query).json()
    # its Bản Bo, and Nà Tăm: merged with it into the new Bản Bo, read (not written) for its history
    na_tam = AdminUnit.objects.get(level=Level.COMMUNE, code="03427", valid_from__isnull=True)
    assert sorted(u["id"] for u in officer["items"]) == sorted([ban_bo.pk, na_tam.pk])

    district = session_as("huyen.tamduong").get("/api/units", {**query, "limit": 500}).json()
    in_tam_duong = AdminUnit.objects.as_of(datetime.date(2024, 12, 31)).filter(
        level=Level.COMMUNE, path__startswith=ban_bo.parent.path
    )
    assert district["total"] == in_tam_duong.count() > 1
    assert {u["parent_id"] for u in district["items"]} == {ban_bo.parent_id}
    assert ban_bo.pk in {u["id"] for u in district["items"]}

    province = session_as("xem.laichau").get("/api/units", {**query, "limit": 1}).json()
    national = session_as("quantri").get("/api/units", {**query, "limit": 1}).json()
    assert district["total"] < province["total"] < national["total"]


def test_detail_has_parent_chain_and_lineage(session_as, ban_bo):
    body = session_as("xa.banbo").get(f"/api/units/{ban_bo.pk}").json()
    assert [a["name"] for a in body["ancestors"]] == ["Tỉnh Lai Châu", "Huyện Tam Đường"]
    assert body["formed_from"] is None
    became = body["became"]
    assert became["date"] == "2025-07-01"
    assert any(u["name"] == "Xã Bản Bo" and u["id"] != ban_bo.pk for u in became["units"])
    assert body["valid_to"] == "2025-06-30"


def test_detail_out_of_scope_is_403_and_unknown_is_404(session_as, neighbour):
    client = session_as("xa.banbo")
    response = client.get(f"/api/units/{neighbour.pk}")
    assert response.status_code == 403
    assert response.json() == {"detail": "Bạn không có quyền xem dữ liệu của đơn vị này."}
    missing = client.get("/api/units/999999999")
    assert missing.status_code == 404 and missing.json()["detail"] == "Không tìm thấy đơn vị hành chính này."
