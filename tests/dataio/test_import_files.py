"""Uploaded import files are kept in the file storage (local disk or an S3-compatible server, the
same tests on both): the confirmation writes what was previewed from the stored file; a storage
failure is a clear form error that keeps nothing; a deleted job takes its file with it."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from ntm.dataio import uploads
from ntm.dataio.models import ImportJob
from ntm.dataio.scope import units_under
from tests.dataio.helpers import SET, YEAR, current, filled_template, met_values, save

pytestmark = pytest.mark.django_db


def _filled(client, tam_duong) -> tuple[bytes, list]:
    units = units_under(tam_duong, SET, YEAR)[:2]
    template = client.get("/data/template/", {"set_code": SET, "year": YEAR, "parent": tam_duong.pk}).content
    book, _sheet = filled_template(template, units, lambda unit: {**met_values(unit), "2.1": 77})
    return save(book), units


def _upload(client, data: bytes):
    return client.post("/data/import/", {"file": SimpleUploadedFile("tam-duong.xlsx", data), "reason": ""})


def test_uploaded_file_is_stored_and_confirmed_from_the_storage(login, tam_duong, file_storage):
    client = login("huyen.tamduong")
    data, units = _filled(client, tam_duong)
    assert _upload(client, data).status_code == 302
    job = ImportJob.objects.latest("created_at")
    assert job.status == ImportJob.Status.READY, job.errors
    assert uploads.read_file(job) == data and job.stored_name.endswith(".xlsx")
    client.post(f"/data/import/{job.token}/confirm/")
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE, job.message
    assert all(current(unit, "2.1").value == 77 for unit in units)


def test_storage_failure_is_a_form_error_and_keeps_nothing(
    login, tam_duong, file_storage, settings, tmp_path
):
    """The imports area cannot be written (on disk, a file stands where its directory should be; on
    S3, the bucket does not exist)."""
    client = login("huyen.tamduong")
    data, _units = _filled(client, tam_duong)
    config = {**settings.STORAGES["imports"], "OPTIONS": dict(settings.STORAGES["imports"]["OPTIONS"])}
    if file_storage == "s3":
        config["OPTIONS"]["bucket_name"] = "no-such-bucket"
    else:
        blocked = tmp_path / "blocked"
        blocked.write_text("not a directory")
        config["OPTIONS"]["location"] = blocked
    settings.STORAGES = {**settings.STORAGES, "imports": config}
    response = _upload(client, data)
    assert response.status_code == 200
    assert "Không lưu được tệp vào kho lưu trữ" in response.content.decode()
    assert not ImportJob.objects.exists()


def test_deleting_a_job_removes_its_file_once_committed(
    login, tam_duong, file_storage, django_capture_on_commit_callbacks
):
    client = login("huyen.tamduong")
    data, _units = _filled(client, tam_duong)
    _upload(client, data)
    job = ImportJob.objects.latest("created_at")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        job.delete()
    assert uploads.imports_storage().exists(job.stored_name)  # not before the deletion commits
    for callback in callbacks:
        callback()
    assert not uploads.imports_storage().exists(job.stored_name)


def test_a_file_missing_from_the_storage_is_a_clear_job_error(login, tam_duong, file_storage):
    client = login("huyen.tamduong")
    data, _units = _filled(client, tam_duong)
    _upload(client, data)
    job = ImportJob.objects.latest("created_at")
    uploads.imports_storage().delete(job.stored_name)
    client.post(f"/data/import/{job.token}/confirm/")
    job.refresh_from_db()
    assert job.status == ImportJob.Status.INVALID
    assert "hãy tải tệp lên lại" in client.get(f"/data/import/{job.token}/").content.decode()
