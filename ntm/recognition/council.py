"""The appraisal council's vote on a dossier: each member's vote, the result by the step's rule
(`{"kind": "vote", "over_pct": 50}`: more than half of the members voting agree — the usual rule of
a council, not read in QĐ 18/2022, so the step ships unverified) and the minutes (the step's required
document). The dossier cannot leave the council step without a passing vote (`shortfall`)."""

import datetime

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ntm.accounts.actors import person

from .models import CouncilVote, Dossier

MEMBERS_MAX = 60
VOTE_WORDS = {  # how a member's vote is written in the minutes' list, folded to lower case
    "tán thành": CouncilVote.Vote.FOR,
    "đồng ý": CouncilVote.Vote.FOR,
    "không tán thành": CouncilVote.Vote.AGAINST,
    "không đồng ý": CouncilVote.Vote.AGAINST,
    "không biểu quyết": CouncilVote.Vote.ABSTAIN,
    "vắng": CouncilVote.Vote.ABSTAIN,
}


def parse_members(text: str) -> list[dict]:
    """One member a line, "Họ và tên: tán thành | không tán thành | không biểu quyết"."""
    from .dossiers import DossierRefused

    members = []
    for n, line in enumerate((text or "").splitlines(), 1):
        if not line.strip():
            continue
        name, sep, word = line.rpartition(":")
        vote = VOTE_WORDS.get(" ".join(word.split()).lower())
        if not sep or not name.strip() or vote is None:
            raise DossierRefused(
                _("Dòng %(n)s: ghi “Họ và tên: tán thành”, “không tán thành” hoặc “không biểu quyết”.")
                % {"n": n}
            )
        members.append({"name": " ".join(name.split())[:200], "vote": str(vote)})
    if not members:
        raise DossierRefused(_("Hãy ghi biểu quyết của từng thành viên Hội đồng."))
    if len(members) > MEMBERS_MAX:
        raise DossierRefused(_("Hội đồng có nhiều nhất %(n)s thành viên.") % {"n": MEMBERS_MAX})
    return members


def passes(votes_for: int, votes_against: int, rule: dict) -> bool:
    voting = votes_for + votes_against
    return voting > 0 and votes_for * 100 > int(rule.get("over_pct", 50)) * voting


def latest(dossier: Dossier) -> CouncilVote | None:
    return dossier.council_votes.order_by("-at", "-id").first()


def may_vote(actor, dossier: Dossier) -> bool:
    from .dossiers import may_act

    step = dossier.step
    return step is not None and step.rule.get("kind") == "vote" and may_act(actor, dossier)


@transaction.atomic
def record_vote(*, actor, dossier: Dossier, met_on: datetime.date, members: list[dict]) -> CouncilVote:
    """Record the council's vote (a new row; the latest counts), with its result by the step's rule."""
    from .dossiers import DossierRefused, log_event

    if not may_vote(actor, dossier):
        raise PermissionDenied(_("Bạn không ghi biểu quyết của Hội đồng cho hồ sơ này."))
    if met_on > timezone.localdate():
        raise DossierRefused(_("Ngày họp không thể ở tương lai."))
    count = {v: sum(1 for m in members if m["vote"] == v) for v in CouncilVote.Vote.values}
    votes_for, votes_against = count[CouncilVote.Vote.FOR], count[CouncilVote.Vote.AGAINST]
    passed = passes(votes_for, votes_against, dossier.step.rule if dossier.step else {})
    previous = latest(dossier)
    vote = CouncilVote.objects.create(
        dossier=dossier,
        met_on=met_on,
        members=members,
        votes_for=votes_for,
        votes_against=votes_against,
        abstained=count[CouncilVote.Vote.ABSTAIN],
        passed=passed,
        user=person(actor),
    )
    log_event(
        actor,
        dossier,
        "vote",
        data={"met_on": met_on.isoformat(), "members": members, "for": votes_for, "passed": passed},
        old={"for": previous.votes_for, "passed": previous.passed} if previous else None,
    )
    return vote


def shortfall(dossier: Dossier, rule: dict) -> list[str]:
    vote = latest(dossier)
    if vote is None:
        return [_("chưa ghi biểu quyết của Hội đồng thẩm định")]
    if not vote.passed:
        return [
            _("Hội đồng chưa thông qua (%(yes)s/%(voting)s thành viên tán thành, cần trên %(need)s%%)")
            % {
                "yes": vote.votes_for,
                "voting": vote.votes_for + vote.votes_against,
                "need": rule.get("over_pct", 50),
            }
        ]
    return []
