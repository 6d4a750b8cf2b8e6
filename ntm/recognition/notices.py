"""What a move of a recognition dossier tells whom (ntm/notices): the office whose step the dossier
now waits for (the unit's own office, the district office above it, or the province office), the
unit's office when the dossier is returned for correction, and when the decision is issued."""

from django.urls import reverse
from django.utils.translation import gettext_noop

from ntm.indicators.engine import catalog
from ntm.notices import recipients
from ntm.notices.models import Notice
from ntm.notices.services import notify

from .models import Dossier, ProcedureStep

Actor = ProcedureStep.Actor
Kind = Notice.Kind

WAITING = gettext_noop(
    "Hồ sơ công nhận năm %(year)s của %(unit)s (theo %(standard)s) đang chờ bước “%(step)s” của anh/chị."
)
RETURNED = gettext_noop(
    "Hồ sơ công nhận năm %(year)s của %(unit)s (theo %(standard)s) bị trả lại để hoàn thiện: %(comment)s"
)
DECIDED = gettext_noop(
    "Hồ sơ công nhận năm %(year)s của %(unit)s (theo %(standard)s) "
    "đã có quyết định số %(number)s ngày %(date)s."
)


def _office_for(step: ProcedureStep, unit) -> list:
    """Who works a step the procedure gives to `step.actor`, for the dossier's unit."""
    if step.actor in (Actor.COMMUNE, Actor.FRONT):
        return recipients.own_office(unit)
    if step.actor == Actor.DISTRICT and unit.parent is not None:
        return recipients.office_above(unit.parent)
    return recipients.province_office(unit)


def _send(actor, dossier: Dossier, kind: str, message: str, people, **params) -> None:
    cset = catalog().sets.get(dossier.set_code)
    params |= {"standard": cset.name_vi if cset else "", "year": dossier.year, "unit": dossier.unit.name}
    link = reverse("dossier_detail", args=[dossier.pk])
    notify(people, kind, message, params, actor=actor, link=link, unit=dossier.unit)


def moved(actor, dossier: Dossier, done: ProcedureStep | None = None, comment: str = "") -> None:
    """After a step: the decision issued, the dossier returned (`comment`), or waiting for the
    next step's actor when it changes hands (`done`: the step just completed)."""
    if dossier.status == Dossier.Status.DECIDED and dossier.decision is not None:
        decision = dossier.decision
        date = decision.date.strftime("%d/%m/%Y")
        people = recipients.own_office(dossier.unit)
        _send(actor, dossier, Kind.DOSSIER_DECIDED, DECIDED, people, number=decision.number, date=date)
    elif dossier.status == Dossier.Status.RETURNED:
        people = recipients.own_office(dossier.unit)
        _send(actor, dossier, Kind.DOSSIER_RETURNED, RETURNED, people, comment=comment)
    elif dossier.step is not None and (done is None or done.actor != dossier.step.actor):
        people = _office_for(dossier.step, dossier.unit)
        _send(actor, dossier, Kind.DOSSIER_WAITING, WAITING, people, step=dossier.step.name)
