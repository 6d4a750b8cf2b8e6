"""The office's language around the pages: the admin under the system's name, the login bar
without the server's address, a Vietnamese server-error page, a favicon, lists of units in
Vietnamese alphabetical order."""

import re

import pytest
from django.test import Client, override_settings
from django.urls import path

from ntm import urls as site_urls

pytestmark = pytest.mark.django_db


def test_the_admin_is_branded(login):
    text = login("quantri").get("/admin/").text
    assert "ntm — Quản trị" in text
    assert "Django" not in re.search(r"<title>(.*?)</title>", text, re.S).group(1)
    assert "Quản trị trang Django" not in text and "Trang quản trị cho Django" not in text


def test_the_login_bar_names_the_system_not_the_server():
    text = Client().get("/login/").text
    brand = re.search(r'class="brand"[^>]*>([^<]*)<', text).group(1)
    assert brand == "ntm · Hệ thống theo dõi, đánh giá nông thôn mới"
    assert "testserver" not in text and "127.0.0.1" not in text
    assert 'rel="icon" href="/static/web/favicon.svg"' in text


def _fail(request):
    raise RuntimeError("kiểm thử")


urlpatterns = [path("hong/", _fail), *site_urls.urlpatterns]
handler500 = site_urls.handler500


@override_settings(ROOT_URLCONF=__name__)
def test_a_server_error_answers_a_vietnamese_page_with_a_way_home():
    client = Client(raise_request_exception=False)
    response = client.get("/hong/")
    assert response.status_code == 500
    text = response.content.decode()
    assert "Lỗi máy chủ" in text and "không có gì được ghi" in text
    assert 'href="/"' in text


def test_the_province_list_is_in_vietnamese_alphabetical_order(login):
    text = login("quantri").get("/units/", {"as_of": "06/12/2026"}).text
    names = [n for n in ("Điện Biên", "Đồng Tháp", "Gia Lai", "Vĩnh Long") if n in text]
    assert len(names) == 4
    assert sorted(names, key=text.index) == ["Điện Biên", "Đồng Tháp", "Gia Lai", "Vĩnh Long"]


def _shown_text(html: str) -> str:
    """What a reader sees of the page: its text, option labels included, not its attributes."""
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"<[^>]+>", " ", html)


def test_criteria_sets_are_named_never_coded(login, ban_bo, tam_duong):
    """The set selectors, the catalog and the district dashboard name a set as the decision does;
    the codes stay in the addresses."""
    client = login("huyen.tamduong")
    pages = [
        "/catalogs/",
        "/catalogs/xa-ntm-2021/versions/",
        f"/units/{ban_bo.pk}/data/2024/",
        f"/units/{tam_duong.pk}/dashboard/?year=2024",
        f"/units/{tam_duong.pk}/matrix/2024/",
    ]
    for page in pages:
        text = _shown_text(client.get(page).text)
        assert "Bộ tiêu chí quốc gia về xã nông thôn mới giai đoạn 2021–2025" in text, page
        assert not re.search(r"\bxa-ntm-\d{4}\b", text), page
