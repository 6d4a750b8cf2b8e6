"""F16: every answer under /api/ is JSON with a `detail`, even for an unknown path or a bug."""

import logging

import pytest

import ntm.api.routers.me

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("path", ["/api/khong-co/", "/api/values/abc/def", "/api/units/1/nothing"])
def test_unknown_api_path_is_a_json_404(client, path):
    response = client.get(path)
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
    assert response.json() == {"detail": "Không tìm thấy."}


def test_unknown_page_is_still_an_html_page(client):
    response = client.get("/khong-co-trang-nay/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")


def test_unexpected_error_is_a_json_500_and_is_logged(session_as, monkeypatch, caplog):
    def broken(user):
        raise RuntimeError("bug in a selector")

    monkeypatch.setattr(ntm.api.routers.me, "assignments", broken)  # stands for any bug
    with caplog.at_level(logging.ERROR, logger="ntm.api"):
        response = session_as("xa.banbo").get("/api/me")
    assert response.status_code == 500
    assert response["Content-Type"].startswith("application/json")
    assert "không có gì được ghi" in response.json()["detail"]
    assert "bug in a selector" in caplog.text
