"""A task whose worker died is queued again by the next worker to start; a task whose worker still
runs is left to it (`ntm.queue.recover_lost_tasks`)."""

import socket
import subprocess

import pytest
from django_tasks_db.models import DBTaskResult

from ntm.queue import Liveness, new_worker_id, recover_lost_tasks
from ntm.reports.models import ReportJob

pytestmark = pytest.mark.django_db


@pytest.fixture
def queued_report(client, login, database_queue, settings, tmp_path):
    settings.VAR_DIR = tmp_path
    login("tinh.laichau")
    from ntm.units.models import AdminUnit

    lai_chau = AdminUnit.objects.get(code="12", level=1, valid_to__isnull=False)
    with database_queue.enqueuing():
        client.post("/reports/tables/", {"unit": lai_chau.pk, "year": "2024"})
    return ReportJob.objects.get(), DBTaskResult.objects.get()


def _dead_worker_id() -> str:
    process = subprocess.Popen(["true"])
    process.wait()
    return f"{socket.gethostname()[:40]}:{process.pid}:gone"


def test_a_task_of_a_dead_worker_is_queued_again_and_then_completes(queued_report, database_queue):
    job, task = queued_report
    task.claim(_dead_worker_id())
    assert recover_lost_tasks(Liveness()) == 1
    task.refresh_from_db()
    assert task.status == "READY"
    database_queue.run()
    job.refresh_from_db()
    assert job.status == "done"
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"


def test_a_task_of_a_live_worker_is_left_running(queued_report):
    _, task = queued_report
    live = Liveness()
    worker_id = new_worker_id()  # this very process
    live.hold(worker_id)
    try:
        task.claim(worker_id)
        assert recover_lost_tasks(Liveness()) == 0
    finally:
        live.release()
    task.refresh_from_db()
    assert task.status == "RUNNING"
