"""Report files are kept in the file storage (local disk or an S3-compatible server, the same tests on
both), downloaded only through the job's page, and a storage failure fails the job with a clear
message and no file."""

import io

import pytest
from openpyxl import load_workbook

from ntm.reports import files
from ntm.reports.models import ReportJob
from ntm.units.models import AdminUnit

pytestmark = pytest.mark.django_db


@pytest.fixture
def tam_duong(db):
    return AdminUnit.objects.get(code="106", level=2)


def _request_progress(client, login, unit):
    login("huyen.tamduong")
    response = client.post("/reports/progress/", {"unit": unit.pk, "period": "2024", "format": "xlsx"})
    assert response.status_code == 302
    return ReportJob.objects.get()


def test_report_file_is_stored_and_downloaded(client, login, tam_duong, reports_settings, file_storage):
    job = _request_progress(client, login, tam_duong)
    assert job.status == "done", job.message
    stored = files.reports_storage()
    assert stored.exists(job.path) and stored.size(job.path) == job.size
    response = client.get(f"/reports/jobs/{job.token}/download/")
    assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment")
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    assert "Chỉ tiêu" in workbook.sheetnames
    login("xa.banbo")  # a commune officer does not see the district's report
    assert client.get(f"/reports/jobs/{job.token}/download/").status_code == 403


def test_removed_report_file_is_not_found(client, login, tam_duong, reports_settings, file_storage):
    job = _request_progress(client, login, tam_duong)
    files.reports_storage().delete(job.path)
    assert client.get(f"/reports/jobs/{job.token}/download/").status_code == 404


def test_storage_failure_fails_the_job_with_a_clear_message(
    client, login, tam_duong, reports_settings, file_storage, tmp_path
):
    """The reports area cannot be written (on disk, a file stands where its directory should be; on
    S3, the bucket does not exist): the job fails, says why, and keeps no file."""
    config = {
        **reports_settings.STORAGES["reports"],
        "OPTIONS": dict(reports_settings.STORAGES["reports"]["OPTIONS"]),
    }
    if file_storage == "s3":
        config["OPTIONS"]["bucket_name"] = "no-such-bucket"
    else:
        blocked = tmp_path / "blocked"
        blocked.write_text("not a directory")
        config["OPTIONS"]["location"] = blocked
    reports_settings.STORAGES = {**reports_settings.STORAGES, "reports": config}
    job = _request_progress(client, login, tam_duong)
    assert job.status == "failed" and job.path == ""
    assert "Không lưu được tệp vào kho lưu trữ" in job.message
    page = client.get(f"/reports/jobs/{job.token}/").content.decode()
    assert "Không lưu được tệp vào kho lưu trữ" in page
    assert client.get(f"/reports/jobs/{job.token}/download/").status_code == 404
