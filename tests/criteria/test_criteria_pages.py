"""The criteria version pages: a province office drafts its village set and enters a threshold;
verifying its own entry answers 403; the administrator verifies it; publishing shows progress."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from test_criteria_versions import PDF, VILLAGE, village_with_one_indicator

from ntm.audit.models import AuditRecord
from ntm.criteria import services
from ntm.criteria.models import Cell, Document, Version
from ntm.criteria.published import SOURCE

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_catalog():
    SOURCE.invalidate()
    yield
    SOURCE.invalidate()


SET = "xa-ntm-2021"
CELL = {"indicator": "5.1", "column": "general", "year": ""}


def test_maker_checker_on_the_web(session_as):
    from ntm.accounts.models import User

    province = session_as("tinh.laichau")
    draft = services.create_draft(
        VILLAGE, village_with_one_indicator(), User.objects.get(username="tinh.laichau"), "nhập"
    )
    url = f"/catalogs/{VILLAGE}/versions/{draft.number}/"
    page = province.get(url)
    assert page.status_code == 200 and "chưa xác minh" in page.content.decode()
    own = province.post(url, {"action": "verify", **CELL, "decision": "QĐ 43/QĐ-UBND", "clause": "Điều 5"})
    assert own.status_code == 403
    admin = session_as("quantri")
    pdf = SimpleUploadedFile("qd-43.pdf", PDF, content_type="application/pdf")
    done = admin.post(
        url, {"action": "verify", **CELL, "decision": "QĐ 43/QĐ-UBND", "clause": "Điều 5", "document": pdf}
    )
    assert done.status_code == 302
    record = Cell.objects.get(version=draft, indicator_code="5.1")
    assert record.entered_by.username == "tinh.laichau" and record.verified_by.username == "quantri"
    page = admin.get(url).content.decode()
    assert "Điều 5" in page and "qd-43.pdf" in page
    assert AuditRecord.objects.filter(action="criteria.cell.verify", object_id=str(record.pk)).exists()
    preview = admin.get(url, {"impact": "1"})
    assert preview.status_code == 200 and 'data-testid="impact-count"' in preview.content.decode()
    published = province.post(
        url, {"action": "publish", "effective_from": "2024-01-01", "reason": "ban hành"}
    )
    assert published.status_code == 302 and "/criteria-jobs/" in published["Location"]
    job = province.get(published["Location"])
    assert job.status_code == 200 and 'data-status="done"' in job.content.decode()
    assert services.latest_published(Document.objects.get(code=VILLAGE)).number == draft.number
    # who entered and who verified, against what, wherever the threshold is shown
    catalog_page = province.get(f"/catalogs/{VILLAGE}/").content.decode()
    assert 'data-testid="cell-record"' in catalog_page and "QĐ 43/QĐ-UBND, Điều 5" in catalog_page
    body = province.get(f"/api/catalogs/{VILLAGE}").json()
    assert body["version"] == f"{VILLAGE} v{draft.number}"
    threshold = next(
        t for c in body["criteria"] for i in c["indicators"] if i["code"] == "5.1" for t in i["thresholds"]
    )
    assert threshold["verified"] is True and threshold["source"] == "QĐ 43/QĐ-UBND, Điều 5"
    assert threshold["record"]["clause"] == "Điều 5" and threshold["record"]["document"] == "qd-43.pdf"
    assert threshold["record"]["entered_by"] and threshold["record"]["verified_by"]


def test_a_viewer_reads_versions_but_cannot_draft(session_as):
    viewer = session_as("xem.laichau")
    assert viewer.get(f"/catalogs/{VILLAGE}/versions/").status_code == 200
    assert viewer.post(f"/catalogs/{VILLAGE}/versions/new/", {"reason": "thử"}).status_code == 403


def test_a_workbook_round_trips_through_the_web_into_a_draft(session_as):
    admin = session_as("quantri")
    download = admin.get(f"/catalogs/{SET}/versions/1/xlsx/")
    assert download.status_code == 200 and download["Content-Type"].endswith("spreadsheetml.sheet")
    workbook = SimpleUploadedFile(f"{SET}.xlsx", download.content)
    preview = admin.post(f"/catalogs/{SET}/versions/upload/", {"file": workbook})
    page = preview.content.decode()
    assert 'data-testid="upload-preview"' in page and "Không có thay đổi." in page
    before = Version.objects.filter(document__code=SET).count()
    done = admin.post(f"/catalogs/{SET}/versions/upload/", {"action": "confirm", "reason": "nhập lại"})
    assert done.status_code == 302
    assert Version.objects.filter(document__code=SET).count() == before + 1
    draft = Version.objects.filter(document__code=SET).order_by("-number").first()
    assert draft.state == Version.State.DRAFT and draft.content == draft.based_on.content


def test_a_bad_workbook_lists_its_cells_and_writes_nothing(session_as):
    import io

    from openpyxl import load_workbook

    admin = session_as("quantri")
    book = load_workbook(io.BytesIO(admin.get(f"/catalogs/{SET}/versions/1/xlsx/").content))
    sheet = book["Chỉ tiêu"]
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            if isinstance(cell.value, int | float) and not isinstance(cell.value, bool):
                cell.value = "nhiều lắm"
                break
        else:
            continue
        break
    out = io.BytesIO()
    book.save(out)
    before = Version.objects.count()
    answer = admin.post(
        f"/catalogs/{SET}/versions/upload/", {"file": SimpleUploadedFile("x.xlsx", out.getvalue())}
    )
    page = answer.content.decode()
    assert 'data-testid="upload-errors"' in page and "Trang “Chỉ tiêu”, ô " in page
    confirm = admin.post(f"/catalogs/{SET}/versions/upload/", {"action": "confirm", "reason": "thử"})
    assert confirm.status_code == 302 and Version.objects.count() == before


def test_the_entry_page_names_who_entered_and_verified_the_deciding_threshold(session_as, ban_bo):
    import datetime

    from ntm.accounts.models import Role, RoleAssignment, User

    maker = User.objects.get(username="quantri")
    checker = User.objects.create_user("quantri2", full_name="Người kiểm tra thứ hai")
    RoleAssignment.objects.create(user=checker, role=Role.ADMIN)
    draft = services.create_draft(
        SET, services.latest_published(Document.objects.get(code=SET)).content, maker, "x"
    )
    key = services.CellKey("2.2", "general", None)
    services.edit_cell(draft, key, value=75, source="QĐ 318/QĐ-TTg", actor=maker, reason="đối chiếu")
    services.verify_cell(
        draft, key, actor=checker, decision="QĐ 318/QĐ-TTg", clause="Phụ lục I, chỉ tiêu 2.2"
    )
    services.publish(draft, actor=checker, effective_from=datetime.date(2024, 1, 1), reason="ban hành")
    page = session_as("xa.banbo").get(f"/units/{ban_bo.pk}/data/2024/?set={SET}").content.decode()
    assert 'data-testid="cell-record"' in page
    assert "Người kiểm tra thứ hai" in page and "Phụ lục I, chỉ tiêu 2.2" in page


def test_an_indicator_is_edited_in_a_draft_and_the_diff_shows_it(session_as):
    from ntm.accounts.models import User

    admin = session_as("quantri")
    draft = services.create_draft(
        SET,
        services.latest_published(Document.objects.get(code=SET)).content,
        User.objects.get(username="quantri"),
        "sửa chỉ tiêu",
    )
    url = f"/catalogs/{SET}/versions/{draft.number}/"
    before = services.indicator_of(draft.content, "2.2")
    answer = admin.post(
        url,
        {
            "action": "indicator",
            "indicator": "2.2",
            "sector": "Giao thông vận tải (sửa)",
            "reason": "đổi ngành",
        },
    )
    assert answer.status_code == 302
    draft.refresh_from_db()
    after = services.indicator_of(draft.content, "2.2")
    assert after["sector"] == "Giao thông vận tải (sửa)"
    assert {k: v for k, v in after.items() if k != "sector"} == {
        k: v for k, v in before.items() if k != "sector"
    }
    page = admin.get(url).content.decode()
    assert "Giao thông vận tải (sửa)" in page and "sector" in page
    record = AuditRecord.objects.get(action="criteria.indicator.edit", object_id=str(draft.pk))
    assert record.new == {"sector": "Giao thông vận tải (sửa)"} and record.reason == "đổi ngành"
    refused = admin.post(url, {"action": "indicator", "indicator": "2.2", "kind": "khác", "reason": "x"})
    assert refused.status_code == 302
    draft.refresh_from_db()
    assert services.indicator_of(draft.content, "2.2")["kind"] == before["kind"]


@pytest.mark.parametrize(
    "post",
    [
        {
            "action": "verify",
            "indicator": "5.1",
            "column": "general",
            "year": "99999999999",
            "decision": "QĐ",
            "clause": "1",
        },
        {"action": "verify", "indicator": "không có", "column": "general", "decision": "QĐ", "clause": "1"},
        {
            "action": "cell",
            "indicator": "5.1",
            "column": "general",
            "value": "abc",
            "source": "x",
            "reason": "x",
        },
        {"action": "publish", "effective_from": "hôm qua", "reason": "x"},
        {"action": "không có"},
    ],
)
def test_malformed_edits_answer_with_a_message_not_an_error(session_as, post):
    from ntm.accounts.models import User

    draft = services.create_draft(
        VILLAGE, village_with_one_indicator(), User.objects.get(username="tinh.laichau"), "x"
    )
    before = draft.content
    answer = session_as("quantri").post(f"/catalogs/{VILLAGE}/versions/{draft.number}/", post)
    assert answer.status_code == 302
    draft.refresh_from_db()
    assert draft.content == before and draft.state == "draft"


def test_a_draft_is_read_only_by_those_who_may_edit_the_set(session_as):
    """A commune officer sees the thresholds in force, never a draft that is not yet law."""
    from ntm.accounts.models import User

    draft = services.create_draft(
        VILLAGE, village_with_one_indicator(), User.objects.get(username="tinh.laichau"), "nhập"
    )
    url = f"/catalogs/{VILLAGE}/versions/{draft.number}/"
    commune = session_as("xa.banbo")
    assert commune.get(url).status_code == 404
    assert commune.get(f"{url}xlsx/").status_code == 404
    listing = commune.get(f"/catalogs/{VILLAGE}/versions/").content.decode()
    assert f"/versions/{draft.number}/" not in listing
    province = session_as("tinh.laichau")
    assert province.get(url).status_code == 200
    assert f"/versions/{draft.number}/" in province.get(f"/catalogs/{VILLAGE}/versions/").content.decode()
