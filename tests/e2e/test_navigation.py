"""Issue 10's walk: every demo user signs in, follows every link of the navigation and of the home
page — none answers an error — and lands on a dashboard showing counts for the current year of
their unit (post-reform offices: 2026; the district, which ended on 30/6/2025: its last year)."""

import re

import pytest
from playwright.sync_api import expect

from ntm.demo.accounts import DEMO_USERS

from .conftest import log_in

PASSWORDS = {u.username: u.password for u in DEMO_USERS}
# the year each demo user's landing dashboard opens on
LANDING_YEAR = {"tinh.laichau": 2026, "xem.laichau": 2026, "xa.banbo": 2026, "huyen.tamduong": 2024}


def _hrefs(page, selector: str) -> list[str]:
    return list(
        dict.fromkeys(page.locator(selector).evaluate_all("links => links.map(a => a.getAttribute('href'))"))
    )


@pytest.mark.parametrize("username", [u.username for u in DEMO_USERS])
def test_every_demo_user_follows_every_navigation_link(username, page, screenshot):
    log_in(page, username, PASSWORDS[username])
    links = _hrefs(page, "nav.mainnav a") + _hrefs(page, "[data-testid=home-tiles] a")
    assert len(links) >= 8
    for href in links:
        response = page.goto(href)
        assert response is not None and response.status == 200, f"{username}: {href} → {response.status}"

    page.goto("/")
    page.locator("nav.mainnav").get_by_role("link", name="Bảng điều khiển").click()
    page.wait_for_load_state()
    screenshot(page, f"landing-{username}")
    if username == "quantri":  # the country: the national trend, one row per year with data
        expect(page.get_by_test_id("trend").locator("tbody tr").first).to_be_visible()
        return
    year = LANDING_YEAR[username]
    if username == "xa.banbo":  # a commune: its own page with its result of the year
        result = page.get_by_test_id("unit-result")
        expect(result).to_contain_text(f"Tiêu chí đạt năm {year}")
        met, total = map(int, re.search(r"(\d+)/(\d+)", result.inner_text()).groups())
        assert total == 10 and met > 0
        return
    expect(page.get_by_label("Năm")).to_have_value(str(year))
    kpis = page.get_by_test_id("kpis")
    expect(kpis).to_be_visible()
    assessed = kpis.locator(".kpi").nth(2).locator("strong").inner_text()  # units with data
    counted, total = map(int, assessed.split("/"))
    assert counted > 0 and total > 0, f"{username}: {assessed}"
