"""Progress of a running import, recorded on its job row for the page that polls it.

Outside the write transaction the row is simply updated (autocommit). Inside it, an update on the
same connection would stay invisible until the end, so on PostgreSQL a second connection records
progress as it goes; SQLite allows one writer at a time, so there the bar shows the write phase as
a whole and jumps to the end.
"""

import time

from django.db import connection
from django.db.backends.base.base import BaseDatabaseWrapper
from django.utils import timezone

from .models import ImportJob

PHASES = {
    "read": "Đọc tệp",
    "check": "Kiểm tra từng ô",
    "write": "Ghi giá trị",
    "assess": "Đánh giá lại và cập nhật số liệu tổng hợp",
}


class JobProgress:
    """Callable `(phase, done, total)` that writes to the job row at most every `interval` seconds."""

    _side: BaseDatabaseWrapper | None  # a second connection, for writes seen outside the transaction

    def __init__(self, job_id: int, interval: float = 0.5):
        self.job_id, self.interval = job_id, interval
        self.phase, self.last = "", 0.0
        self._side = None

    def __call__(self, phase: str, done: int, total: int) -> None:
        now = time.monotonic()
        if phase == self.phase and done < total and now - self.last < self.interval:
            return
        self.phase, self.last = phase, now
        fields = {
            "phase": PHASES.get(phase, phase),
            "done": done,
            "total": total,
            "updated_at": timezone.now(),
        }
        if not connection.in_atomic_block:
            ImportJob.objects.filter(pk=self.job_id).update(**fields)
        elif connection.vendor == "postgresql":
            self._side_update(fields)

    def _side_update(self, fields: dict) -> None:
        if self._side is None:
            self._side = connection.copy()
        side = self._side
        table = side.ops.quote_name(ImportJob._meta.db_table)
        with side.cursor() as cursor:
            cursor.execute(
                f"UPDATE {table} SET phase = %s, done = %s, total = %s, updated_at = %s WHERE id = %s",
                [fields["phase"], fields["done"], fields["total"], fields["updated_at"], self.job_id],
            )

    def close(self) -> None:
        if self._side is not None:
            self._side.close()
            self._side = None
