"""Writes audit records. Call inside the transaction of the write being audited."""

from django.db import transaction

from ntm.accounts.actors import actor_name, person

from .models import AuditRecord


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
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("audit.record must run inside the transaction of the audited write")
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
