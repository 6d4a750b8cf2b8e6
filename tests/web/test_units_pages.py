"""The unit browser: search, dated tree, unit page with parent chain and lineage, language switch."""

import pytest

from ntm.units.models import AdminUnit, Level

pytestmark = pytest.mark.django_db


@pytest.fixture
def client_in(login):
    return login("huyen.tamduong")


def test_search_without_diacritics(client_in):
    response = client_in.get("/units/search/", {"q": "ban bo"})
    assert "Xã Bản Bo" in response.text
    assert "Huyện Tam Đường" in response.text


def test_htmx_search_returns_only_the_results_fragment(client_in):
    response = client_in.get("/units/search/", {"q": "ban bo"}, HTTP_HX_REQUEST="true")
    assert response.text.lstrip().startswith('<div id="search-results">')
    assert "<html" not in response.text


def test_search_says_when_nothing_matches(client_in):
    response = client_in.get("/units/search/", {"q": "khong co xa nay"})
    assert "Không tìm thấy đơn vị nào" in response.text


def test_old_ban_bo_page_shows_parents_and_merge(client_in):
    old = AdminUnit.objects.get(code="03424", level=Level.COMMUNE, valid_from__isnull=True)
    response = client_in.get(f"/units/{old.pk}/")
    text = response.text
    assert "Tỉnh Lai Châu" in text and "Huyện Tam Đường" in text
    assert "Sáp nhập ngày 01/7/2025 vào" in text
    assert "Hua Sẳng" in text


def test_new_ban_bo_page_shows_what_it_was_formed_from(client_in):
    new = AdminUnit.objects.get(code="03424", level=Level.COMMUNE, valid_from__isnull=False)
    text = client_in.get(f"/units/{new.pk}/").text
    assert "Thành lập ngày 01/7/2025 từ" in text
    assert "Xã Nà Tăm" in text


def test_split_commune_page_labels_the_package_guess(client_in):
    split = AdminUnit.objects.filter(successor_links__whole=False).first()
    text = client_in.get(f"/units/{split.pk}/").text
    assert "Chia tách ngày 01/7/2025 vào" in text
    assert "không phải căn cứ pháp lý" in text


def test_province_tree_before_reform_has_districts(client_in):
    text = client_in.get("/units/", {"province": "12", "as_of": "2024-12-31"}).text
    assert "Huyện Tam Đường" in text and "Thành phố Lai Châu" in text
    assert 'data-kind="district"' in text


def test_province_tree_after_reform_has_no_districts(client_in):
    text = client_in.get("/units/", {"province": "12", "as_of": "2025-07-01"}).text
    assert "Huyện Tam Đường" not in text
    assert 'data-kind="district"' not in text
    assert "Xã Bản Bo" in text


def test_unknown_province_on_a_date_is_a_clear_404(client_in):
    assert client_in.get("/units/", {"province": "99", "as_of": "2024-12-31"}).status_code == 404


def test_english_switch_and_back(client_in):
    client_in.post("/i18n/setlang/", {"language": "en", "next": "/units/"})
    text = client_in.get("/units/").text
    assert 'lang="en"' in text and "Administrative units" in text
    client_in.post("/i18n/setlang/", {"language": "vi", "next": "/units/"})
    assert "Đơn vị hành chính" in client_in.get("/units/").text
