"""Approval locks the data a report rests on: `refuse_locked` is the write guard that
`ntm.indicators.versions` calls before every append of values or statuses, and `refuse_finance`
the one `ntm.finance.locks` calls before money paid, works and contributions are written (both
registered in `apps.py`). A write touching a unit and year with an approved round is refused as a
whole, naming the round and who approved it, until the approver reopens the round
(`services.reopen`)."""

from django.utils import formats

from ntm.finance.services import FundingInvalid
from ntm.indicators.versions import InvalidInput

from .models import Round


class RoundLocked(InvalidInput):
    """The data belongs to an approved report."""


def locking_rounds(pairs: set[tuple[int, int]]) -> dict[tuple[int, int], Round]:
    """(unit id, year) -> an approved round of that unit and year, for the pairs that have one."""
    if not pairs:
        return {}
    years = {year for _unit, year in pairs}
    approved = Round.objects.filter(state=Round.State.APPROVED, year__in=years)
    # few rounds are approved per year: read them, then match (a large import names many units)
    hits = {
        pk for pk, unit_id, year in approved.values_list("pk", "unit_id", "year") if (unit_id, year) in pairs
    }
    if not hits:
        return {}
    rounds = Round.objects.filter(pk__in=hits).select_related("unit", "kind").order_by("reviewed_at")
    return {(r.unit_id, r.year): r for r in rounds}


def message(round_: Round) -> str:
    when = formats.date_format(round_.reviewed_at, "d/m/Y") if round_.reviewed_at else ""
    return (
        f"Số liệu năm {round_.year} của {round_.unit.name} đã được duyệt trong báo cáo “{round_.kind.name}” "
        f"kỳ {round_.period} ({round_.reviewer}, {when}); cần người duyệt mở lại đợt báo cáo "
        "(có ghi lý do) trước khi sửa."
    )


def refuse_locked(kind, planned) -> None:
    locked = locking_rounds({(p.unit_id, p.year) for p in planned})
    if locked:
        errors = {}
        for p in planned:
            if (round_ := locked.get((p.unit_id, p.year))) is not None:
                errors[p.code] = message(round_)
        raise RoundLocked(errors)


def refuse_finance(unit, years: set[int]) -> None:
    locked = locking_rounds({(unit.pk, year) for year in years})
    if locked:
        raise FundingInvalid([message(round_) for _key, round_ in sorted(locked.items())])
