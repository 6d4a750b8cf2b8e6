"""Issue 4's walk-through: the Bản Bo officer changes a value, watches the count change as they type,
saves with a reason, and the district's matrix and the value's history show it."""

import re

from playwright.sync_api import expect

from ntm.demo.accounts import DEMO_USERS

from .conftest import log_in

PASSWORDS = {u.username: u.password for u in DEMO_USERS}


def _ban_bo_entry(page) -> None:
    page.goto("/units/search/?q=ban+bo")
    page.locator("#search-results li").filter(has_text="Huyện Tam Đường").first.get_by_role(
        "link", name="Xã Bản Bo"
    ).click()
    page.get_by_role("link", name=re.compile("Nhập số liệu")).click()


def test_commune_officer_changes_a_value_and_the_district_sees_it(page, browser, site_url, screenshot):
    log_in(page, "xa.banbo", PASSWORDS["xa.banbo"])
    _ban_bo_entry(page)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Nhập số liệu — Xã Bản Bo")
    count = page.get_by_test_id("count")
    before = count.inner_text()
    met_before = int(before.split("/")[0])
    screenshot(page, "01-entry-before")

    status = page.get_by_test_id("status-3.1")
    field = page.get_by_label("3.1", exact=True)
    expect(status).to_have_text(re.compile(r"^\s*Đạt"))  # Bản Bo meets criterion 3 in the demo
    expected = met_before - 1
    field.fill("10")
    expect(count).to_have_text(f"{expected}/19")
    expect(page.locator("#crit-3")).to_contain_text("Chưa đạt")
    screenshot(page, "02-entry-live-count")

    page.get_by_label("Lý do (bắt buộc khi sửa giá trị đã có)").fill("Đo đạc lại diện tích tưới tiêu")
    page.get_by_role("button", name="Lưu số liệu").click()
    expect(page.get_by_text("Đã lưu 1 giá trị.")).to_be_visible()
    expect(count).to_have_text(f"{expected}/19")
    page.get_by_test_id("status-3.1").locator("xpath=../..").get_by_role("button", name="Lịch sử").click()
    history = page.get_by_test_id("history-3.1")
    expect(history).to_contain_text("Đo đạc lại diện tích tưới tiêu")
    expect(history).to_contain_text("Cán bộ xã Bản Bo (mẫu)")
    screenshot(page, "03-history")

    district = browser.new_context(base_url=site_url, viewport={"width": 1400, "height": 900}).new_page()
    log_in(district, "huyen.tamduong", PASSWORDS["huyen.tamduong"])
    district.goto("/units/search/?q=tam+duong")
    district.get_by_role("link", name="Huyện Tam Đường").first.click()
    district.get_by_role("link", name=re.compile("Bảng tổng hợp tiêu chí")).click()
    expect(district.get_by_test_id("count-03424")).to_have_text(f"{expected}/19")
    screenshot(district, "04-district-matrix")
    district.context.close()

    page.goto("/units/search/?q=then+sin")
    page.locator("#search-results li").filter(has_text="Huyện Tam Đường").first.get_by_role(
        "link", name="Xã Thèn Sin"
    ).click()
    response = page.goto(page.url.rstrip("/") + "/data/2024/")
    assert response.status == 403
    screenshot(page, "05-other-commune-refused")
