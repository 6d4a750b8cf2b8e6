"""Issue 12 in the browser: Bản Bo's office registers 2026 and runs its NTM dossier (self-assessment,
documents, public posting refused before its rule is met, the household survey, dossier); the province
office signs the criteria off, records the council's vote (no decision before it) and the decision;
the province's decision list and the public page without login show it."""

import datetime
import re

from playwright.sync_api import expect

from ntm.demo.accounts import DEMO_USERS

from .conftest import log_in, site_shell

PASSWORDS = {u.username: u.password for u in DEMO_USERS}
PDF = b"%PDF-1.4\n% e2e\n"
NUMBER = "E2E-01/QĐ-UBND"


def _pk(site_env, level: int, code: str) -> int:
    code_line = (
        "from ntm.units.models import AdminUnit; "
        f"print(AdminUnit.objects.get(level={level}, code='{code}', valid_from__isnull=False).pk)"
    )
    return int(site_shell(site_env, code_line).strip())


def _exactly(label: str) -> re.Pattern:
    """A form field's label as Django writes it (with its colon)."""
    return re.compile(f"^{re.escape(label)}:?$")


def _upload(page, document: str) -> None:
    form = page.get_by_test_id("upload")
    form.get_by_label("Loại hồ sơ").select_option(label=document)
    form.get_by_label("Tệp").set_input_files(
        {"name": "tai-lieu.pdf", "mimeType": "application/pdf", "buffer": PDF}
    )
    form.get_by_role("button", name="Nộp tệp").click()
    expect(page.locator(".messages")).to_contain_text("Đã nộp tệp")


def _advance(page, **fields) -> None:
    form = page.get_by_test_id("advance")
    for label, value in fields.items():
        form.get_by_label(_exactly(label)).fill(value)
    form.get_by_role("button", name=re.compile("Hoàn thành bước")).click()


def _post(page, kind: str, day: datetime.date, place: str) -> None:
    form = page.get_by_test_id("posting")
    form.get_by_label("Hình thức").select_option(label=kind)
    form.get_by_label(_exactly("Ngày")).fill(day.isoformat())
    form.get_by_label("Địa điểm / phương tiện").fill(place)
    form.get_by_role("button", name="Ghi việc công khai").click()
    expect(page.locator(".messages")).to_contain_text("Đã ghi việc công khai")


def test_a_commune_ntm_dossier_from_registration_to_decision(page, site_env, screenshot):
    ban_bo, lai_chau = _pk(site_env, 3, "03424"), _pk(site_env, 1, "12")
    log_in(page, "xa.banbo", PASSWORDS["xa.banbo"])
    page.goto(f"/units/{ban_bo}/dossiers/")
    register = page.get_by_test_id("register")
    register.get_by_label("Bộ tiêu chí / hạng").select_option("xa-ntm-2026")
    register.get_by_label("Năm đăng ký đạt chuẩn").fill("2026")
    register.get_by_role("button", name="Đăng ký và lập hồ sơ").click()
    expect(page.get_by_test_id("self-assessment-summary")).to_contain_text("tiêu chí đạt")
    expect(page.get_by_test_id("criteria")).to_contain_text("Khoa học công nghệ và chuyển đổi số")
    dossier_url = page.url
    _advance(page)
    expect(page.get_by_test_id("self-assessment-summary")).to_contain_text("báo cáo đã lập")

    # public posting: refused until posted 15 days and broadcast 5 times within them
    _upload(page, "Ý kiến tham gia của Mặt trận Tổ quốc và các tổ chức chính trị – xã hội")
    start = datetime.date.today() - datetime.timedelta(days=16)
    _post(page, "Niêm yết công khai", start, "Trụ sở UBND xã")
    _advance(page)
    expect(page.locator(".messages")).to_contain_text("0/5 lần")
    screenshot(page, "01-posting-refused")
    for n in range(5):
        _post(page, "Thông báo trên hệ thống truyền thanh", start + datetime.timedelta(days=n + 1), "Đài xã")
    _advance(page)
    expect(page.get_by_test_id("step-cong-khai")).to_contain_text("hoàn thành")

    # the Fatherland Front's survey, then the dossier itself
    _upload(page, "Kết quả lấy ý kiến sự hài lòng của người dân")
    survey = page.get_by_test_id("survey-form")
    survey.get_by_label(_exactly("Tổng số hộ")).fill("1000")
    survey.get_by_label(_exactly("Số hộ được lấy ý kiến")).fill("800")
    answers = survey.locator("input[name^='satisfied_']")
    for n in range(answers.count()):
        answers.nth(n).fill("720")
    survey.get_by_role("button", name="Ghi kết quả lấy ý kiến").click()
    expect(page.get_by_test_id("survey-coverage")).to_contain_text("800/1.000")
    _advance(page)
    expect(page.get_by_test_id("step-khao-sat")).to_contain_text("hoàn thành")
    _upload(page, "Tờ trình đề nghị xét, công nhận")
    _upload(page, "Biên bản cuộc họp đề nghị xét, công nhận")
    _advance(page)
    expect(page.get_by_test_id("step-ho-so")).to_contain_text("hoàn thành")
    expect(page.get_by_test_id("advance")).to_have_count(0)  # appraisal is the level above's

    # the province office: sector sign-offs, the council, the decision
    page.context.clear_cookies()
    log_in(page, "tinh.laichau", PASSWORDS["tinh.laichau"])
    page.goto(dossier_url)
    sign_forms = page.locator("form[data-testid^='sign-']")
    for n in range(sign_forms.count()):  # every criterion agreed (the forms stay, to change an opinion)
        sign_forms.nth(n).get_by_role("button", name="Ghi").click()
        expect(page.locator(".messages")).to_contain_text("Đã ghi ý kiến thẩm định")
    _advance(page)
    _upload(page, "Biên bản họp Hội đồng thẩm định")
    _advance(page)
    expect(page.locator(".messages")).to_contain_text("chưa ghi biểu quyết")  # no decision without a vote
    vote = page.get_by_test_id("vote-form")
    vote.get_by_label("Ngày họp Hội đồng").fill(datetime.date.today().isoformat())
    vote.get_by_label(re.compile("^Biểu quyết của từng thành viên")).fill(
        "Ông Lò Văn A: tán thành\nBà Tẩn Thị B: tán thành\nÔng Vàng Văn C: không tán thành"
    )
    vote.get_by_role("button", name="Ghi biểu quyết").click()
    expect(page.get_by_test_id("council")).to_contain_text("Thông qua")
    _advance(page)
    _advance(
        page,
        **{"Số quyết định": NUMBER, "Ngày quyết định": datetime.date.today().isoformat()},
    )
    expect(page.get_by_test_id("dossier-status")).to_contain_text("Đã có quyết định")
    screenshot(page, "02-decided")

    page.goto(f"/units/{lai_chau}/decisions/?year=2026&level=3&standard=ntm")
    expect(page.get_by_test_id("decisions")).to_contain_text(NUMBER)
    expect(page.get_by_test_id("decisions")).to_contain_text("Bản Bo")

    # the transparency page, without login, shows the decision
    page.context.clear_cookies()
    page.goto("/cong-khai/")
    expect(page.get_by_test_id("decided")).to_contain_text(NUMBER)
