"""What the recognition dossiers publish, for the transparency page anyone may read without signing
in (`/cong-khai/`): the dossiers now posted for opinion (on their posting step, posted at least
once) and the dossiers closed by a decision, each with its self-assessment summary — nothing else
of a dossier, and no other data. Opinions sent from that page land in the dossier's opinions,
marked as public, to be answered by the commune like any other (the posting step waits for them).
"""

import datetime
import hashlib
import hmac

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from ntm.accounts.actors import SystemActor
from ntm.core.values import RefusedValue, check_text

from .models import Dossier, Opinion, Posting

PUBLIC_ACTOR = SystemActor("trang công khai")
SENDER_MAX, CONTENT_MAX = 200, 2000
RECENT_DECISIONS = 50
# opinions one address may send in an hour (counted in the database, so every worker agrees)
PER_HOUR = 5


def _in_province(qs: QuerySet[Dossier], province) -> QuerySet[Dossier]:
    return qs.filter(unit__path__startswith=province.path) if province is not None else qs


def posted(province=None) -> QuerySet[Dossier]:
    """Dossiers open for opinion: on their posting step, with a posting dated today or before."""
    postings = Posting.objects.filter(
        dossier=OuterRef("pk"), kind=Posting.Kind.POSTED, date__lte=timezone.localdate()
    )
    qs = Dossier.objects.filter(status=Dossier.Status.OPEN, step__rule__kind="posting").filter(
        Exists(postings)
    )
    return _in_province(qs.select_related("unit", "step"), province).order_by("unit__path", "-year")


def decided(province=None) -> QuerySet[Dossier]:
    """The latest dossiers closed by a decision."""
    qs = Dossier.objects.filter(status=Dossier.Status.DECIDED, decision__isnull=False)
    qs = _in_province(qs.select_related("unit", "decision"), province)
    return qs.order_by("-decision__date", "-id")[:RECENT_DECISIONS]


def is_published(dossier: Dossier) -> bool:
    return is_open_for_opinion(dossier) or (
        dossier.status == Dossier.Status.DECIDED and dossier.decision_id is not None
    )


def is_open_for_opinion(dossier: Dossier) -> bool:
    return posted().filter(pk=dossier.pk).exists()


def first_posted(dossier: Dossier) -> datetime.date | None:
    return (
        dossier.postings.filter(kind=Posting.Kind.POSTED)
        .order_by("date")
        .values_list("date", flat=True)
        .first()
    )


class OpinionRefused(ValueError):
    """The opinion cannot be taken: the message says why."""


def client_key(address: str) -> str:
    """The sender's address as a keyed hash: enough to count its opinions, not to read it back."""
    return hmac.new(settings.SECRET_KEY.encode(), (address or "").encode(), hashlib.sha256).hexdigest()


def over_limit(client: str) -> bool:
    since = timezone.now() - datetime.timedelta(hours=1)
    return Opinion.objects.filter(public=True, client=client, submitted_at__gte=since).count() >= PER_HOUR


@transaction.atomic
def add_opinion(*, dossier: Dossier, sender: str, content: str, address: str) -> Opinion:
    """An opinion from the public page (no account; the name is optional), recorded and audited."""
    from .dossiers import log_event

    client = client_key(address)
    if over_limit(client):
        raise OpinionRefused(_("Bạn đã gửi nhiều ý kiến trong một giờ; hãy gửi lại sau."))
    if not is_open_for_opinion(dossier):
        raise OpinionRefused(_("Hồ sơ này hiện không lấy ý kiến."))
    try:
        sender = check_text(_("Họ và tên"), sender or "", SENDER_MAX).strip()
        content = check_text(_("Nội dung"), content or "", CONTENT_MAX).strip()
    except RefusedValue as exc:
        raise OpinionRefused(str(exc)) from None
    if not content:
        raise OpinionRefused(_("Hãy ghi nội dung ý kiến."))
    opinion = Opinion.objects.create(
        dossier=dossier,
        received_on=timezone.localdate(),
        sender=sender,
        content=content,
        public=True,
        submitted_at=timezone.now(),
        client=client,
    )
    log_event(
        PUBLIC_ACTOR,
        dossier,
        "public_opinion",
        data={"id": opinion.pk, "sender": sender, "content": content},
    )
    return opinion
