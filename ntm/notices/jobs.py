"""E-mail of notices, sent by a background task (`ntm.queue`, run by `ntm worker`) once the
transaction that wrote the inbox rows commits — never inside the request. Django's e-mail
framework sends it: the console backend unless NTM_EMAIL_BACKEND says smtp (docs/deploy.md)."""

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.utils import timezone
from django_tasks import task

from .models import Notice

SUBJECT_MAX = 120


def absolute(link: str) -> str:
    base = getattr(settings, "NTM_SITE_URL", "").rstrip("/")
    return f"{base}{link}" if base and link.startswith("/") else link


def message_for(notice: Notice) -> EmailMessage:
    subject = notice.text.splitlines()[0][:SUBJECT_MAX] if notice.text else ""
    lines = [notice.text]
    if notice.link:
        lines += ["", f"Xem trên hệ thống: {absolute(notice.link)}"]
    lines += ["", "— Hệ thống theo dõi, đánh giá nông thôn mới (thư tự động, xin đừng trả lời)"]
    return EmailMessage(
        subject=f"[ntm] {subject}",
        body="\n".join(lines),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[notice.recipient.email],
    )


@task()
def send_mail_task(notice_ids: list[int]) -> None:
    """Send the notices not sent yet; each marked as sent once its message has left. Run again
    after a crash it sends only what is left."""
    pending = Notice.objects.filter(pk__in=notice_ids, emailed_at__isnull=True).select_related("recipient")
    connection = get_connection()
    for notice in pending:
        if not notice.recipient.email:
            continue
        connection.send_messages([message_for(notice)])
        Notice.objects.filter(pk=notice.pk).update(emailed_at=timezone.now())
