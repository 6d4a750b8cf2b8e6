"""The life of a web import: upload → check (errors or preview) → confirm → write → done.

Both steps run in a background thread (inline when `NTM_DATAIO_INLINE` is set, as in tests) and
record their progress on the job row, which the page polls. The confirmation reads the stored file
again and re-checks it, compares every version with those seen at preview, and only then writes.
"""

import datetime
import hashlib
import logging
import threading

from django.conf import settings
from django.db import close_old_connections, connections
from django.utils import timezone

from ntm.tabular import TableError

from .apply import ApplyResult, ImportConflict, apply_plan
from .models import ImportJob
from .plan import Plan, build_plan, cell_ref, changed_since, summarize
from .progress import JobProgress

log = logging.getLogger(__name__)
MAX_ERRORS = 1000
MAX_CONFLICTS = 50
STALE_AFTER = datetime.timedelta(hours=1)  # SQLite records no progress during the write itself
Status = ImportJob.Status


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
    return ImportJob.objects.create(
        user=user,
        actor=user.get_username(),
        filename=filename[:255],
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        data=data,
        reason=reason.strip() or default_reason(filename),
        source=source.strip(),
        set_code=set_code or "",
        year=year,
        status=Status.CHECKING,
        phase="Chờ kiểm tra",
    )


def start(job: ImportJob, step) -> None:
    """Run `check` or `apply` for the job: inline, or in a thread that owns its own connection."""
    if getattr(settings, "NTM_DATAIO_INLINE", False):
        step(job.pk)
        return
    threading.Thread(target=_in_thread, args=(step, job.pk), name=_thread_name(job.pk), daemon=True).start()


def _in_thread(step, job_id: int) -> None:
    close_old_connections()
    try:
        step(job_id)
    finally:
        connections.close_all()


def is_stale(job: ImportJob) -> bool:
    """A running job whose thread died (server restart): nothing of it was written. A job whose
    thread is alive in this process is never stale, however long its write takes."""
    if not job.running or timezone.now() - job.updated_at <= STALE_AFTER:
        return False
    return not any(thread.name == _thread_name(job.pk) for thread in threading.enumerate())


def _thread_name(job_id: int) -> str:
    return f"ntm-import-{job_id}"


def _plan(job: ImportJob, progress: JobProgress) -> Plan:
    return build_plan(
        job.filename,
        bytes(job.data),
        actor=job.user or job.actor,
        set_code=job.set_code or None,
        year=job.year,
        progress=progress,
    )


def _finish(job: ImportJob, status: str, **fields) -> None:
    """Save the outcome of a step (never the stored file again: it can be large)."""
    for name, value in fields.items():
        setattr(job, name, value)
    job.status = status
    job.finished_at = timezone.now() if status not in (Status.READY, Status.APPLYING) else None
    job.save(update_fields=[*fields, "status", "finished_at", "updated_at"])


def _store_errors(job: ImportJob, plan: Plan) -> dict:
    return {
        "errors": [[e.sheet, e.row, e.column, e.message] for e in plan.errors[:MAX_ERRORS]],
        "error_count": len(plan.errors),
    }


def check(job_id: int) -> None:
    """Read and check the file; store its errors, or its preview and the versions it compared against."""
    job = ImportJob.objects.select_related("user").get(pk=job_id)
    progress = JobProgress(job.pk)
    try:
        plan = _plan(job, progress)
    except TableError as exc:
        _finish(job, Status.INVALID, errors=[["", 0, "", str(exc)]], error_count=1, phase="")
        return
    except Exception:
        log.exception("import %s: check failed", job.pk)
        _finish(job, Status.FAILED, message="Lỗi không mong đợi khi kiểm tra tệp; chưa ghi gì.", phase="")
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
    allowed = {Status.CONFLICT, Status.READY, Status.FAILED} | ({job.status} if is_stale(job) else set())
    updated = ImportJob.objects.filter(pk=job.pk, status__in=allowed).update(
        status=Status.CHECKING, phase="Chờ kiểm tra", done=0, total=0, message="", updated_at=timezone.now()
    )
    return bool(updated)


def cancel(job: ImportJob) -> bool:
    allowed = {Status.READY, Status.INVALID, Status.CONFLICT, Status.FAILED}
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
        job.refresh_from_db()
        _finish(job, Status.CONFLICT, message=str(exc), phase="")
    except Exception:
        log.exception("import %s: write failed", job.pk)
        job.refresh_from_db()
        _finish(
            job, Status.FAILED, message="Lỗi không mong đợi khi ghi; không có giá trị nào được ghi.", phase=""
        )
    finally:
        progress.close()


def _conflict_message(count: int) -> str:
    return (
        f"Không ghi gì: {count} giá trị đã được người khác sửa sau khi bạn xem trước. "
        "Hãy kiểm tra lại tệp để xem trước với số liệu mới nhất, rồi xác nhận lại."
    )


def _conflict_row(plan: Plan, planned, seen: int) -> dict:
    entry = planned.entry
    return {
        "unit": plan.units[planned.unit_id].name,
        "code": f"TC {entry.code}" if entry.is_status else entry.code,
        "year": entry.year,
        "seen": seen,
        "now": planned.old_version,
        "where": cell_ref(entry),
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
