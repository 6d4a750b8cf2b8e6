"""Issue 5's dashboard walk: the province office drills from Lai Châu to Tam Đường to Bản Bo;
the district office sees only Tam Đường."""

import re

from playwright.sync_api import expect

from ntm.demo.accounts import DEMO_USERS

from .conftest import log_in

PASSWORDS = {u.username: u.password for u in DEMO_USERS}


def test_province_drills_down_and_district_is_scoped(page, browser, site_url, screenshot):
    log_in(page, "tinh.laichau", PASSWORDS["tinh.laichau"])
    page.get_by_role("link", name="Bảng điều khiển").first.click()
    heading = page.get_by_role("heading", level=1)
    expect(heading).to_have_text("Bảng điều khiển — Tỉnh Lai Châu")
    screenshot(page, "01-lai-chau-today")

    page.get_by_test_id("other-era").get_by_role("link", name=re.compile("Tỉnh Lai Châu")).click()
    page.get_by_label("Năm").select_option("2024")
    expect(page.get_by_test_id("kpis")).to_be_visible()
    expect(page.locator("#map path.leaflet-interactive").first).to_be_attached()
    page.wait_for_timeout(600)
    screenshot(page, "02-lai-chau-2024")

    page.get_by_test_id("children").get_by_role("link", name="Huyện Tam Đường").click()
    expect(heading).to_have_text("Bảng điều khiển — Huyện Tam Đường")
    expect(page.get_by_test_id("children").locator("tbody tr")).to_have_count(13)
    page.wait_for_timeout(600)
    screenshot(page, "03-tam-duong-2024")

    page.get_by_test_id("children").get_by_role("link", name="Xã Bản Bo").click()
    expect(heading).to_contain_text("Nhập số liệu — Xã Bản Bo")
    screenshot(page, "04-ban-bo")

    district = browser.new_context(base_url=site_url, viewport={"width": 1280, "height": 900}).new_page()
    log_in(district, "huyen.tamduong", PASSWORDS["huyen.tamduong"])
    district.get_by_role("link", name="Bảng điều khiển").first.click()
    expect(district.get_by_role("heading", level=1)).to_have_text("Bảng điều khiển — Huyện Tam Đường")
    lai_chau_dashboard = page.url.split("/units/")[0]  # the province page seen by the province user
    refused = district.goto(_province_dashboard_url(page))
    assert refused.status == 403, lai_chau_dashboard
    screenshot(district, "05-district-refused-province")
    district.context.close()


def _province_dashboard_url(page) -> str:
    page.get_by_role("link", name="Bảng điều khiển").first.click()
    page.get_by_test_id("other-era").get_by_role("link", name=re.compile("Tỉnh Lai Châu")).click()
    return page.url
