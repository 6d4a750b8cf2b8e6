"""The trend chart in a real browser: one series per criteria set, the 19- and 10-criteria sets in
separate panels, and both sets in the legend (issue 10 §8)."""

import re

from playwright.sync_api import expect

from ntm.demo.accounts import DEMO_USERS

from .conftest import log_in

PASSWORDS = {u.username: u.password for u in DEMO_USERS}
SET_2021 = "Bộ tiêu chí quốc gia về xã nông thôn mới giai đoạn 2021–2025"
SET_2026 = "Bộ tiêu chí quốc gia về xã nông thôn mới giai đoạn 2026–2030"

DRAWN = """(box) => {
  const chart = window.echarts.getInstanceByDom(box);
  const option = chart.getOption();
  return {
    legend: option.legend.length,
    grids: option.grid.map((g) => g.top),
    series: option.series.map((s) => [s.name, s.type, s.yAxisIndex]),
    yMax: option.yAxis.map((y) => y.max),
  };
}"""


def test_province_trend_draws_the_2021_and_2026_sets_apart(page, screenshot):
    log_in(page, "tinh.laichau", PASSWORDS["tinh.laichau"])
    page.get_by_role("link", name="Bảng điều khiển").first.click()
    box = page.locator("#chart-trend")
    expect(box.locator("canvas")).to_be_attached()
    drawn = box.evaluate(DRAWN)
    lines = {name: axis for name, kind, axis in drawn["series"] if kind == "line"}
    assert SET_2021 in lines and SET_2026 in lines
    assert drawn["yMax"][lines[SET_2021]] == 19 and drawn["yMax"][lines[SET_2026]] == 10
    assert drawn["legend"] == 1 and 0 not in drawn["grids"]  # the legend has the top to itself
    screenshot(page, "01-dashboard-trend")
    ban_bo = page.get_by_test_id("children").get_by_role("link", name="Xã Bản Bo").get_attribute("href")

    page.goto(re.sub(r"/dashboard/.*$", "/trend/", page.url))
    chart = page.get_by_test_id("trend-chart")
    expect(chart.locator("canvas")).to_be_attached()
    names = {name for name, _kind, _axis in chart.evaluate(DRAWN)["series"]}
    assert {SET_2021, SET_2026} <= names
    expect(page.get_by_test_id("trend")).to_contain_text(SET_2026)
    screenshot(page, "02-province-trend")

    page.goto(re.sub(r"/data/.*$", "/trend/", ban_bo))
    expect(page.get_by_test_id("trend")).to_contain_text("Xã Bản Bo (cũ)")
    names = {name for name, _kind, _axis in page.get_by_test_id("trend-chart").evaluate(DRAWN)["series"]}
    assert f"{SET_2026} — Xã Bản Bo" in names and f"{SET_2021} — Xã Bản Bo (cũ)" in names
    screenshot(page, "03-ban-bo-trend")
