"""Issue 17 in the browser: the Sơn La programme page (Resolution 22-NQ/TU, demo) shows its targets
with progress, and its XLSX carries the same figures."""

import io

from openpyxl import load_workbook
from playwright.sync_api import expect

from ntm.demo.accounts import DEMO_USERS

from .conftest import log_in

PASSWORDS = {u.username: u.password for u in DEMO_USERS}


def test_son_la_programme_page_and_xlsx(page, screenshot):
    log_in(page, "quantri", PASSWORDS["quantri"])
    page.goto("/programmes/")
    page.get_by_test_id("programme-list").get_by_role(
        "link", name="Nghị quyết về xây dựng nông thôn mới tỉnh Sơn La"
    ).click()
    targets = page.get_by_test_id("programme-targets")
    villages = targets.locator("tr", has_text="Tăng thêm ít nhất 100 bản")
    expect(villages.locator("[data-col=actual]")).to_have_text("57")
    expect(villages.locator("[data-col=percent-to-date]")).to_have_text("139%")
    model = targets.locator("tr", has_text="trong đó ít nhất 40 bản")
    expect(model.locator("[data-col=percent-to-date]")).to_have_text("100%")
    communes = targets.locator("tr", has_text="83 xã")
    expect(communes.locator("[data-col=actual]")).to_have_text("65")
    expect(page.get_by_test_id("programme-contributions")).to_contain_text("669.883 m²")
    screenshot(page, "son-la-programme")
    with page.expect_download() as download:
        page.get_by_test_id("programme-xlsx").click()
    book = load_workbook(io.BytesIO(download.value.path().read_bytes()))
    rows = [r for r in book[book.sheetnames[0]].iter_rows(values_only=True) if r and r[0]]
    row = next(r for r in rows if str(r[0]).startswith("Tăng thêm ít nhất 100 bản"))
    assert (row[1], row[3], row[5], row[6]) == (100, 57, 41, 139)
