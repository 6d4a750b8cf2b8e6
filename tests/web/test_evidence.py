"""Evidence files: type, size, note and year checked before anything is stored; kept in the file
storage (local disk or an S3-compatible server, the same tests on both); downloadable only in scope;
never a file without its row (security review F12)."""

import resource
import signal

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import DatabaseError, connection

from ntm.accounts.models import Role, RoleAssignment, User
from ntm.audit.models import AuditRecord
from ntm.indicators.evidence import attach_evidence
from ntm.indicators.models import Evidence
from ntm.units.models import AdminUnit, Level

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def ban_bo():
    return AdminUnit.objects.get(code="03424", level=Level.COMMUNE, valid_from__isnull=True)


@pytest.fixture(autouse=True)
def empty_storage(settings, tmp_path):
    """An empty local storage of the test's own (the tests that run on both kinds replace it)."""
    from ntm.settings import file_storages

    settings.STORAGES = {**settings.STORAGES, **file_storages("local", tmp_path, {})}


def _upload(client, unit, name, content, indicator="3.1", note="Biên bản kiểm tra", year=2024):
    return client.post(
        f"/units/{unit.pk}/data/{year}/evidence/",
        {
            "set": "xa-ntm-2021",
            "indicator": indicator,
            "note": note,
            "file": SimpleUploadedFile(name, content),
        },
        follow=True,
    )


def _stored_files() -> list[str]:
    """Every file in the evidence storage (recursively)."""

    def walk(path: str) -> list[str]:
        try:
            directories, files = default_storage.listdir(path)
        except FileNotFoundError:  # nothing was ever stored on this disk
            return []
        found = [f"{path}/{name}".lstrip("/") for name in files]
        for directory in directories:
            found += walk(f"{path}/{directory}".lstrip("/"))
        return found

    return walk("")


def test_upload_is_stored_audited_listed_and_downloaded(login, ban_bo, file_storage):
    client = login("xa.banbo")
    response = _upload(client, ban_bo, "bien-ban.pdf", PDF)
    assert "Đã lưu minh chứng" in response.text and "bien-ban.pdf" in response.text
    evidence = Evidence.objects.get(original_name="bien-ban.pdf")
    assert f'href="/evidence/{evidence.pk}/"' in response.text  # through the view, never the bucket
    assert "127.0.0.1:" not in response.text and "X-Amz" not in response.text
    assert _stored_files() == [evidence.file.name]
    assert "bien-ban" not in evidence.file.name  # the user's file name is never a storage key
    assert AuditRecord.objects.filter(action="evidence.upload", object_id=str(evidence.pk)).exists()
    download = client.get(f"/evidence/{evidence.pk}/")
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF
    assert download["Content-Disposition"].startswith("attachment")
    assert "bien-ban.pdf" in download["Content-Disposition"]


def test_download_only_in_scope(login, ban_bo, file_storage):
    _upload(login("xa.banbo"), ban_bo, "bien-ban.pdf", PDF)
    evidence = Evidence.objects.get(original_name="bien-ban.pdf")
    district = login("huyen.tamduong")
    response = district.get(f"/evidence/{evidence.pk}/")
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF
    other = AdminUnit.objects.get(code="108", level=Level.DISTRICT)
    outsider = User.objects.create_user("huyen.sinho", password="Khac-biet-2024!")
    RoleAssignment.objects.create(user=outsider, role=Role.DISTRICT_OFFICE, unit=other)
    district.logout()
    district.post("/login/", {"username": "huyen.sinho", "password": "Khac-biet-2024!"})
    assert district.get(f"/evidence/{evidence.pk}/").status_code == 403


def test_wrong_type_or_disguised_content_is_refused(login, ban_bo):
    client = login("xa.banbo")
    assert "chỉ nhận" in _upload(client, ban_bo, "script.exe", b"MZ....").text
    assert "không đúng định dạng .pdf" in _upload(client, ban_bo, "fake.pdf", b"<html>").text
    assert not Evidence.objects.filter(original_name__in=["script.exe", "fake.pdf"]).exists()
    assert _stored_files() == []


def test_too_large_is_refused(login, ban_bo, settings):
    settings.NTM_EVIDENCE_MAX_MB = 0
    assert "quá lớn" in _upload(login("xa.banbo"), ban_bo, "big.pdf", PDF).text
    assert _stored_files() == []


def test_too_long_note_is_refused_before_anything_is_stored(login, ban_bo, file_storage):
    response = _upload(login("xa.banbo"), ban_bo, "bien-ban.pdf", PDF, note="Biên bản " * 60)
    assert response.status_code == 200
    assert "tối đa 300 ký tự: hãy rút gọn" in response.text
    assert not Evidence.objects.filter(original_name="bien-ban.pdf").exists()
    assert _stored_files() == []


def test_year_outside_the_set_is_refused_before_anything_is_stored(login, ban_bo, file_storage):
    response = _upload(login("xa.banbo"), ban_bo, "bien-ban.pdf", PDF, year=2019)
    assert response.status_code == 200
    assert "không nhận minh chứng cho năm 2019" in response.text
    assert not Evidence.objects.filter(year=2019).exists()
    assert _stored_files() == []


def test_unknown_indicator_is_refused(login, ban_bo):
    response = _upload(login("xa.banbo"), ban_bo, "bien-ban.pdf", PDF, indicator="99.9")
    assert "Chỉ tiêu “99.9” không có trong bộ tiêu chí" in response.text
    assert _stored_files() == []


@pytest.fixture
def audit_refuses_evidence():
    """The database refuses the audit record of an upload (a real trigger, undone with the test's
    transaction): the upload's transaction fails after its file was stored."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "CREATE FUNCTION refuse_evidence_audit() RETURNS trigger AS $$ BEGIN "
                "IF NEW.action = 'evidence.upload' THEN RAISE EXCEPTION 'audit store refused'; END IF; "
                "RETURN NEW; END $$ LANGUAGE plpgsql"
            )
            cursor.execute(
                "CREATE TRIGGER refuse_evidence_audit BEFORE INSERT ON audit_auditrecord "
                "FOR EACH ROW EXECUTE FUNCTION refuse_evidence_audit()"
            )
        else:
            cursor.execute(
                "CREATE TRIGGER refuse_evidence_audit BEFORE INSERT ON audit_auditrecord "
                "WHEN NEW.action = 'evidence.upload' BEGIN SELECT RAISE(ABORT, 'audit store refused'); END"
            )


def test_failed_transaction_leaves_no_file(ban_bo, file_storage, audit_refuses_evidence):
    officer = User.objects.get(username="xa.banbo")
    upload = SimpleUploadedFile("bien-ban.pdf", PDF)
    with pytest.raises(DatabaseError):
        attach_evidence(
            actor=officer, unit=ban_bo, set_code="xa-ntm-2021", year=2024, indicator_code="3.1", upload=upload
        )
    assert not Evidence.objects.filter(original_name="bien-ban.pdf").exists()
    assert _stored_files() == []


@pytest.fixture
def broken_storage(file_storage, settings):
    """The storage refuses the write: on disk, the file system stops it half-way (the process may
    write no more than 16 KB to a file, as on a full disk); on S3, the bucket does not exist."""
    if file_storage == "s3":
        settings.STORAGES = {
            **settings.STORAGES,
            "default": {
                **settings.STORAGES["default"],
                "OPTIONS": {**settings.STORAGES["default"]["OPTIONS"], "bucket_name": "no-such-bucket"},
            },
        }
        yield file_storage
        return
    limits = resource.getrlimit(resource.RLIMIT_FSIZE)
    handler = signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a failed write, not a killed process
    resource.setrlimit(resource.RLIMIT_FSIZE, (16 * 1024, limits[1]))
    try:
        yield file_storage
    finally:
        resource.setrlimit(resource.RLIMIT_FSIZE, limits)
        signal.signal(signal.SIGXFSZ, handler)


def test_storage_failure_is_a_clear_form_error_and_leaves_nothing(login, ban_bo, broken_storage, settings):
    client = login("xa.banbo")
    large_pdf = PDF + b"0" * (64 * 1024)  # larger than the disk lets through: a partial file is written
    response = _upload(client, ban_bo, "bien-ban.pdf", large_pdf)
    assert response.status_code == 200
    assert "Không lưu được tệp vào kho lưu trữ" in response.text and "chưa ghi gì" in response.text
    assert not Evidence.objects.filter(original_name="bien-ban.pdf").exists()
    if broken_storage == "local":
        assert _stored_files() == []  # the partial file was removed


def test_missing_file_is_not_found_not_an_error(login, ban_bo, file_storage):
    client = login("xa.banbo")
    _upload(client, ban_bo, "bien-ban.pdf", PDF)
    evidence = Evidence.objects.get(original_name="bien-ban.pdf")
    default_storage.delete(evidence.file.name)
    assert client.get(f"/evidence/{evidence.pk}/").status_code == 404
