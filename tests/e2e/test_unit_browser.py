"""Issue 2's walk-through: a district officer finds Bản Bo, reads its fate in the 2025 reform,
looks at Lai Châu's tree on both sides of the reform, and switches language."""

import re

from playwright.sync_api import expect

from ntm.demo.accounts import DEMO_USERS

from .conftest import log_in

PASSWORDS = {u.username: u.password for u in DEMO_USERS}


def test_district_officer_walks_the_unit_browser(page, screenshot):
    log_in(page, "huyen.tamduong", PASSWORDS["huyen.tamduong"])
    expect(page.locator("html")).to_have_attribute("lang", "vi")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Phòng NN&PTNT huyện Tam Đường (mẫu)")
    screenshot(page, "01-home")

    page.get_by_role("link", name="Đơn vị hành chính").first.click()
    page.get_by_label(re.compile("Tìm theo tên hoặc mã")).fill("ban bo")
    results = page.locator("#search-results li")
    expect(results.filter(has_text="Huyện Tam Đường").first).to_be_visible()
    screenshot(page, "02-search-ban-bo")

    results.filter(has_text="Huyện Tam Đường").first.get_by_role("link", name="Xã Bản Bo").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile("Xã Bản Bo"))
    became = page.get_by_test_id("became")
    expect(became).to_contain_text("Sáp nhập ngày 01/7/2025 vào")
    expect(became.get_by_role("link", name="Xã Bản Bo")).to_be_visible()
    screenshot(page, "03-ban-bo-lineage")

    page.get_by_role("link", name="Tỉnh Lai Châu").click()
    page.get_by_role("link", name="Xem cây đơn vị").click()
    page.get_by_role("link", name="Trước sắp xếp (30/6/2025)").click()
    page.get_by_label("Xem theo ngày").fill("31/12/2024")
    page.get_by_role("button", name="Xem", exact=True).click()
    tree = page.get_by_test_id("unit-tree")
    expect(tree.locator('li[data-kind="district"]')).to_have_count(7)
    expect(tree).to_contain_text("Huyện Tam Đường")
    screenshot(page, "04-lai-chau-2024-12-31")

    page.get_by_label("Xem theo ngày").fill("01/07/2025")
    page.get_by_role("button", name="Xem", exact=True).click()
    expect(tree.locator('li[data-kind="district"]')).to_have_count(0)
    expect(tree).to_contain_text("Xã Bản Bo")
    expect(tree).not_to_contain_text("Huyện Tam Đường")
    screenshot(page, "05-lai-chau-2025-07-01")

    page.get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1)).to_have_text("Administrative units")
    screenshot(page, "06-english")
    page.get_by_role("button", name="Tiếng Việt").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Đơn vị hành chính")
