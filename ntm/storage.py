"""Files kept beside the database rows that name them: evidence, generated reports, import uploads.

They go through Django's storage API only (`storages[...]`, configured in settings), so the same
code runs on local disk and on an S3-compatible bucket. Two rules keep files and rows in step:

- `kept_with_row` writes the file, then runs the block that writes the row in a transaction of its
  own; when the block fails, the file is removed again — no file without a row.
- `delete_on_commit` removes a file only once the deletion of its row has committed — no row
  without its file. `remove_with_rows` registers each model that names files (apps' `ready`) and
  does this on every deletion; `orphans` finds files a crash left without a row.

A storage failure (full disk, unreachable or refusing bucket) becomes `StorageFailed`, whose
message tells the user what happened and what to do, and leaves no partial file behind.
"""

import contextlib
import datetime
import logging
from collections.abc import Iterator

from boto3.exceptions import Boto3Error
from botocore.exceptions import BotoCoreError, ClientError
from django.core.files.storage import Storage, storages
from django.db import transaction
from django.db.models import Model
from django.db.models.signals import post_delete
from django.utils import timezone

log = logging.getLogger(__name__)

STORAGE_ERRORS = (OSError, BotoCoreError, ClientError, Boto3Error)


class StorageFailed(Exception):
    """The file could not be stored or read; nothing was kept."""

    def __init__(self, message: str = ""):
        super().__init__(
            message
            or "Không lưu được tệp vào kho lưu trữ (ổ đĩa đầy hoặc kho tệp không phản hồi); chưa ghi gì. "
            "Hãy thử lại sau ít phút hoặc báo quản trị hệ thống."
        )


def named(alias: str) -> Storage:
    """One of the configured storages: "default" (evidence), "reports", "imports"."""
    return storages[alias]


def save(storage: Storage, name: str, content) -> str:
    """Store `content` under `name` (a fresh, unique name chosen by the caller) and return the name
    the storage used. On failure nothing is left behind and StorageFailed is raised."""
    try:
        return storage.save(name, content)
    except STORAGE_ERRORS as exc:
        log.warning("storing %s failed: %s", name, exc)
        remove(storage, name)
        raise StorageFailed() from exc


def remove(storage: Storage, name: str) -> None:
    """Delete a file if it is there; a failure is logged, never raised (the caller is cleaning up)."""
    try:
        storage.delete(name)
    except STORAGE_ERRORS as exc:
        log.warning("removing %s failed: %s", name, exc)


@contextlib.contextmanager
def kept_with_row(storage: Storage, name: str, content) -> Iterator[str]:
    """Store the file, then run the block, which writes the row naming it inside a durable
    `transaction.atomic` (so leaving the block means the row committed). If the block raises, the
    file is removed and the exception goes on."""
    stored = save(storage, name, content)
    try:
        yield stored
    except BaseException:
        remove(storage, stored)
        raise


def delete_on_commit(storage: Storage, name: str) -> None:
    """Remove the file once the current transaction commits (at once outside a transaction)."""
    if name:
        transaction.on_commit(lambda: remove(storage, name))


def open_file(storage: Storage, name: str):
    """The stored file opened for reading, or None when it is missing; StorageFailed when the storage
    cannot be reached."""
    try:
        if not name or not storage.exists(name):
            return None
        return storage.open(name, "rb")
    except STORAGE_ERRORS as exc:
        log.warning("reading %s failed: %s", name, exc)
        raise StorageFailed(
            "Không đọc được tệp từ kho lưu trữ (kho tệp không phản hồi). Hãy thử lại sau ít phút."
        ) from exc


# (model, storage alias, attribute naming the file): every kind of row that names a stored file.
FILE_ROWS: list[tuple[type[Model], str, str]] = []


def remove_with_rows(model, alias: str, attribute: str) -> None:
    """Register `model` as naming files in the `alias` storage by its `attribute`. When such a row is
    deleted, its file is removed once the deletion commits, so no file outlives its row."""

    def removed(sender, instance, **kwargs):
        value = getattr(instance, attribute)
        delete_on_commit(named(alias), getattr(value, "name", value))

    FILE_ROWS.append((model, alias, attribute))
    post_delete.connect(removed, sender=model, weak=False, dispatch_uid=f"ntm.storage:{model.__name__}")


def _walk(storage: Storage, path: str = "") -> Iterator[str]:
    try:
        directories, files = storage.listdir(path)
    except FileNotFoundError:  # a local area nothing was ever stored in
        return
    for name in files:
        yield f"{path}/{name}" if path else name
    for directory in directories:
        yield from _walk(storage, f"{path}/{directory}" if path else directory)


def _named_files(alias: str) -> set[str]:
    names: set[str] = set()
    for model, model_alias, attribute in FILE_ROWS:
        if model_alias == alias:
            names |= set(model._default_manager.exclude(**{attribute: ""}).values_list(attribute, flat=True))
    return names


def orphans(older_than: datetime.timedelta) -> Iterator[tuple[str, str]]:
    """(alias, name) of stored files no row names and older than `older_than`: left by a process
    that stopped between storing a file and committing its row. Younger files may belong to an
    upload still in progress."""
    cutoff = timezone.now() - older_than
    for alias in dict.fromkeys(alias for _model, alias, _attribute in FILE_ROWS):
        storage, known = named(alias), _named_files(alias)
        for name in _walk(storage):
            if name not in known and storage.get_modified_time(name) < cutoff:
                yield alias, name


def areas() -> list[str]:
    """The aliases of the storages holding the system's files (all of settings.STORAGES but the
    static files of the pages)."""
    from django.conf import settings

    return [alias for alias in settings.STORAGES if alias != "staticfiles"]


def stored_names(alias: str) -> Iterator[str]:
    """Every file name in the `alias` storage, at any depth."""
    return _walk(named(alias))
