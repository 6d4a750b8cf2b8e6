"""Province-wide tables generated as a background job: progress page, completion, the file lists
every Lai Châu commune, downloads limited to users who may see the province."""

import io
from collections import Counter

import pytest
from django_tasks_db.models import DBTaskResult
from openpyxl import load_workbook

from ntm.indicators.rollups import units_counted
from ntm.reports import files, jobs
from ntm.reports.models import ReportJob

pytestmark = pytest.mark.django_db


@pytest.fixture
def done_job(client, login, lai_chau, reports_settings):
    login("tinh.laichau")
    response = client.post("/reports/tables/", {"unit": lai_chau.pk, "year": "2024"})
    assert response.status_code == 302
    job = ReportJob.objects.get(token=response["Location"].rstrip("/").split("/")[-1])
    return job


def test_job_completes_and_lists_every_commune(client, done_job, lai_chau, reports_settings):
    assert done_job.status == "done", done_job.message
    assert done_job.percent == 100 and done_job.total == done_job.done > 0
    assert files.reports_storage().exists(done_job.path)
    page = client.get(f"/reports/jobs/{done_job.token}/")
    assert page.status_code == 200 and "hx-get" not in page.content.decode()
    response = client.get(f"/reports/jobs/{done_job.token}/download/")
    assert response.status_code == 200
    wb = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    assert wb.sheetnames[0] == "Tổng hợp"
    listed = Counter()
    for ws in wb.worksheets[1:]:
        for (name,) in ws.iter_rows(min_col=2, max_col=2, values_only=True):
            if name and name.startswith(("Xã ", "Phường ", "Thị trấn ")):
                listed[name] += 1
    expected = Counter(u.name for u in units_counted(lai_chau, "xa-ntm-2021", 2024))
    assert listed == expected and sum(expected.values()) > 90
    summary = wb["Tổng hợp"]
    total_row = next(r for r in summary.iter_rows(values_only=True) if r[1] == "Toàn tỉnh")
    assert total_row[2] == sum(expected.values())


def test_running_job_page_polls(client, login, lai_chau, reports_settings):
    login("tinh.laichau")
    job = ReportJob.objects.create(
        kind="province_tables", unit=lai_chau, params={"year": 2024}, done=10, total=94
    )
    page = client.get(f"/reports/jobs/{job.token}/").content.decode()
    assert f'hx-get="/reports/jobs/{job.token}/status/"' in page
    assert '<progress max="100" value="10">' in page
    partial = client.get(f"/reports/jobs/{job.token}/status/").content.decode()
    assert partial.startswith('<div id="job"') and "10/94" in partial


def test_on_the_database_queue_the_job_waits_for_a_worker_then_completes(
    client, login, lai_chau, reports_settings, database_queue
):
    login("tinh.laichau")
    with database_queue.enqueuing():
        response = client.post("/reports/tables/", {"unit": lai_chau.pk, "year": "2024"})
    job = ReportJob.objects.get(token=response["Location"].rstrip("/").split("/")[-1])
    assert job.status == "queued" and DBTaskResult.objects.filter(status="READY").count() == 1
    assert 'hx-get="' in client.get(f"/reports/jobs/{job.token}/").content.decode()
    database_queue.run()
    job.refresh_from_db()
    assert job.status == "done" and files.reports_storage().exists(job.path)
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"


def test_a_failing_report_is_a_failed_job_with_a_message(client, login, lai_chau, reports_settings):
    login("tinh.laichau")
    job = ReportJob.objects.create(kind="province_tables", unit=lai_chau, params={"year": "năm ngoái"})
    jobs.run_task.enqueue(job.pk)
    job.refresh_from_db()
    assert job.status == "failed" and "Hãy yêu cầu tạo lại" in job.message
    page = client.get(f"/reports/jobs/{job.token}/").content.decode()
    assert "hx-get" not in page and "Hãy yêu cầu tạo lại" in page


def test_download_permissions(client, login, done_job):
    url = f"/reports/jobs/{done_job.token}/download/"
    login("xa.banbo")  # a commune officer: the province is out of scope
    assert client.get(url).status_code == 403
    assert client.get(f"/reports/jobs/{done_job.token}/").status_code == 403
    login("huyen.tamduong")  # a district office: out of scope too
    assert client.get(url).status_code == 403
    login("xem.laichau")  # a viewer of the province downloads…
    assert client.get(url).status_code == 200
    index = client.get("/reports/").content.decode()
    assert str(done_job.token) in index and 'data-testid="viewer-note"' in index
    client.logout()
    assert client.get(url).status_code == 302  # to the login page


def test_who_may_request(client, login, lai_chau, reports_settings):
    data = {"unit": lai_chau.pk, "year": "2024"}
    login("xem.laichau")  # …but may not request
    assert client.post("/reports/tables/", data).status_code == 403
    login("huyen.tamduong")  # not for the whole province
    assert client.post("/reports/tables/", data).status_code == 403
    assert ReportJob.objects.count() == 0
