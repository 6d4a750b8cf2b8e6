"""Trends across the 2025 reorganisation and charts that never mix criteria sets (issue 10 §2, §8)."""

import json
import re

import pytest

from ntm.units.models import AdminUnit, Level

pytestmark = pytest.mark.django_db

SET_2021 = "Bộ tiêu chí quốc gia về xã nông thôn mới giai đoạn 2021–2025"
SET_2026 = "Bộ tiêu chí quốc gia về xã nông thôn mới giai đoạn 2026–2030"


def _new_ban_bo() -> AdminUnit:
    return AdminUnit.objects.get(level=Level.COMMUNE, code="03424", valid_from__isnull=False)


def _province(current: bool) -> AdminUnit:
    return AdminUnit.objects.get(level=Level.PROVINCE, code="12", valid_from__isnull=not current)


def _chart(text: str) -> dict:
    found = re.search(
        r'<script id="(?:trend|dashboard)-data" type="application/json">(.*?)</script>', text, re.S
    )
    data = json.loads(found.group(1))
    return data.get("trend", data)


def _rows(text: str) -> list[tuple[int, str, str, str]]:
    """(year, unit measured, set, criteria met) of each row of a commune's trend table."""
    table = text[text.index('data-testid="trend"') :]
    return [
        (int(year), unit, cset, met)
        for year, unit, cset, met in re.findall(
            r'<tr data-year="(\d+)"[^>]*><td>\d+</td><td>([^<]*)</td><td>([^<]*)</td>'
            r'<td class="num">([^<]*)</td>',
            table,
        )
    ]


def test_post_reform_ban_bo_shows_its_predecessors_history_then_its_own_2026(session_as):
    text = session_as("tinh.laichau").get(f"/units/{_new_ban_bo().pk}/trend/").text
    rows = _rows(text)
    old_ban_bo = {year for year, unit, _set, _met in rows if unit == "Xã Bản Bo (cũ)"}
    assert old_ban_bo == set(range(2011, 2025)) - {2021}
    assert {year for year, unit, _set, _met in rows if unit == "Xã Nà Tăm (cũ)"} >= set(range(2011, 2021))
    own = [(year, cset, met) for year, unit, cset, met in rows if unit == "Xã Bản Bo"]
    assert own == [(2026, SET_2026, own[0][2])] and own[0][2].endswith("/10")
    assert [year for year, *_ in rows] == sorted(year for year, *_ in rows)  # predecessors first
    assert "Chưa có số liệu" not in text


def test_commune_officer_reads_the_history_of_the_old_commune_on_the_new_ones_trend(session_as):
    rows = _rows(session_as("xa.banbo").get(f"/units/{_new_ban_bo().pk}/trend/").text)
    assert (
        2018,
        "Xã Bản Bo (cũ)",
        "Bộ tiêu chí quốc gia về xã nông thôn mới giai đoạn 2016–2020",
        "19/19",
    ) in rows
    assert (2024, "Xã Bản Bo (cũ)", SET_2021, "19/19") in rows


def test_province_trend_has_a_series_per_set_on_separate_scales(session_as):
    text = session_as("tinh.laichau").get(f"/units/{_province(True).pk}/trend/").text
    chart = _chart(text)
    panels = {panel["max"]: panel for panel in chart["panels"]}
    assert set(panels) == {19, 10}
    old, new = panels[19], panels[10]
    names = [s["name"] for s in old["series"]]
    assert SET_2021 in names and SET_2026 not in names
    assert [s["name"] for s in new["series"]] == [SET_2026]
    assert not any("xa-ntm" in s["name"] for p in chart["panels"] for s in p["series"])
    # 2021 and 2025 have no data: on the axis, as gaps, never zeros and never skipped
    series_2021 = old["series"][names.index(SET_2021)]
    assert old["years"] == list(range(2011, 2026))
    assert series_2021["values"][old["years"].index(2021)] is None
    assert series_2021["values"][old["years"].index(2025)] is None
    assert series_2021["values"][old["years"].index(2024)] == 16.63
    assert new["years"] == [2026] and new["series"][0]["values"][0] < 10
    assert 'data-testid="set-2026">' + SET_2026 in text


def test_plan_targets_sit_beside_the_actuals_of_their_set(session_as, tam_duong, ban_bo):
    client = session_as("tinh.laichau")
    district = _chart(client.get(f"/units/{tam_duong.pk}/trend/").text)
    targets = [t for p in district["panels"] for t in p["targets"]]
    assert [(t["name"], t["values"][-2]) for t in targets] == [("Chỉ tiêu kế hoạch: " + SET_2021, 18.5)]
    commune = _chart(client.get(f"/units/{ban_bo.pk}/trend/").text)
    (target,) = [t for p in commune["panels"] for t in p["targets"]]
    assert "nâng cao" in target["name"] and 16 in target["values"]


def test_province_dashboard_today_draws_the_trend_per_set_and_lists_communes_results(session_as):
    province = _province(True)
    text = session_as("tinh.laichau").get(f"/units/{province.pk}/dashboard/", {"year": 2026}).text
    chart = _chart(text)
    assert [p["max"] for p in chart["panels"]] == [19, 10]
    children = text[text.index('data-testid="children"') :]
    assert children.count('data-testid="child-standard"') == 36
    assert children.count(">Đạt</td>") == 10
    assert 'data-testid="ocop-empty">Chưa có sản phẩm còn hiệu lực.' in text
    assert 'id="chart-ocop"' not in text


def test_national_trend_keeps_the_sets_apart_too(session_as):
    chart = _chart(session_as("quantri").get("/national/trend/").text)
    for panel in chart["panels"]:
        assert {len(s["values"]) for s in panel["series"]} == {len(panel["years"])}
    assert all(SET_2026 not in s["name"] for p in chart["panels"] if p["max"] == 19 for s in p["series"])
