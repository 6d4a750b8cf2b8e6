"""Issue 11 §5 in the browser: the Bản Bo officer sees which verdicts are provisional ("tạm tính")
and what that means, and the mark follows the value as they type."""

import re

from playwright.sync_api import expect

from ntm.demo.accounts import DEMO_USERS

from .conftest import log_in

PASSWORDS = {u.username: u.password for u in DEMO_USERS}


def test_entry_page_shows_provisional_verdicts_with_their_legend(page, screenshot):
    log_in(page, "xa.banbo", PASSWORDS["xa.banbo"])
    page.goto("/units/search/?q=ban+bo")
    page.locator("#search-results li").filter(has_text="Huyện Tam Đường").first.get_by_role(
        "link", name="Xã Bản Bo"
    ).click()
    page.get_by_role("link", name=re.compile("Nhập số liệu")).click()
    expect(page.get_by_test_id("provisional-legend")).to_contain_text("chưa được đối chiếu với quyết định")
    income = page.locator("#crit-10")  # income against the placeholder of the 2021 set
    page.get_by_label("10", exact=True).fill("50")
    expect(income).to_contain_text("Đạt (tạm tính)")
    page.get_by_label("10", exact=True).fill("5")
    expect(income).to_contain_text("Chưa đạt (tạm tính)")
    expect(page.get_by_test_id("status-10")).to_contain_text("Chưa đạt (tạm tính)")
    screenshot(page, "01-entry-provisional")
