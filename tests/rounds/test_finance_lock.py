"""Approval locks money paid, works and contributions of the unit and year too (issue 18 item 3):
each write is refused naming the round until the approver reopens it; another year is free."""

import datetime
from decimal import Decimal

import pytest

from ntm.finance import contributions, services, works
from ntm.finance.models import Contribution, Work
from ntm.finance.services import FundingInvalid
from ntm.rounds import services as rounds
from ntm.rounds.models import ReportKind
from ntm.units.models import AdminUnit, Level

pytestmark = pytest.mark.django_db

JUNE = datetime.date(2026, 6, 1)


@pytest.fixture
def approved(new_ban_bo):
    kind = ReportKind.objects.get(code="quy")
    round_ = rounds.round_for(new_ban_bo, kind, "2026Q2")
    rounds.submit(actor="tests", round_=round_)
    [round_] = rounds.approve(actor="tests", rounds=[round_])
    return round_


def _contribution(unit, day):
    return contributions.record_contribution(
        actor="tests",
        unit=unit,
        period_start=day,
        period_end=day,
        contributor=Contribution.Contributor.HOUSEHOLDS,
        cash=Decimal(10),
    )


def _work(unit, day):
    return works.create_work(
        actor="tests",
        unit=unit,
        name="Đường thôn kiểm thử",
        location=unit,
        status="new_start",
        started_on=day,
    )


def test_money_works_and_contributions_of_an_approved_year_are_locked_until_reopened(new_ban_bo, approved):
    province = AdminUnit.objects.get(level=Level.PROVINCE, code="12", valid_from__isnull=False)
    budget = services.create_budget(
        actor="tests",
        unit=province,
        title="Vốn kiểm thử 2026",
        year_from=2026,
        year_to=2027,
        total=Decimal(1000),
        lines={"local": Decimal(1000)},
    )
    line = budget.lines.get(source="local")
    pay = {"actor": "tests", "line": line, "unit": new_ban_bo, "amount": Decimal(5)}

    with pytest.raises(FundingInvalid, match="cần người duyệt mở lại"):
        services.record_disbursement(date=JUNE, **pay)
    with pytest.raises(FundingInvalid, match="đã được duyệt"):
        _contribution(new_ban_bo, JUNE)
    with pytest.raises(FundingInvalid, match="đã được duyệt"):
        _work(new_ban_bo, JUNE)
    assert not Work.objects.filter(name="Đường thôn kiểm thử").exists()

    next_year = datetime.date(2027, 2, 1)  # another year is not locked
    services.record_disbursement(date=next_year, **pay)
    _contribution(new_ban_bo, next_year)
    work = _work(new_ban_bo, next_year)
    with pytest.raises(FundingInvalid):  # moving the work into the locked year is a change of it
        works.update_work(actor="tests", work=work, changes={"started_on": JUNE})

    rounds.reopen(actor="tests", round_=approved, reason="Bổ sung giải ngân tháng 6")
    services.record_disbursement(date=JUNE, **pay)
    _contribution(new_ban_bo, JUNE)
    assert works.update_work(actor="tests", work=work, changes={"started_on": JUNE})
