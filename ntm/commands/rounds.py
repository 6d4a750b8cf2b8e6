"""`ntm rounds`: reporting rounds from the terminal (ntm.rounds, docs/rounds.md).

    ntm rounds list --unit CODE [--kind quy] [--period 2026Q3]
    ntm rounds submit --unit CODE --period 2026Q3 [--kind quy] [--user NAME]
    ntm rounds return --unit CODE --period 2026Q3 --comment TEXT [--user NAME]
    ntm rounds approve --unit CODE [--unit CODE …] --period 2026Q3 [--user NAME]
    ntm rounds reopen --unit CODE --period 2026Q3 --reason TEXT [--user NAME]
    ntm rounds remind

`remind` tells the office of every unit whose round is due within three days or past its deadline
and not submitted, each once per round (the notification inbox and e-mail, ntm/notices); run it
daily from cron (docs/deploy.md).

A unit CODE is the unit's code in force in the period's year (or `#id`). With `--user` a step is
taken as that user, with their permissions; without, as the operator ("ntm rounds", unrestricted).
Every step is audited as on the pages.
"""

import sys

from . import setup_django
from .report import find_unit

ACTOR = "ntm rounds"


def register(subparsers) -> None:
    parser = subparsers.add_parser("rounds", help="reporting rounds: list, submit, return, approve, reopen")
    sub = parser.add_subparsers(dest="rounds", metavar="STEP", required=True)

    listing = sub.add_parser("list", help="the rounds of a unit and the units under it")
    listing.add_argument("--unit", required=True, help="unit code, e.g. 12 (a province) or 03424 (a commune)")
    listing.add_argument(
        "--kind", default="quy", help="report kind code (quy, thang, 6-thang, nam, dot-xuat)"
    )
    listing.add_argument("--period", help="2026Q3, 2026, 2026-09, 2026H1 (default: every period)")
    listing.set_defaults(func=list_command)

    for step, text in (
        ("submit", "send a unit's report up (frozen)"),
        ("return", "return a submitted report with a comment"),
        ("approve", "approve submitted reports (locks their data)"),
        ("reopen", "reopen an approved round with a reason"),
    ):
        command = sub.add_parser(step, help=text)
        command.add_argument("--unit", required=True, action="append", help="repeat to approve many")
        command.add_argument("--kind", default="quy", help="report kind code (default: quy)")
        command.add_argument("--period", required=True, help="2026Q3, 2026, 2026-09, 2026H1")
        command.add_argument("--user", help="take the step as this user, with their permissions")
        if step == "return":
            command.add_argument("--comment", required=True, help="what the unit must correct")
        if step == "reopen":
            command.add_argument("--reason", required=True, help="why the approved figures may change")
        command.set_defaults(func=step_command, step=step)

    remind = sub.add_parser(
        "remind",
        help="notify the offices of units whose round is due in 3 days or overdue (once each; run daily)",
    )
    remind.set_defaults(func=remind_command)


def _fail(message: str) -> int:
    print(message, file=sys.stderr)
    return 2


def list_command(args) -> int:
    setup_django()
    from ntm.rounds.models import Round

    unit = find_unit(args.unit, int(args.period[:4]) if args.period and args.period[:4].isdigit() else 2026)
    if unit is None:
        return _fail(f"Không có đơn vị mã “{args.unit}”.")
    rounds = Round.objects.filter(unit__path__startswith=unit.path, kind__code=args.kind)
    if args.period:
        rounds = rounds.filter(period=args.period.upper())
    for r in rounds.select_related("unit").order_by("period", "unit__path"):
        sent = r.first_submitted_at.date().isoformat() if r.first_submitted_at else "-"
        print(f"{r.period}\t{r.unit.code}\t{r.unit.name}\t{r.get_state_display()}\t{sent}\t{r.deadline}")
    return 0


def step_command(args) -> int:
    setup_django()
    from django.core.exceptions import PermissionDenied

    from ntm.accounts.models import User
    from ntm.core.periods import PeriodInvalid
    from ntm.rounds import services
    from ntm.rounds.models import ReportKind

    actor: object = ACTOR
    if args.user:
        actor = User.objects.filter(username=args.user).first()
        if actor is None:
            return _fail(f"Không có người dùng “{args.user}”.")
    kind = ReportKind.objects.filter(code=args.kind).first()
    if kind is None:
        return _fail(f"Không có loại báo cáo “{args.kind}”.")
    if not args.period[:4].isdigit():
        return _fail(f"Kỳ báo cáo không hợp lệ: {args.period}")
    try:
        rounds = []
        for code in args.unit:
            unit = find_unit(code, int(args.period[:4]))
            if unit is None:
                return _fail(f"Không có đơn vị mã “{code}”.")
            rounds.append(services.round_for(unit, kind, args.period))
        if args.step == "submit":
            done = [services.submit(actor=actor, round_=r) for r in rounds]
        elif args.step == "return":
            done = [services.return_round(actor=actor, round_=r, comment=args.comment) for r in rounds]
        elif args.step == "approve":
            done = services.approve(actor=actor, rounds=rounds)
        else:
            done = [services.reopen(actor=actor, round_=r, reason=args.reason) for r in rounds]
    except (PeriodInvalid, services.RoundError, PermissionDenied) as exc:
        return _fail(str(exc) or "Không có quyền thực hiện bước này.")
    for r in done:
        print(
            f"{r.unit.name} {r.period}: {r.get_state_display()}{f' (sha256 {r.sha256})' if r.sha256 else ''}"
        )
    return 0


def remind_command(args) -> int:
    setup_django()
    from ntm.rounds import notices

    sent = notices.remind(ACTOR)
    print(f"Đã gửi {sent} thông báo sắp đến hạn, quá hạn.")
    return 0
