"""Demo reporting round: the quarterly report of quý III năm 2026 for Lai Châu's post-reform
communes, with a mix of states (invented for the demo, "mẫu": no seed records real submissions).

The province announces the round; of its communes in code order (Bản Bo left "not started", so a
visitor can walk it through the steps), the first APPROVED are submitted on time and approved, the
next ON_TIME submitted on time, LATE submitted after the deadline (15/10/2026), RETURNED submitted
on time and returned with a comment, IN_PROGRESS begun; the rest have not started. Approved rounds
lock their communes' 2026 data like any approval (docs/rounds.md), so the approved ones are taken
from the end of the code order, away from the communes the walkthroughs edit.

Only a few rounds are submitted, each rendering its progress report once: the demo stays fast.
"""

import datetime

from django.utils import timezone

from ntm.rounds import services
from ntm.rounds.models import ReportKind, Round
from ntm.units.models import AdminUnit, Level

from .laichau import LaiChau

KIND, PERIOD = "quy", "2026Q3"
BAN_BO = "03424"
APPROVED, ON_TIME, LATE, RETURNED, IN_PROGRESS = 3, 3, 2, 1, 3
SENT_ON_TIME = datetime.datetime(2026, 10, 12, 9, 0)
SENT_LATE = datetime.datetime(2026, 10, 27, 15, 30)
COMMENT = "Dữ liệu mẫu: đề nghị bổ sung số liệu tiêu chí 7 và nguồn vốn lồng ghép của quý."


def plan(codes: list[str]) -> dict[str, str]:
    """Commune code -> the state its demo round ends in ("" : not started, no round step)."""
    others = [c for c in sorted(codes) if c != BAN_BO]
    approved = others[-APPROVED:]
    rest = others[: len(others) - APPROVED]
    out: dict[str, str] = {code: Round.State.APPROVED for code in approved}
    steps = [
        ("on_time", ON_TIME),
        ("late", LATE),
        (Round.State.RETURNED, RETURNED),
        (Round.State.IN_PROGRESS, IN_PROGRESS),
    ]
    for state, count in steps:
        for code in rest[:count]:
            out[code] = state
        rest = rest[count:]
    return out


def load_rounds(actor: str) -> None:
    lc = LaiChau.load()
    province = AdminUnit.objects.get(level=Level.PROVINCE, code="12", valid_from__isnull=False)
    kind = ReportKind.objects.get(code=KIND)
    if Round.objects.filter(kind=kind, period=PERIOD, unit=province).exists():
        return  # loaded already: the steps are not repeated
    services.announce(actor=actor, parent=province, kind=kind, period_code=PERIOD, is_demo=True)
    rounds = {
        r.unit.code: r
        for r in Round.objects.filter(
            kind=kind, period=PERIOD, unit__in=lc.new_communes.values()
        ).select_related("unit", "unit__parent", "kind")
    }
    tz = timezone.get_current_timezone()
    for code, state in plan(list(rounds)).items():
        round_ = rounds[code]
        if state == Round.State.IN_PROGRESS:
            services.start(actor=actor, round_=round_)
            continue
        sent = SENT_LATE if state == "late" else SENT_ON_TIME
        round_ = services.submit(actor=actor, round_=round_, now=timezone.make_aware(sent, tz))
        if state == Round.State.RETURNED:
            services.return_round(actor=actor, round_=round_, comment=COMMENT)
        elif state == Round.State.APPROVED:
            services.approve(actor=actor, rounds=[round_])
