"""The life of a web import: upload → check (errors or preview) → confirm → write → done.

Both steps are background tasks (`ntm.queue`: run by `ntm worker`) and record their progress on
the job row, which the page polls. The confirmation reads the stored file again and re-checks it,
compares every version with those seen at preview, and only then writes, in one transaction: a
worker killed mid-write leaves nothing, and the task, queued again, writes everything.
Any failure ends as a visible failed job, never as one that stays "checking" or "writing".
"""

from django.utils import timezone
from django_tasks import task

from ntm.queue import enqueue_on_commit, job_failure, storable
from ntm.tabular import TableError

from . import uploads
from .apply import ApplyResult, ImportConflict, apply_plan
from .models import ImportJob
from .plan import Plan, build_plan, cell_ref, changed_since, summarize
from .progress import JobProgress

MAX_ERRORS = 1000
MAX_CONFLICTS = 50
Status = ImportJob.Status
RUNNING = {Status.CHECKING, Status.APPLYING}
CHECK_FAILED = (
    "Lỗi không mong đợi khi kiểm tra tệp; chưa ghi gì. Hãy kiểm tra lại tệp hoặc báo quản trị hệ thống."
)
WRITE_FAILED = (
    "Lỗi không mong đợi khi ghi; không có giá trị nào được ghi. Hãy kiểm tra lại tệp rồi xác nhận lại."
)


def default_reason(filename: str) -> str:
    return f"Nhập từ tệp {filename}"


def create_job(
    *,
    user,
    filename: str,
    data: bytes,
    reason: str = "",
    source: str = "",
    set_code: str = "",
    year: int | None = None,
) -> ImportJob:
    return uploads.create_job_with_file(
        filename=filename,
        data=data,
        user=user,
        actor=user.get_username(),
        reason=reason.strip() or default_reason(filename),
        source=source.strip(),
        set_code=set_code or "",
        year=year,
        status=Status.CHECKING,
        phase="Chờ kiểm tra",
    )


def start_check(job: ImportJob) -> None:
    enqueue_on_commit(check_task, job.pk)


def start_apply(job: ImportJob) -> None:
    enqueue_on_commit(apply_task, job.pk)


@task()
def check_task(job_id: int) -> None:
    with job_failure(ImportJob, job_id, {Status.CHECKING}, CHECK_FAILED):
        check(job_id)


@task()
def apply_task(job_id: int) -> None:
    with job_failure(ImportJob, job_id, {Status.APPLYING}, WRITE_FAILED):
        apply(job_id)


def _plan(job: ImportJob, progress: JobProgress) -> Plan:
    return build_plan(
        job.filename,
        uploads.read_file(job),
        actor=job.user or job.actor,
        set_code=job.set_code or None,
        year=job.year,
        progress=progress,
    )


def _finish(job: ImportJob, status: str, **fields) -> None:
    """Save the outcome of a step (never the stored file again: it can be large), unless the job
    left the step's state meanwhile (cancelled while its check waited)."""
    for name, value in fields.items():
        setattr(job, name, value)
    job.status = status
    job.finished_at = timezone.now() if status not in (Status.READY, Status.APPLYING) else None
    job.updated_at = timezone.now()
    ImportJob.objects.filter(pk=job.pk, status__in=RUNNING).update(
        **fields, status=status, finished_at=job.finished_at, updated_at=job.updated_at
    )


def _store_errors(job: ImportJob, plan: Plan) -> dict:
    return {
        "errors": [
            [storable(e.sheet), e.row, storable(e.column), storable(e.message)]
            for e in plan.errors[:MAX_ERRORS]
        ],
        "error_count": plan.error_count,
    }


def check(job_id: int) -> None:
    """Read and check the file; store its errors, or its preview and the versions it compared against."""
    job = ImportJob.objects.select_related("user").get(pk=job_id)
    if job.status != Status.CHECKING:
        return  # cancelled meanwhile, or already checked by a run that was interrupted afterwards
    progress = JobProgress(job.pk)
    try:
        plan = _plan(job, progress)
    except TableError as exc:
        _finish(job, Status.INVALID, errors=[["", 0, "", storable(str(exc))]], error_count=1, phase="")
        return
    finally:
        progress.close()
    summary, changes = summarize(plan)
    fields = {**_store_errors(job, plan), "summary": summary, "changes": changes, "phase": ""}
    if plan.ok:
        _finish(job, Status.READY, seen_versions=plan.seen_versions(), **fields)
    else:
        _finish(job, Status.INVALID, **fields)


def confirm(job: ImportJob) -> bool:
    """Move a previewed job to "applying" (once: a second click finds it already moving)."""
    updated = ImportJob.objects.filter(pk=job.pk, status=Status.READY).update(
        status=Status.APPLYING, phase="Chờ ghi", done=0, total=0, updated_at=timezone.now()
    )
    return bool(updated)


def recheck(job: ImportJob) -> bool:
    """Check the same file again (after a conflict, or when a step was interrupted)."""
    allowed = {Status.CONFLICT, Status.READY, Status.FAILED}
    updated = ImportJob.objects.filter(pk=job.pk, status__in=allowed).update(
        status=Status.CHECKING, phase="Chờ kiểm tra", done=0, total=0, message="", updated_at=timezone.now()
    )
    return bool(updated)


def cancel(job: ImportJob) -> bool:
    """Cancel a job that writes nothing now: waiting for (or in) its check, previewed, or failed."""
    allowed = {Status.CHECKING, Status.READY, Status.INVALID, Status.CONFLICT, Status.FAILED}
    return bool(ImportJob.objects.filter(pk=job.pk, status__in=allowed).update(status=Status.CANCELLED))


def apply(job_id: int) -> None:
    """Check the stored file again, refuse if any value changed since the preview, else write it all."""
    job = ImportJob.objects.select_related("user").get(pk=job_id)
    if job.status != Status.APPLYING:
        return
    progress = JobProgress(job.pk)
    try:
        plan = _plan(job, progress)
        if not plan.ok:
            _finish(
                job,
                Status.INVALID,
                **_store_errors(job, plan),
                phase="",
                message="Tệp không còn hợp lệ khi xác nhận (quyền hoặc đơn vị đã thay đổi); chưa ghi gì.",
            )
            return
        changed = changed_since(plan, bytes(job.seen_versions or b""))
        if changed:
            _finish(
                job,
                Status.CONFLICT,
                phase="",
                message=_conflict_message(len(changed)),
                result={"conflicts": [_conflict_row(plan, p, seen) for p, seen in changed[:MAX_CONFLICTS]]},
            )
            return

        def finish(result: ApplyResult) -> None:
            outcome = {**result.to_dict(), "parents": _parents(plan)}
            _finish(job, Status.DONE, result=outcome, phase="", done=1, total=1)

        apply_plan(
            plan,
            actor=job.user or job.actor,
            reason=job.reason,
            source=job.source,
            import_ref=str(job.pk),
            progress=progress,
            finish=finish,
        )
    except ImportConflict as exc:
        _finish(job, Status.CONFLICT, message=storable(str(exc)), phase="")
    except TableError as exc:  # the stored file can no longer be read
        _finish(job, Status.INVALID, errors=[["", 0, "", storable(str(exc))]], error_count=1, phase="")
    finally:
        progress.close()


def _conflict_message(count: int) -> str:
    return (
        f"Không ghi gì: {count} giá trị đã được người khác sửa sau khi bạn xem trước. "
        "Hãy kiểm tra lại tệp để xem trước với số liệu mới nhất, rồi xác nhận lại."
    )


def _conflict_row(plan: Plan, planned, seen: int) -> dict:
    return {
        "unit": plan.units[planned.unit_id].name,
        "code": f"TC {planned.code}" if planned.is_status else planned.code,
        "year": planned.year,
        "seen": seen,
        "now": planned.old_version,
        "where": cell_ref(planned),
    }


def _parents(plan: Plan) -> list[dict]:
    """The parents of the changed units, per set and year: where the outcome shows (matrix links)."""
    found = {
        (plan.units[unit_id].parent_id, set_code, year)
        for (set_code, year), unit_ids in plan.touched.items()
        for unit_id in unit_ids
        if plan.units[unit_id].parent_id
    }
    return [{"parent": p, "set": s, "year": y} for p, s, y in sorted(found)]
