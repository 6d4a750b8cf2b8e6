"""Reports generated in the background: a job row records the request and its progress; a task
(`ntm.queue`, run by `ntm worker`) builds the report and keeps the file in the "reports" storage
(`files.py`, not web-served). A run interrupted by a dead worker is simply run again."""

import datetime
import time

from django.utils import timezone
from django_tasks import task

from ntm.core.periods import parse_period
from ntm.queue import enqueue_on_commit, job_failure
from ntm.storage import StorageFailed

from . import files
from .models import ReportJob
from .render import render

Status = ReportJob.Status
FAILED = "Không tạo được báo cáo do lỗi không mong đợi. Hãy yêu cầu tạo lại hoặc báo quản trị hệ thống."


def request_job(*, user, kind: str, unit, params: dict, fmt: str = "xlsx") -> ReportJob:
    job = ReportJob.objects.create(
        user=user, kind=kind, unit=unit, params=params, fmt=fmt, phase="Chờ bắt đầu", status=Status.QUEUED
    )
    enqueue_on_commit(run_task, job.pk)
    return job


@task()
def run_task(job_id: int) -> None:
    with job_failure(ReportJob, job_id, {Status.QUEUED, Status.RUNNING}, FAILED):
        run(job_id)


class _Progress:
    """`(done, total, phase)` written to the job row at most twice a second."""

    def __init__(self, job_id: int):
        self.job_id, self.last = job_id, 0.0

    def __call__(self, done: int, total: int, phase: str = "") -> None:
        now = time.monotonic()
        if done < total and now - self.last < 0.5:
            return
        self.last = now
        ReportJob.objects.filter(pk=self.job_id).update(
            done=done, total=total, phase=phase[:200], updated_at=timezone.now()
        )


def build(job: ReportJob, progress=None):
    """The job's `Report` from its parameters."""
    params = job.params
    if job.kind == ReportJob.Kind.PROVINCE_TABLES:
        from .province import build_province_tables

        as_of = datetime.date.fromisoformat(params["as_of"]) if params.get("as_of") else None
        return build_province_tables(
            job.unit,
            int(params["year"]),
            set_code=params.get("set_code") or None,
            as_of=as_of,
            progress=progress,
        )
    from .progress_report import build_progress_report

    return build_progress_report(job.unit, parse_period(params["period"]))


def run(job_id: int) -> None:
    """Build the report and store its file; a failure is recorded by `run_task` (`job_failure`)."""
    job = ReportJob.objects.select_related("unit").get(pk=job_id)
    if not job.running:
        return  # finished by a run whose worker died before it could report so
    ReportJob.objects.filter(pk=job.pk).update(
        status=Status.RUNNING, phase="Đọc số liệu", updated_at=timezone.now()
    )
    report = build(job, _Progress(job.pk))
    ReportJob.objects.filter(pk=job.pk).update(phase="Ghi tệp", updated_at=timezone.now())
    try:
        files.save_report(
            job,
            render(report, job.fmt),
            phase="",
            filename=f"{report.filename}.{job.fmt}",
            finished_at=timezone.now(),
        )
    except StorageFailed as exc:  # the page says what happened; nothing was stored
        ReportJob.objects.filter(pk=job.pk).update(
            status=Status.FAILED,
            phase="",
            message=str(exc),
            finished_at=timezone.now(),
            updated_at=timezone.now(),
        )
