"""Issue 18 in the browser: the Bản Bo officer submits the quarterly report, the province returns
it with a comment, the commune resubmits, the province approves; a later change of that year's data
is refused until the province reopens the round with a reason."""

import re

from playwright.sync_api import expect

from ntm.demo.accounts import DEMO_USERS

from .conftest import log_in

PASSWORDS = {u.username: u.password for u in DEMO_USERS}
COMMENT = "Bổ sung minh chứng tiêu chí 7 của quý"
SECTION_COMMENT = "Thiếu số giải ngân vốn ngân sách tỉnh"


def _open_ban_bo_round(page) -> None:
    page.goto("/rounds/?kind=quy&period=2026Q3")
    page.get_by_test_id("own-round").get_by_role("link", name=re.compile("Báo cáo quý")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Xã Bản Bo")


def _province_opens_ban_bo(page) -> None:
    page.goto("/rounds/?kind=quy&period=2026Q3")
    expect(page.get_by_test_id("completeness")).to_be_visible()
    page.get_by_test_id("line-03424").get_by_role("link", name="Xã Bản Bo").click()


def test_quarterly_round_submit_return_resubmit_approve_lock_reopen(page, browser, site_url, screenshot):
    log_in(page, "xa.banbo", PASSWORDS["xa.banbo"])
    _open_ban_bo_round(page)
    page.get_by_role("button", name="Gửi báo cáo").click()
    expect(page.get_by_test_id("round-state")).to_have_text("Đã gửi")
    expect(page.get_by_role("link", name="Tải báo cáo đã gửi (XLSX)")).to_be_visible()
    screenshot(page, "01-submitted")

    province = browser.new_context(base_url=site_url, viewport={"width": 1280, "height": 900}).new_page()
    log_in(province, "tinh.laichau", PASSWORDS["tinh.laichau"])
    _province_opens_ban_bo(province)
    province.get_by_label("Nhận xét khi trả lại").fill(COMMENT)
    province.get_by_label("III. Nguồn vốn và công trình, dự án").fill(SECTION_COMMENT)
    province.get_by_role("button", name="Trả lại báo cáo").click()
    expect(province.get_by_test_id("round-state")).to_have_text("Trả lại")
    screenshot(province, "02-returned")

    page.reload()
    expect(page.get_by_test_id("round-comment")).to_have_text(COMMENT)
    expect(page.get_by_test_id("round-section-comment")).to_have_text(SECTION_COMMENT)
    page.get_by_role("button", name="Gửi báo cáo").click()
    expect(page.get_by_test_id("round-state")).to_have_text("Đã gửi")

    province.reload()
    province.get_by_role("button", name="Duyệt báo cáo").click()
    expect(province.get_by_test_id("round-state")).to_have_text("Đã duyệt")
    expect(province.get_by_test_id("round-history")).to_contain_text(COMMENT)
    screenshot(province, "03-approved")

    page.reload()
    expect(page.get_by_test_id("locked")).to_be_visible()
    page.get_by_role("link", name="Số liệu năm 2026 của đơn vị").click()
    recorded = page.get_by_test_id("recorded-7").inner_text()
    choice = "met" if "Chưa đạt" in recorded else "not_met"
    page.get_by_label("Ghi nhận mới cho tiêu chí 7").select_option(choice)
    page.get_by_label("Lý do, căn cứ (bắt buộc)").fill("Biên bản kiểm tra lại")
    page.get_by_role("button", name="Ghi nhận").click()
    expect(page.get_by_test_id("errors")).to_contain_text("đã được duyệt trong báo cáo “Báo cáo quý”")
    expect(page.get_by_test_id("errors")).to_contain_text("VP Điều phối NTM tỉnh Lai Châu (mẫu)")
    screenshot(page, "04-edit-refused")

    province.get_by_label("Lý do mở lại").fill("Xã cần sửa kết quả tiêu chí 7 theo biên bản mới")
    province.get_by_role("button", name="Mở lại đợt báo cáo").click()
    expect(province.get_by_test_id("round-state")).to_have_text("Đang làm")
    expect(province.get_by_test_id("round-history")).to_contain_text("Xã cần sửa kết quả tiêu chí 7")
    province.context.close()

    page.get_by_label("Ghi nhận mới cho tiêu chí 7").select_option(choice)
    page.get_by_label("Lý do, căn cứ (bắt buộc)").fill("Biên bản kiểm tra lại")
    page.get_by_role("button", name="Ghi nhận").click()
    expect(page.get_by_text("Đã ghi nhận 1 kết quả tiêu chí.")).to_be_visible()
    screenshot(page, "05-saved-after-reopen")
