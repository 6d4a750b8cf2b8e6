"""What a step of a round tells whom (ntm/notices): a submitted report goes to the office of the
level it is sent to, a returned, approved or reopened one to the unit's own office, and an overdue
one, once, to the unit's own office (`remind`, run daily by `ntm rounds remind`)."""

import datetime

from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext_noop

from ntm.accounts.models import Role, User
from ntm.notices import recipients
from ntm.notices.models import Notice
from ntm.notices.services import notify

from . import calendar
from .models import Round

Kind = Notice.Kind

ANNOUNCED = gettext_noop(
    "Đợt báo cáo mới: %(unit)s cần gửi báo cáo “%(report)s” kỳ %(period)s trước hạn %(deadline)s."
)
SUBMITTED = gettext_noop(
    "%(unit)s đã gửi báo cáo “%(report)s” kỳ %(period)s; báo cáo chờ anh/chị xem xét, duyệt."
)
RETURNED = gettext_noop("Báo cáo “%(report)s” kỳ %(period)s của %(unit)s bị trả lại: %(comment)s")
APPROVED = gettext_noop(
    "Báo cáo “%(report)s” kỳ %(period)s của %(unit)s đã được duyệt; số liệu năm %(year)s đã khóa."
)
REOPENED = gettext_noop("Báo cáo “%(report)s” kỳ %(period)s của %(unit)s được mở lại để sửa: %(comment)s")
DUE_SOON = gettext_noop(
    "Báo cáo “%(report)s” kỳ %(period)s của %(unit)s đến hạn nộp ngày %(deadline)s mà chưa gửi."
)
OVERDUE = gettext_noop(
    "Báo cáo “%(report)s” kỳ %(period)s của %(unit)s đã quá hạn nộp %(deadline)s mà chưa gửi."
)


def _params(round_: Round) -> dict:
    return {
        "unit": round_.unit.name,
        "report": round_.kind.name,
        "period": calendar.parse(round_.period).label,
        "year": round_.year,
        "comment": round_.return_summary(),
        "deadline": formats.date_format(round_.deadline, "d/m/Y"),
    }


def _send(actor, round_: Round, kind: str, message: str, people, key: str = "") -> list[Notice]:
    link = reverse("round_detail", args=[round_.pk])
    return notify(people, kind, message, _params(round_), actor=actor, link=link, unit=round_.unit, key=key)


def _reviewers(round_: Round) -> list:
    target = calendar.reports_to(round_.unit)
    if target is None:  # a province's report goes to the central level
        return list(User.objects.filter(is_active=True, roles__role=Role.ADMIN).distinct())
    return recipients.office_above(target)


TO_UNIT = {
    "round.return": (Kind.ROUND_RETURNED, RETURNED),
    "round.approve": (Kind.ROUND_APPROVED, APPROVED),
    "round.reopen": (Kind.ROUND_REOPENED, REOPENED),
}


def stepped(actor, round_: Round, action: str) -> None:
    """Tell whom the step `action` (round.submit, …) concerns, in the step's transaction."""
    if action == "round.submit":
        _send(actor, round_, Kind.ROUND_SUBMITTED, SUBMITTED, _reviewers(round_))
    elif action in TO_UNIT:
        kind, message = TO_UNIT[action]
        _send(actor, round_, kind, message, recipients.own_office(round_.unit))


def announced(actor, rounds: list[Round]) -> None:
    """Tell each unit's own office of the round announced for it (once per round)."""
    for round_ in rounds:
        people = recipients.own_office(round_.unit)
        _send(actor, round_, Kind.ROUND_ANNOUNCED, ANNOUNCED, people, key=f"round-announced:{round_.pk}")


OPEN = (Round.State.NOT_STARTED, Round.State.IN_PROGRESS, Round.State.RETURNED)
DUE_DAYS = 3


def unsent(first: datetime.date, last: datetime.date):
    """Rounds never submitted whose deadline falls between `first` and `last`."""
    rows = Round.objects.filter(deadline__gte=first, deadline__lte=last, state__in=OPEN)
    return rows.filter(first_submitted_at__isnull=True).select_related("unit", "kind")


def remind(actor, today: datetime.date | None = None) -> int:
    """Tell the office of every unit whose round is due within three days, and of every unit whose
    round is overdue, each once per round and person; the number of notices sent."""
    today = today or timezone.localdate()
    soon = unsent(today, today + datetime.timedelta(days=DUE_DAYS))
    late = unsent(datetime.date.min, today - datetime.timedelta(days=1))
    sent = 0
    for rounds, kind, message, name in (
        (soon, Kind.ROUND_DUE_SOON, DUE_SOON, "due"),
        (late, Kind.ROUND_OVERDUE, OVERDUE, "overdue"),
    ):
        for round_ in rounds:
            people = recipients.own_office(round_.unit)
            sent += len(_send(actor, round_, kind, message, people, key=f"round-{name}:{round_.pk}"))
    return sent
