"""Criterion results recorded on the data-entry page (2026 set, post-reform Bản Bo): reason, version
check, and the assessment, matrix and roll-ups changing at once."""

import pytest

from ntm.audit.models import AuditRecord
from ntm.indicators.models import Assessment, CriterionStatus, Rollup
from ntm.units.models import AdminUnit, Level

pytestmark = pytest.mark.django_db

SET = "xa-ntm-2026"


@pytest.fixture
def new_ban_bo():
    """Bản Bo from 1 July 2025 (merged with Nà Tăm), measured by the 2026 set."""
    return AdminUnit.objects.get(level=Level.COMMUNE, code="03424", valid_from__isnull=False)


def _current(unit, code="7"):
    return CriterionStatus.objects.filter(
        unit=unit, set_code=SET, year=2026, criterion_code=code, is_current=True
    ).first()


def _form(unit, choice, reason="Biên bản thẩm định của huyện ngày 10/11/2026", code="7"):
    current = _current(unit, code)
    return {
        "set": SET,
        "form": "statuses",
        f"s_{code}": choice,
        f"sver_{code}": current.version if current else 0,
        "reason": reason,
    }


def _met_in_rollup(unit, code="7") -> int:
    rollup = Rollup.objects.get(parent=unit.parent, set_code=SET, year=2026)
    return rollup.per_criterion.get(code, 0)


def test_recording_a_criterion_updates_assessment_matrix_and_rollups_at_once(session_as, new_ban_bo):
    officer = session_as("xa.banbo")
    url = f"/units/{new_ban_bo.pk}/data/2026/"
    page = officer.get(url, {"set": SET}).text
    assert 'data-testid="statuses"' in page and "Ghi nhận kết quả tiêu chí" in page
    current = _current(new_ban_bo)
    choice = "not_met" if current and current.met else "met"
    before = Assessment.objects.get(unit=new_ban_bo, set_code=SET, year=2026)
    in_rollup = _met_in_rollup(new_ban_bo)

    response = officer.post(url, _form(new_ban_bo, choice))
    assert response.status_code == 302 and response.url.endswith("#statuses")

    status = _current(new_ban_bo)
    assert status.met is (choice == "met") and status.reason.startswith("Biên bản thẩm định")
    assert status.author.username == "xa.banbo"
    after = Assessment.objects.get(unit=new_ban_bo, set_code=SET, year=2026)
    step = 1 if choice == "met" else -1
    assert after.criteria_met == before.criteria_met + step
    assert ("7" in after.met_criteria) is (choice == "met")
    assert _met_in_rollup(new_ban_bo) == in_rollup + step
    assert AuditRecord.objects.filter(action="status.record", object_id=str(status.pk)).exists()
    page = officer.get(url, {"set": SET}).text
    assert "Đã ghi nhận 1 kết quả tiêu chí." in page
    matrix = session_as("tinh.laichau").get(f"/units/{new_ban_bo.parent_id}/matrix/2026/", {"set": SET})
    assert matrix.status_code == 200
    assert f'data-testid="count-{new_ban_bo.code}">{after.criteria_met}/10<' in matrix.text


def test_a_reason_is_required(session_as, new_ban_bo):
    officer = session_as("xa.banbo")
    before = CriterionStatus.objects.filter(unit=new_ban_bo).count()
    response = officer.post(f"/units/{new_ban_bo.pk}/data/2026/", _form(new_ban_bo, "met", reason="  "))
    assert response.status_code == 200
    assert "Hãy ghi lý do ghi nhận kết quả tiêu chí" in response.text
    assert CriterionStatus.objects.filter(unit=new_ban_bo).count() == before


def test_a_stale_form_shows_who_recorded_what_and_keeps_the_choice(session_as, new_ban_bo):
    officer, province = session_as("xa.banbo"), session_as("tinh.laichau")
    url = f"/units/{new_ban_bo.pk}/data/2026/"
    stale = _form(new_ban_bo, "met", reason="Theo biên bản của xã")  # the commune officer opens the form
    province.post(url, _form(new_ban_bo, "not_met", reason="Tỉnh thẩm định: chưa đạt"))
    recorded = _current(new_ban_bo)
    assert recorded.met is False

    response = officer.post(url, stale)
    assert response.status_code == 200
    text = response.text
    assert 'data-testid="status-conflict"' in text
    assert "VP Điều phối NTM tỉnh Lai Châu (mẫu) đã ghi nhận “Chưa đạt”" in text
    assert '<option value="met" selected>' in text and "Theo biên bản của xã" in text  # nothing lost
    assert f'name="sver_7" value="{recorded.version}"' in text  # the form now carries the newer version
    assert _current(new_ban_bo).pk == recorded.pk


def test_viewer_and_other_commune_cannot_record(session_as, new_ban_bo):
    viewer = session_as("xem.laichau")
    url = f"/units/{new_ban_bo.pk}/data/2026/"
    assert viewer.post(url, _form(new_ban_bo, "met")).status_code == 403
    other = AdminUnit.objects.filter(parent=new_ban_bo.parent, level=Level.COMMUNE).exclude(pk=new_ban_bo.pk)[
        0
    ]
    response = session_as("xa.banbo").post(f"/units/{other.pk}/data/2026/", _form(other, "met"))
    assert response.status_code in (403, 404)


def test_evidence_can_be_filed_for_a_recorded_criterion(session_as, new_ban_bo, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from ntm.indicators.models import Evidence
    from ntm.settings import file_storages

    settings.STORAGES = {**settings.STORAGES, **file_storages("local", tmp_path, {})}
    officer = session_as("xa.banbo")
    page = officer.get(f"/units/{new_ban_bo.pk}/data/2026/", {"set": SET}).text
    assert '<option value="7">Tiêu chí 7 (kết quả ghi nhận)</option>' in page
    response = officer.post(
        f"/units/{new_ban_bo.pk}/data/2026/evidence/",
        {
            "set": SET,
            "indicator": "7",
            "note": "Biên bản thẩm định",
            "file": SimpleUploadedFile("bb.pdf", b"%PDF-1.4\n"),
        },
        follow=True,
    )
    assert "Đã lưu minh chứng “bb.pdf”." in response.text
    assert Evidence.objects.filter(unit=new_ban_bo, set_code=SET, year=2026, indicator_code="7").exists()
    refused = officer.post(
        f"/units/{new_ban_bo.pk}/data/2026/evidence/",
        {"set": SET, "indicator": "77", "file": SimpleUploadedFile("bb.pdf", b"%PDF-1.4\n")},
        follow=True,
    )
    assert "Chỉ tiêu “77” không có trong bộ tiêu chí" in refused.text
