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
    assert planning["thresholds"][0]["verified"] is False  # legal review §3.3: rested on DOMAIN.md
    assert "QĐ 318" in planning["thresholds"][0]["source"]
    schooling = next(i for c in body["criteria"] for i in c["indicators"] if i["code"] == "14.1")
    assert schooling["thresholds"][0]["verified"] is True and "1491" in schooling["thresholds"][0]["source"]


def test_criterion_5_shows_the_number_of_schools_and_the_threshold_cases(session_as):
    body = session_as("xa.banbo").get("/api/catalogs/xa-ntm-2021").json()
    schools = {i["code"]: i for c in body["criteria"] if c["code"] == "5" for i in c["indicators"]}
    assert schools["5.1"]["basis"] is True and schools["5.1"]["thresholds"] == []
    mountain = next(t for t in schools["5.3"]["thresholds"] if t["column"] == "TDMNPB")
    assert mountain["value"] is None
    assert [(c["when"], c["value"]) for c in mountain["cases"]] == [
        ({"indicator": "5.1", "min": 4, "max": None}, 70),
        ({"indicator": "5.1", "min": None, "max": 3}, 50),
    ]


def test_unknown_set_is_404(session_as):
    response = session_as("xa.banbo").get("/api/catalogs/khong-co")
    assert response.status_code == 404 and response.json()["detail"] == "Không có bộ tiêu chí mã “khong-co”."
