"""Background work: tasks of django-tasks, queued in the database by its database backend
(django-tasks-db) and run by `ntm worker` processes (`ntm serve` starts one beside gunicorn).

A request saves a job row (`ImportJob`, `ReportJob`: what the user sees, with its progress) and
enqueues a task naming that row once the transaction commits. Any number of web servers and workers
share the database: a worker claims a task with a row lock, and every page reads the job's state
from its row, so two web processes always agree.

A worker that dies (killed, machine lost) leaves its task "running". Each worker holds a lock that
names it for its whole life: a PostgreSQL session advisory lock, released by the server as soon as
the process's connection drops, or on SQLite (one machine by construction) its own process id.
When a worker starts it puts back in the queue every running task whose worker no longer holds its
lock. Tasks are written to be run again: each step writes in one transaction, so a killed run left
nothing and the next run does it all.
"""

import contextlib
import hashlib
import logging
import os
import socket
from functools import partial

from django.db import connection, transaction
from django.utils import timezone
from django.utils.crypto import get_random_string
from django_tasks import TaskResultStatus
from django_tasks.backends.immediate import ImmediateBackend
from django_tasks_db.management.commands.db_worker import Worker as DatabaseWorker
from django_tasks_db.models import DBTaskResult
from django_tasks_db.utils import exclusive_transaction

log = logging.getLogger(__name__)


def enqueue_on_commit(task, *args) -> None:
    """Enqueue `task(*args)` once the current transaction commits (at once outside one).

    A worker runs in another process and only sees committed rows. The immediate backend (tests)
    runs the task right here, on this connection, which already sees the job row: no need to wait.
    """
    if isinstance(task.get_backend(), ImmediateBackend):
        task.enqueue(*args)
    else:
        transaction.on_commit(partial(task.enqueue, *args))


@contextlib.contextmanager
def job_failure(model, job_id: int, running: set[str], message: str):
    """Turn any failure of a task into a visible failed job, then let the task fail too.

    Only a job still in one of its `running` states is marked (a cancelled or finished one is left
    alone). `message` is fixed text, so it can always be stored.
    """
    try:
        yield
    except BaseException:
        log.exception("%s %s failed", model.__name__, job_id)
        model.objects.filter(pk=job_id, status__in=running).update(
            status="failed", phase="", message=message, finished_at=timezone.now(), updated_at=timezone.now()
        )
        raise


def storable(text: str) -> str:
    """Text PostgreSQL accepts: no NUL character (a file may contain one, in a cell or a name)."""
    return text.replace("\x00", "�")


# --- workers -----------------------------------------------------------------------------------


def new_worker_id() -> str:
    """`host:pid:random`, at most 64 characters (the column's size)."""
    return f"{socket.gethostname()[:40]}:{os.getpid()}:{get_random_string(8)}"


def _lock_key(worker_id: str) -> int:
    """A signed 64-bit key for PostgreSQL's advisory locks."""
    return int.from_bytes(hashlib.sha256(worker_id.encode()).digest()[:8], "big", signed=True)


class Liveness:
    """Whether the worker that claimed a task still runs (see the module's docstring)."""

    def __init__(self):
        self._lock_connection = None

    def hold(self, worker_id: str) -> None:
        """Take this worker's lock, on a connection of its own kept open for the worker's life."""
        if connection.vendor != "postgresql":
            return
        self._lock_connection = connection.copy()
        with self._lock_connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_lock(%s)", [_lock_key(worker_id)])

    def release(self) -> None:
        if self._lock_connection is not None:
            self._lock_connection.close()
            self._lock_connection = None

    def alive(self, worker_id: str) -> bool:
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_try_advisory_lock(%s)", [_lock_key(worker_id)])
                (free,) = cursor.fetchone()
                if free:
                    cursor.execute("SELECT pg_advisory_unlock(%s)", [_lock_key(worker_id)])
            return not free
        host, _, rest = worker_id.partition(":")
        pid = rest.partition(":")[0]
        if host != socket.gethostname()[:40] or not pid.isdigit():
            return True  # another machine's worker: not ours to judge
        try:
            os.kill(int(pid), 0)
        except ProcessLookupError:
            return False
        except PermissionError:
            return True
        return True


def recover_lost_tasks(liveness: Liveness, backend_name: str = "default") -> int:
    """Put back in the queue the running tasks whose worker died; the number put back."""
    with exclusive_transaction(DBTaskResult.objects.db):
        running = DBTaskResult.objects.running().filter(backend_name=backend_name).select_for_update()
        lost = [t.pk for t in running if t.worker_ids and not liveness.alive(t.worker_ids[-1])]
        DBTaskResult.objects.filter(pk__in=lost).update(status=TaskResultStatus.READY)
    for pk in lost:
        log.warning("task %s: its worker died; queued again", pk)
    return len(lost)


class Worker(DatabaseWorker):
    """django-tasks-db's worker, which first takes its lock and recovers its dead peers' tasks."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.liveness = Liveness()

    def run(self) -> None:
        self.liveness.hold(self.worker_id)
        try:
            recover_lost_tasks(self.liveness, self.backend_name)
            super().run()
        finally:
            self.liveness.release()
