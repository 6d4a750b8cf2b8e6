"""Writes audit records. Call inside the transaction of the write being audited.

`record` writes one; `record_many` writes many of one action in a few INSERTs (imports, the demo):
no other module builds `AuditRecord` rows itself."""

from collections.abc import Iterable
from typing import Any, NamedTuple

from django.db import transaction

from ntm.accounts.actors import actor_name, person

from .models import AuditRecord

BATCH = 1000


class Entry(NamedTuple):
    """One audited object of a `record_many` call."""

    object_id: str
    label: str
    old: Any
    new: Any


def _require_transaction() -> None:
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("audit records must be written inside the transaction of the audited write")


def record(
    *,
    actor,
    action: str,
    obj=None,
    object_type: str = "",
    object_id: str = "",
    label: str = "",
    old=None,
    new=None,
    reason: str = "",
) -> AuditRecord:
    """`actor` is a user or a string naming the command that wrote (e.g. "ntm units load")."""
    _require_transaction()
    user = person(actor)
    return AuditRecord.objects.create(
        user=user,
        actor=actor_name(actor),
        action=action,
        object_type=object_type or (obj._meta.label_lower if obj is not None else ""),
        object_id=object_id or (str(obj.pk) if obj is not None else ""),
        object_label=label or (str(obj) if obj is not None else ""),
        old=old,
        new=new,
        reason=reason,
    )


def record_many(*, actor, action: str, object_type: str, entries: Iterable[Entry], reason: str = "") -> int:
    """One record per entry, all by `actor` with the same action and reason; returns how many."""
    _require_transaction()
    user, name = person(actor), actor_name(actor)
    records = [
        AuditRecord(
            user=user,
            actor=name,
            action=action,
            object_type=object_type,
            object_id=entry.object_id,
            object_label=entry.label[:300],
            old=entry.old,
            new=entry.new,
            reason=reason,
        )
        for entry in entries
    ]
    AuditRecord.objects.bulk_create(records, batch_size=BATCH)
    return len(records)
