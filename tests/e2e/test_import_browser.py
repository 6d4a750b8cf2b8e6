"""In a real browser against the real site (gunicorn, background threads, htmx polling): a district
officer downloads Tam Đường's template, uploads it with a mistake, sees the error table, uploads the
corrected file, confirms, watches the progress and opens the matrix."""

import io

import openpyxl
import pytest
from playwright.sync_api import expect

from ntm.dataio import layout
from ntm.demo.accounts import DEMO_USERS

from .conftest import log_in

pytestmark = pytest.mark.browser
PASSWORD = {u.username: u.password for u in DEMO_USERS}["huyen.tamduong"]


def _fill(path, value_21) -> bytes:
    """Every commune's 2.1 (a percentage) set to `value_21`, as an office would type it."""
    book = openpyxl.load_workbook(path)
    sheet = book[layout.VALUES_SHEET]
    column = [c.value for c in sheet[1]].index("2.1") + 1
    for row in range(layout.HEADING_ROWS + 1, sheet.max_row + 1):
        if sheet.cell(row, 1).value != layout.SKIP_MARK:
            sheet.cell(row, column).value = value_21
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_district_officer_imports_a_template_through_the_site(page, screenshot, tmp_path):
    log_in(page, "huyen.tamduong", PASSWORD)
    page.goto("/data/")
    card = page.get_by_test_id("template-card")
    card.get_by_label("Bộ tiêu chí").select_option("xa-ntm-2021")
    card.get_by_label("Năm").select_option("2024")
    card.get_by_label("Đơn vị").select_option(label="— Huyện Tam Đường (trước 01/7/2025)")
    screenshot(page, "01-choose")
    with page.expect_download() as download:
        card.get_by_role("button", name="Tải mẫu (.xlsx)").click()
    template = tmp_path / download.value.suggested_filename
    download.value.save_as(template)
    assert template.name == "mau-nhap-xa-ntm-2021-106-2024.xlsx"

    upload = page.get_by_test_id("upload-card")
    upload.get_by_label("Tệp số liệu").set_input_files(
        {"name": "tam-duong.xlsx", "mimeType": "application/octet-stream", "buffer": _fill(template, 130)}
    )
    upload.get_by_role("button", name="Tải lên và kiểm tra").click()
    errors = page.get_by_test_id("errors")
    expect(errors.locator("tbody tr")).to_have_count(12, timeout=30_000)
    expect(errors).to_contain_text("nằm ngoài khoảng 0–100")
    screenshot(page, "02-errors")

    page.get_by_role("link", name="Tải lên tệp đã sửa").click()
    upload = page.get_by_test_id("upload-card")
    upload.get_by_label("Tệp số liệu").set_input_files(
        {"name": "tam-duong.xlsx", "mimeType": "application/octet-stream", "buffer": _fill(template, 42.5)}
    )
    upload.get_by_label("Lý do").fill("Số liệu rà soát cuối năm 2024")
    upload.get_by_role("button", name="Tải lên và kiểm tra").click()
    expect(page.get_by_test_id("preview-changes")).to_contain_text("42,5%", timeout=30_000)
    expect(page.get_by_test_id("preview-units").locator("tbody tr")).to_have_count(12)
    screenshot(page, "03-preview")

    page.get_by_test_id("confirm").click()
    expect(page.get_by_test_id("done")).to_be_visible(timeout=60_000)
    expect(page.get_by_test_id("done")).to_contain_text("12 giá trị")
    screenshot(page, "04-done")
    set_name = "Bộ tiêu chí quốc gia về xã nông thôn mới giai đoạn 2021–2025"
    page.get_by_role("link", name=f"Huyện Tam Đường · {set_name} · 2024").click()
    expect(page.get_by_test_id("matrix")).to_be_visible()
    screenshot(page, "05-matrix")
