"""The uploaded file of an import job, kept in the "imports" storage (local disk under
NTM_VAR_DIR/imports or a private S3 bucket) rather than in the database: the confirmation reads the
same bytes again, and an office can later see what was imported."""

import hashlib
from pathlib import Path

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from ntm import storage
from ntm.tabular import TableError

from .models import ImportJob


def imports_storage():
    return storage.named("imports")


def create_job_with_file(*, filename: str, data: bytes, **fields) -> ImportJob:
    """Store the file, then the job row that names it; if the row cannot be written the file is
    removed again. Raises StorageFailed when the file cannot be stored (nothing is kept)."""
    job = ImportJob(
        filename=filename[:255], size=len(data), sha256=hashlib.sha256(data).hexdigest(), **fields
    )
    suffix = "".join(ch for ch in Path(filename).suffix.lower() if ch.isascii() and ch.isalnum())[:10]
    name = f"{timezone.now():%Y/%m}/{job.token}.{suffix or 'bin'}"
    with (
        storage.kept_with_row(imports_storage(), name, ContentFile(data)) as stored,
        transaction.atomic(durable=True),
    ):
        job.stored_name = stored
        job.save()
    return job


def read_file(job: ImportJob) -> bytes:
    """The job's uploaded file; TableError (shown as the job's error) when it is no longer stored."""
    stored = storage.open_file(imports_storage(), job.stored_name)
    if stored is None:
        raise TableError("Tệp đã tải lên không còn trong kho lưu trữ; hãy tải tệp lên lại.")
    with stored:
        return stored.read()
