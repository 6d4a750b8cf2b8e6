"""The finished file of a report job, kept in the "reports" storage (local disk under
NTM_VAR_DIR/reports or a private S3 bucket, never web-served: downloads go through a view that checks
the user's scope)."""

from django.core.files.base import ContentFile
from django.utils import timezone

from ntm import storage

from .models import ReportJob


def reports_storage():
    return storage.named("reports")


def save_report(job: ReportJob, data: bytes, **fields) -> None:
    """Store the file and mark the job done with `fields` (filename, size, …) in one step: if the job
    row cannot be updated, the file is removed again. Raises StorageFailed when nothing was stored."""
    name = f"{timezone.now():%Y}/{job.token}.{job.fmt}"
    with storage.kept_with_row(reports_storage(), name, ContentFile(data)) as stored:
        ReportJob.objects.filter(pk=job.pk).update(  # one statement: committed when it returns
            status=ReportJob.Status.DONE, path=stored, size=len(data), updated_at=timezone.now(), **fields
        )


def open_report(job: ReportJob):
    """The job's finished file opened for reading, or None when there is none (not done, or removed)."""
    if job.status != ReportJob.Status.DONE or not job.path:
        return None
    return storage.open_file(reports_storage(), job.path)
