"""Every page a demo user reaches from the navigation, and the main pages of their unit, fit a phone
(390 px: nothing wider than the screen, the menu behind its button) and a desk (1366 px), with no
console error. One browser session per user; each page is loaded at 390 px, then widened to 1366 px."""

import json

import pytest
from playwright.sync_api import expect

from ntm.demo.accounts import DEMO_USERS

from .conftest import ARTIFACTS, log_in, site_shell

PHONE, DESK = {"width": 390, "height": 844}, {"width": 1366, "height": 900}
SHOTS = ARTIFACTS / "responsive"

# Each user's unit (administrators: Tam Đường) and a commune in it for the data-entry page.
UNITS = """
import json
from ntm.accounts.models import RoleAssignment
from ntm.units.models import AdminUnit, Level
district = AdminUnit.objects.get(code="106", level=Level.DISTRICT, valid_from__isnull=True)
commune = AdminUnit.objects.get(code="03424", valid_from__isnull=True)
out = {}
for ra in RoleAssignment.objects.select_related("user", "unit").filter(user__is_demo=True):
    unit = ra.unit or district
    if ra.user.username not in out or unit.valid_from is None:
        out[ra.user.username] = [unit.pk, unit.level, unit.pk if unit.level == Level.COMMUNE else commune.pk]
print(json.dumps(out))
"""


@pytest.fixture(scope="module")
def units(site_env) -> dict:
    return json.loads(site_shell(site_env, UNITS).strip().splitlines()[-1])


def _unit_pages(unit: int, level: int, commune: int) -> list[str]:
    pages = [f"/units/{unit}/", f"/units/{unit}/dashboard/?year=2024", f"/units/{commune}/data/2024/"]
    if level < 3:
        pages.append(f"/units/{unit}/matrix/2024/")
    return pages


def _first_link(page, path: str, selector: str) -> list[str]:
    page.goto(path)
    link = page.locator(selector).first
    return [link.get_attribute("href")] if link.count() else []


@pytest.mark.parametrize("user", DEMO_USERS, ids=lambda u: u.username)
def test_every_page_fits_a_phone_and_a_desk(browser, site_url, units, user):
    context = browser.new_context(base_url=site_url, viewport=PHONE, locale="vi-VN")
    page = context.new_page()
    errors: list[str] = []
    page.on(
        "console",
        lambda m: errors.append(f"{m.text} ({m.location.get('url')})") if m.type == "error" else None,
    )
    page.on("pageerror", lambda e: errors.append(str(e)))
    try:
        log_in(page, user.username, user.password)
        # The menu collapses behind its button at phone width and opens with the keyboard.
        nav = page.locator("#mainnav")
        expect(nav).to_be_hidden()
        page.get_by_role("button", name="Danh mục").focus()
        page.keyboard.press("Enter")
        expect(nav).to_be_visible()
        expect(page.get_by_role("link", name="OCOP")).to_be_in_viewport()
        page.keyboard.press("Escape")
        expect(nav).to_be_hidden()

        paths = nav.locator("a").evaluate_all("links => links.map(a => a.getAttribute('href'))")
        paths += _unit_pages(*units[user.username])
        paths += _first_link(page, "/plans/", "main table a[href^='/plans/']")
        paths += _first_link(page, "/catalogs/", "main a[href^='/catalogs/']")
        problems, forbidden = {}, []
        for path in dict.fromkeys(paths):
            page.set_viewport_size(PHONE)
            errors.clear()
            response = page.goto(path)
            page.wait_for_load_state("networkidle")
            if response.status == 403:  # not this user's page: nothing to look at
                forbidden.append(path)
                continue
            found = [f"HTTP {response.status}"] if response.status != 200 else []
            wide = page.evaluate("document.scrollingElement.scrollWidth")
            if wide > PHONE["width"]:
                found.append(f"{wide} px wide on a {PHONE['width']} px screen")
            if "/data/20" in path:
                SHOTS.mkdir(parents=True, exist_ok=True)
                page.screenshot(path=str(SHOTS / f"{user.username}-data-entry-390.png"))
            # The same page turned to a desk's width (charts and map redraw): still no error.
            page.set_viewport_size(DESK)
            page.wait_for_function(f"innerWidth === {DESK['width']}")
            page.evaluate("new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))")
            if page.locator("#mainnav").count():  # the site's pages, not the admin's
                expect(page.locator("#mainnav")).to_be_visible()
            found += errors
            if found:
                problems[path] = found
        assert problems == {}
        assert len(forbidden) < len(paths) / 2, forbidden  # the check looked at most of the pages
    finally:
        context.close()
