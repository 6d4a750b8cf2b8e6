"""Evidence files: type and size checked, stored outside the web root, downloadable only in scope."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from ntm.audit.models import AuditRecord
from ntm.indicators.models import Evidence
from ntm.units.models import AdminUnit, Level

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def ban_bo():
    return AdminUnit.objects.get(code="03424", level=Level.COMMUNE, valid_from__isnull=True)


@pytest.fixture(autouse=True)
def evidence_dir(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "evidence"


def _upload(client, unit, name, content, indicator="3.1"):
    return client.post(
        f"/units/{unit.pk}/data/2024/evidence/",
        {
            "set": "xa-ntm-2021",
            "indicator": indicator,
            "note": "Biên bản kiểm tra",
            "file": SimpleUploadedFile(name, content),
        },
        follow=True,
    )


def test_upload_is_stored_outside_static_audited_and_listed(login, ban_bo, settings):
    response = _upload(login("xa.banbo"), ban_bo, "bien-ban.pdf", PDF)
    assert "Đã lưu minh chứng" in response.text and "bien-ban.pdf" in response.text
    evidence = Evidence.objects.get(original_name="bien-ban.pdf")
    assert str(settings.MEDIA_ROOT) in evidence.file.path
    assert AuditRecord.objects.filter(action="evidence.upload", object_id=str(evidence.pk)).exists()


def test_wrong_type_or_disguised_content_is_refused(login, ban_bo):
    client = login("xa.banbo")
    assert "chỉ nhận" in _upload(client, ban_bo, "script.exe", b"MZ....").text
    assert "không đúng định dạng .pdf" in _upload(client, ban_bo, "fake.pdf", b"<html>").text
    assert not Evidence.objects.filter(original_name__in=["script.exe", "fake.pdf"]).exists()


def test_too_large_is_refused(login, ban_bo, settings):
    settings.NTM_EVIDENCE_MAX_MB = 0
    assert "quá lớn" in _upload(login("xa.banbo"), ban_bo, "big.pdf", PDF).text


def test_download_only_in_scope(login, ban_bo):
    _upload(login("xa.banbo"), ban_bo, "bien-ban.pdf", PDF)
    evidence = Evidence.objects.get(original_name="bien-ban.pdf")
    district = login("huyen.tamduong")
    response = district.get(f"/evidence/{evidence.pk}/")
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF
    assert response["Content-Disposition"].startswith("attachment")
    other = AdminUnit.objects.get(code="108", level=Level.DISTRICT)
    from ntm.accounts.models import Role, RoleAssignment, User

    outsider = User.objects.create_user("huyen.sinho", password="Khac-biet-2024!")
    RoleAssignment.objects.create(user=outsider, role=Role.DISTRICT_OFFICE, unit=other)
    district.logout()
    district.post("/login/", {"username": "huyen.sinho", "password": "Khac-biet-2024!"})
    assert district.get(f"/evidence/{evidence.pk}/").status_code == 403
