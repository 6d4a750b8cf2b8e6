"""The criteria version pages: a province office drafts its village set and enters a threshold;
verifying its own entry answers 403; the administrator verifies it; publishing shows progress."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from ntm.audit.models import AuditRecord
from ntm.criteria import services
from ntm.criteria.models import Cell, Document
from ntm.criteria.published import SOURCE

from test_criteria_versions import PDF, VILLAGE, village_with_one_indicator

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_catalog():
    SOURCE.invalidate()
    yield
    SOURCE.invalidate()


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


def test_a_viewer_reads_versions_but_cannot_draft(session_as):
    viewer = session_as("xem.laichau")
    assert viewer.get(f"/catalogs/{VILLAGE}/versions/").status_code == 200
    assert viewer.post(f"/catalogs/{VILLAGE}/versions/new/", {"reason": "thử"}).status_code == 403
