"""Reports generated in the background: a job row records the request and its progress; a thread
builds the report and stores the file under VAR_DIR/reports (not web-served). Inline instead of a
thread when `NTM_REPORTS_INLINE` is set (tests), or from the command line."""

import datetime
import logging
import threading
import time
from pathlib import Path

from django.conf import settings
from django.db import close_old_connections, connections
from django.utils import timezone

from ntm.core.periods import parse_period

from .models import ReportJob
from .render import render

log = logging.getLogger(__name__)
Status = ReportJob.Status
STALE_AFTER = datetime.timedelta(minutes=30)


def reports_dir() -> Path:
    return Path(settings.VAR_DIR) / "reports"


def file_path(job: ReportJob) -> Path:
    return reports_dir() / job.path


def request_job(*, user, kind: str, unit, params: dict, fmt: str = "xlsx") -> ReportJob:
    job = ReportJob.objects.create(
        user=user, kind=kind, unit=unit, params=params, fmt=fmt, phase="Chờ bắt đầu", status=Status.QUEUED
    )
    start(job)
    return job


def start(job: ReportJob) -> None:
    if getattr(settings, "NTM_REPORTS_INLINE", False):
        run(job.pk)
        return
    threading.Thread(target=_in_thread, args=(job.pk,), name=_thread_name(job.pk), daemon=True).start()


def _in_thread(job_id: int) -> None:
    close_old_connections()
    try:
        run(job_id)
    finally:
        connections.close_all()


def _thread_name(job_id: int) -> str:
    return f"ntm-report-{job_id}"


def is_stale(job: ReportJob) -> bool:
    """A job still marked running whose thread is gone (the server restarted)."""
    if not job.running or timezone.now() - job.updated_at <= STALE_AFTER:
        return False
    return not any(thread.name == _thread_name(job.pk) for thread in threading.enumerate())


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
    job = ReportJob.objects.select_related("unit").get(pk=job_id)
    ReportJob.objects.filter(pk=job.pk).update(
        status=Status.RUNNING, phase="Đọc số liệu", updated_at=timezone.now()
    )
    try:
        report = build(job, _Progress(job.pk))
        ReportJob.objects.filter(pk=job.pk).update(phase="Ghi tệp", updated_at=timezone.now())
        data = render(report, job.fmt)
        relative = f"{timezone.now():%Y}/{job.token}.{job.fmt}"
        target = reports_dir() / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    except Exception as exc:  # the page shows the failure; the log keeps the traceback
        log.exception("report job %s failed", job.pk)
        ReportJob.objects.filter(pk=job.pk).update(
            status=Status.FAILED,
            phase="",
            message=f"Không tạo được báo cáo: {exc}"[:1000],
            finished_at=timezone.now(),
            updated_at=timezone.now(),
        )
        return
    ReportJob.objects.filter(pk=job.pk).update(
        status=Status.DONE,
        phase="",
        path=relative,
        filename=f"{report.filename}.{job.fmt}",
        size=len(data),
        finished_at=timezone.now(),
        updated_at=timezone.now(),
    )
