"""Criteria sets through the API, with every threshold's `verified` and `source`."""

import pytest

pytestmark = pytest.mark.django_db


def test_catalog_list_is_paginated_and_filtered(session_as):
    client = session_as("xem.laichau")
    everything = client.get("/api/catalogs").json()
    assert everything["total"] == len(everything["items"]) >= 8
    communes_2024 = client.get("/api/catalogs", {"level": "commune", "year": 2024}).json()
    codes = {s["code"] for s in communes_2024["items"]}
    assert "xa-ntm-2021" in codes and "xa-ntm-2016" not in codes
    page = client.get("/api/catalogs", {"limit": 2, "offset": 2}).json()
    assert [s["code"] for s in page["items"]] == [s["code"] for s in everything["items"][2:4]]


def test_one_set_with_criteria_indicators_and_thresholds(session_as):
    body = session_as("xa.banbo").get("/api/catalogs/xa-ntm-2021").json()
    assert body["code"] == "xa-ntm-2021" and len(body["criteria"]) == 19
    assert body["decisions"][0]["number"] == "318/QĐ-TTg"
    transport = next(c for c in body["criteria"] if c["code"] == "2")
    assert transport["name_vi"] == "Giao thông"
    road = next(i for i in transport["indicators"] if i["code"] == "2.1")
    assert road["sector"] == "Giao thông vận tải" and road["kind"] == "percent"
    threshold = road["thresholds"][0]
    assert threshold["column"] == "general" and threshold["value"] == 100
    assert threshold["verified"] is False and threshold["placeholder"] is True
    planning = next(i for c in body["criteria"] for i in c["indicators"] if i["code"] == "1.1")
    assert planning["thresholds"][0]["verified"] is True
    assert "QĐ 318" in planning["thresholds"][0]["source"]


def test_unknown_set_is_404(session_as):
    response = session_as("xa.banbo").get("/api/catalogs/khong-co")
    assert response.status_code == 404 and response.json()["detail"] == "Không có bộ tiêu chí mã “khong-co”."
