"""Sending notices and reading them: the only writes of the inbox.

`notify` writes one inbox row per recipient in the caller's transaction (so a step that fails
sends nothing) with one audit record, and queues the e-mail of those who want it once that
transaction commits (`jobs.send_mail_task`). Marking as read changes only the reader's own rows.
"""

from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext

from ntm.accounts.actors import person
from ntm.audit import services as audit
from ntm.queue import enqueue_on_commit

from .jobs import send_mail_task
from .models import Notice, Preference


def wants_email(user) -> bool:
    pref = Preference.objects.filter(user=user).values_list("email", flat=True).first()
    return bool(user.email) and pref is not False


@transaction.atomic
def notify(
    recipients,
    kind: str,
    message: str,
    params: dict | None = None,
    *,
    actor,
    link: str = "",
    unit=None,
    key: str = "",
) -> list[Notice]:
    """Send `message` (a catalog template marked with gettext_noop, worded with `params`) to each
    recipient but the actor; with a `key`, only to those who never received a notice of that key.
    Returns the notices written."""
    params = {name: str(value) for name, value in (params or {}).items()}
    with translation.override("vi"):
        text = gettext(message) % params
    author = person(actor)
    people = {user.pk: user for user in recipients if user is not None and user != author}
    if key:
        done = set(
            Notice.objects.filter(key=key, recipient__in=people).values_list("recipient_id", flat=True)
        )
        people = {pk: user for pk, user in people.items() if pk not in done}
    if not people:
        return []
    notices = Notice.objects.bulk_create(
        Notice(
            recipient=user,
            kind=kind,
            text=text,
            message=message,
            params=params,
            link=link,
            unit=unit,
            key=key,
        )
        for user in people.values()
    )
    audit.record(
        actor=actor,
        action="notice.send",
        object_type="notices.notice",
        object_id=key or kind,
        label=text[:300],
        new={"kind": kind, "recipients": sorted(user.get_username() for user in people.values())},
    )
    mailed = [n.pk for n in notices if wants_email(n.recipient)]
    if mailed:
        enqueue_on_commit(send_mail_task, mailed)
    return notices


def unread_count(user) -> int:
    if not user.is_authenticated:
        return 0
    return Notice.objects.filter(recipient=user, read_at__isnull=True).count()


def mark_read(user, notice_id: int | None = None) -> int:
    """Mark one of the user's notices (or all of them) read; how many changed. Another user's
    notice is never touched."""
    rows = Notice.objects.filter(recipient=user, read_at__isnull=True)
    if notice_id is not None:
        rows = rows.filter(pk=notice_id)
    return rows.update(read_at=timezone.now())


@transaction.atomic
def set_email(*, actor, user, email: bool) -> Preference:
    """The user's choice of receiving notices by e-mail, audited."""
    pref, _created = Preference.objects.select_for_update().get_or_create(user=user)
    old = pref.email
    pref.email = email
    pref.save()
    audit.record(
        actor=actor,
        action="notice.preference",
        obj=pref,
        label=str(user),
        old={"email": old},
        new={"email": email},
    )
    return pref
