"""Issue 13 (F6, "stuck for ever"): an import job never stays "checking" or "writing" after a failure;
it ends as a failed job (or with its errors listed) that says what to do, and it can be cancelled
while it waits for a worker or once it failed."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django_tasks_db.models import DBTaskResult

from ntm.dataio.models import ImportJob
from ntm.indicators.models import IndicatorValue

pytestmark = pytest.mark.django_db
HEADER = "Mã đơn vị,Bộ tiêu chí,Chỉ tiêu,Năm,Giá trị,Nguồn\n"


def _upload(client, data: bytes, name: str = "ban-bo.csv") -> ImportJob:
    response = client.post("/data/import/", {"file": SimpleUploadedFile(name, data), "reason": ""})
    assert response.status_code == 302, response.content[:500]
    return ImportJob.objects.latest("created_at")


@pytest.mark.parametrize(
    "row",
    [
        "03424,xa-ntm-2021,2.1,2024,9\x009,Biên bản\n",  # in a value
        "03424,xa-ntm-2021,2.1,2024,99,Biên\x00bản\n",  # in a source
        "034\x0024,xa-ntm-2021,2.1,2024,99,Biên bản\n",  # in a unit code
    ],
)
def test_a_nul_byte_in_a_cell_ends_as_a_finished_job_never_a_stuck_one(login, row):
    client = login("xa.banbo")
    before = IndicatorValue.objects.count()
    job = _upload(client, ("\ufeff" + HEADER + row).encode())
    job.refresh_from_db()
    assert not job.running, job.status
    assert job.status in {"invalid", "failed", "ready"}
    page = client.get(f"/data/import/{job.token}/").content.decode()
    assert "hx-get" not in page
    if job.status == "ready":  # the NUL was read as text: the confirmation must end too
        client.post(f"/data/import/{job.token}/confirm/")
        job.refresh_from_db()
        assert not job.running, job.status
    else:
        assert IndicatorValue.objects.count() == before
        assert job.message or job.error_count


def test_an_import_waiting_for_a_worker_can_be_cancelled_and_never_runs(login, database_queue):
    client = login("xa.banbo")
    data = ("\ufeff" + HEADER + "03424,xa-ntm-2021,2.1,2024,99,Biên bản\n").encode()
    with database_queue.enqueuing():
        job = _upload(client, data)
    job.refresh_from_db()
    assert job.status == "checking" and DBTaskResult.objects.filter(status="READY").count() == 1
    page = client.get(f"/data/import/{job.token}/").content.decode()
    assert 'data-testid="cancel"' in page and "hx-get" in page
    client.post(f"/data/import/{job.token}/cancel/")
    database_queue.run()
    job.refresh_from_db()
    assert job.status == "cancelled" and job.summary == {}
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"


def test_a_failed_import_shows_what_to_do_and_can_be_cancelled(login):
    client = login("xa.banbo")
    job = _upload(client, ("\ufeff" + HEADER + "03424,xa-ntm-2021,2.1,2024,99,\n").encode())
    ImportJob.objects.filter(pk=job.pk).update(status="applying", seen_versions=b"not versions")
    from ntm.dataio import jobs

    jobs.apply_task.enqueue(job.pk)
    job.refresh_from_db()
    assert job.status == "failed" and "không có giá trị nào được ghi" in job.message
    page = client.get(f"/data/import/{job.token}/").content.decode()
    assert "hx-get" not in page and job.message in page and 'data-testid="cancel"' in page
    client.post(f"/data/import/{job.token}/cancel/")
    job.refresh_from_db()
    assert job.status == "cancelled"
