"""Criteria sets as versioned documents: seeded from the shipped files, drafted, verified by a
second person, previewed (impact) and published with a background re-evaluation."""

import copy
import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile

from ntm.accounts.models import User
from ntm.audit.models import AuditRecord
from ntm.core.catalog import load_catalog
from ntm.criteria import services
from ntm.criteria.documents import CellKey, cell_of, cells
from ntm.criteria.impact import impact
from ntm.criteria.models import Document, PublishJob, Version
from ntm.criteria.published import SOURCE
from ntm.indicators.engine import catalog
from ntm.indicators.models import Assessment

pytestmark = pytest.mark.django_db
SET = "xa-ntm-2021"
PDF = b"%PDF-1.4\n% kiem thu\n"


@pytest.fixture(autouse=True)
def _fresh_catalog():
    """A test's publication is rolled back with it: forget the catalogs built meanwhile."""
    SOURCE.invalidate()
    yield
    SOURCE.invalidate()


def user(name):
    return User.objects.get(username=name)


def village_with_one_indicator():
    """Lai Châu's village set (no indicators known) with criterion 5 given one, as an office would."""
    content = copy.deepcopy(services.latest_published(Document.objects.get(code=VILLAGE)).content)
    criterion = next(c for c in content["criteria"] if c["code"] == "5")
    criterion["indicators"] = [
        {
            "code": "5.1",
            "name_vi": "Tỷ lệ hộ sử dụng điện thường xuyên, an toàn",
            "name_en": "Households with regular, safe electricity",
            "kind": "percent",
            "direction": ">=",
            "evidence": "Báo cáo của ngành điện",
            "sector": "Công Thương",
            "verified": False,
            "thresholds": {"general": {"value": 95, "verified": True, "source": "QĐ 43/QĐ-UBND"}},
        }
    ]
    return content


VILLAGE = "thon-ntm-lai-chau-2023"
KEY = CellKey("5.1", "general", None)


def test_every_shipped_document_is_seeded_once_and_builds_the_shipped_catalog():
    from ntm.criteria.seed import seed_from_files

    assert seed_from_files() == 0  # idempotent: the test database was seeded by migrate
    shipped = load_catalog()
    assert set(Document.objects.filter(kind="set").values_list("code", flat=True)) == set(shipped.sets)
    assert Document.objects.filter(kind="override").count() == len(shipped.override_files)
    assert all(d.versions.filter(state="published").count() == 1 for d in Document.objects.all())
    db = catalog()
    assert {c: s.criteria for c, s in db.sets.items()} == {c: s.criteria for c, s in shipped.sets.items()}


def test_create_draft_reports_cell_level_problems_and_writes_nothing():
    current = services.latest_published(Document.objects.get(code=SET))
    content = copy.deepcopy(current.content)
    key, cell = next((k, c) for k, c in cells(content) if isinstance(c["value"], int | float))
    cell["value"] = "nhiều"
    before = Version.objects.count()
    with pytest.raises(services.DraftInvalid) as exc:
        services.create_draft(SET, content, user("quantri"), "thử")
    assert any(f"thresholds.{key.column}" in e and "value" in e for e in exc.value.errors)
    assert Version.objects.count() == before


def test_a_province_office_drafts_only_its_own_documents():
    national = services.latest_published(Document.objects.get(code=SET)).content
    with pytest.raises(PermissionDenied):
        services.create_draft(SET, national, user("tinh.laichau"), "thử")
    village = services.latest_published(Document.objects.get(code="thon-ntm-lai-chau-2023")).content
    draft = services.create_draft("thon-ntm-lai-chau-2023", village, user("tinh.laichau"), "bản nháp")
    assert draft.state == Version.State.DRAFT and draft.number == 2


def test_own_entry_cannot_be_verified_a_second_person_can_with_clause_and_document():
    admin, province = user("quantri"), user("tinh.laichau")
    key = KEY
    draft = services.create_draft(VILLAGE, village_with_one_indicator(), province, "nhập số mới")
    assert cell_of(draft.content, key)["verified"] is False  # claimed by the maker: not taken
    with pytest.raises(services.OwnEntry):
        services.verify_cell(draft, key, actor=province, decision="QĐ 1/QĐ-UBND", clause="Điều 2")
    upload = SimpleUploadedFile("qd.pdf", PDF, content_type="application/pdf")
    record = services.verify_cell(
        draft, key, actor=admin, decision="QĐ 1/QĐ-UBND", clause="Điều 2", upload=upload
    )
    assert (record.entered_by, record.verified_by) == (province, admin)
    assert record.verified_at is not None and record.clause == "Điều 2" and record.document_name == "qd.pdf"
    draft.refresh_from_db()
    assert cell_of(draft.content, key)["verified"] is True
    assert cell_of(draft.content, key)["source"] == "QĐ 1/QĐ-UBND, Điều 2"
    trail = AuditRecord.objects.filter(object_type="criteria.cell", object_id=str(record.pk))
    actions = {(a.action, a.user) for a in trail}
    assert ("criteria.cell.verify", admin) in actions
    drafted = AuditRecord.objects.get(action="criteria.draft", object_id=str(draft.pk))
    assert drafted.user == province


def test_editing_a_cell_makes_its_editor_the_maker():
    admin, province = user("quantri"), user("tinh.laichau")
    draft = services.create_draft(VILLAGE, village_with_one_indicator(), province, "bản nháp")
    key = KEY
    services.edit_cell(draft, key, value=90, source="QĐ 2", actor=admin, reason="sửa")
    with pytest.raises(services.OwnEntry):
        services.verify_cell(draft, key, actor=admin, decision="QĐ 2", clause="Điều 1")
    assert (
        services.verify_cell(draft, key, actor=province, decision="QĐ 2", clause="Điều 1").verified_by
        == province
    )


def _stricter(content, code):
    """The indicator `code`'s thresholds all raised to their maximum: units meeting it may stop."""
    from ntm.criteria.documents import cells

    for key, cell in cells(content):
        if key.indicator_code == code:
            cell["value"] = 100
    return content


def test_impact_lists_exactly_the_changed_unit_years_and_publishing_reevaluates():
    admin = user("quantri")
    current = services.latest_published(Document.objects.get(code=SET))
    draft = services.create_draft(
        SET, _stricter(copy.deepcopy(current.content), "2.2"), admin, "ngưỡng 2.2 = 100"
    )
    preview = impact(draft)
    before = {
        (a.unit_id, a.year): (a.standard_met, set(a.met_criteria))
        for a in Assessment.objects.filter(set_code=SET)
    }
    assert preview.evaluated == len(before)
    job = services.publish(draft, actor=admin, effective_from=datetime.date(2021, 1, 1), reason="ban hành")
    job.refresh_from_db()
    assert job.status == PublishJob.Status.DONE and job.done == job.total >= len(before)
    after = {
        (a.unit_id, a.year): (a.standard_met, set(a.met_criteria))
        for a in Assessment.objects.filter(set_code=SET)
    }
    changed = {k for k in before if before[k] != after[k]}
    assert changed, "the stricter 2.2 must change some demo unit-year"
    assert {(c.unit_id, c.year) for c in preview.changes} == changed
    # Lai Châu's override file re-issues the set: its version is named too
    labels = set(Assessment.objects.filter(set_code=SET).values_list("catalog_version", flat=True))
    assert labels == {f"{SET} v2 + lai-chau-1285-2022 v1"}


def test_older_years_keep_the_version_in_force_then():
    admin = user("quantri")
    current = services.latest_published(Document.objects.get(code=SET))
    draft = services.create_draft(SET, _stricter(copy.deepcopy(current.content), "2.2"), admin, "từ 2024")
    services.publish(draft, actor=admin, effective_from=datetime.date(2024, 7, 1), reason="ban hành")
    versions = dict(Assessment.objects.filter(set_code=SET).values_list("year", "catalog_version").distinct())
    assert {y for y in versions if y < 2024} and {y for y in versions if y >= 2024}
    assert all(v.startswith(f"{SET} v1 ") for y, v in versions.items() if y < 2024)
    assert all(v.startswith(f"{SET} v2 ") for y, v in versions.items() if y >= 2024)
    thresholds = catalog(2023).get(SET).indicator("2.2").thresholds
    assert all(t.value != 100 for cells in thresholds.values() for t in cells.values())
    assert all(
        t.value == 100
        for cells in catalog(2025).get(SET).indicator("2.2").thresholds.values()
        for t in cells.values()
    )


def test_a_province_office_publishes_its_override_and_its_communes_are_reevaluated():
    office = user("tinh.laichau")
    name = "lai-chau-1285-2022"
    content = copy.deepcopy(services.latest_published(Document.objects.get(code=name)).content)
    content["overrides"] = [
        {"set": SET, "indicator": "2.2", "value": 100, "verified": False, "source": "QĐ 1285/QĐ-UBND (mẫu)"}
    ]
    with pytest.raises(PermissionDenied):
        services.create_draft(name, content, user("huyen.tamduong"), "không phải tỉnh")
    draft = services.create_draft(name, content, office, "ngưỡng riêng của tỉnh")
    before = {
        (a.unit_id, a.year): (a.standard_met, set(a.met_criteria))
        for a in Assessment.objects.filter(set_code=SET)
    }
    preview = impact(draft)
    assert preview.changes and all("Lai Châu" in province for province in preview.by_province)
    services.publish(draft, actor=office, effective_from=datetime.date(2021, 1, 1), reason="ban hành")
    after = {
        (a.unit_id, a.year): (a.standard_met, set(a.met_criteria))
        for a in Assessment.objects.filter(set_code=SET)
    }
    assert {(c.unit_id, c.year) for c in preview.changes} == {k for k in before if before[k] != after[k]}
    labels = set(Assessment.objects.filter(set_code=SET).values_list("catalog_version", flat=True))
    assert labels == {f"{SET} v1 + {name} v2"}
