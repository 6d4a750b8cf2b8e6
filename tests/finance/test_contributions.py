"""Community contributions: seed 001's figures for Lai Châu, totals by contributor, unit and year,
cash per household where a household count is given."""

import datetime
from decimal import Decimal

import pytest

from ntm.audit.models import AuditRecord
from ntm.demo import finance_lai_chau, plan_tam_duong_2024
from ntm.finance import contributions, services
from ntm.finance.models import Contribution
from ntm.finance.selectors import contribution_summary
from ntm.units.models import Level

pytestmark = pytest.mark.django_db


@pytest.fixture
def lai_chau(unit):
    return unit("12", Level.PROVINCE)


def test_seed_001_contributions(login, lai_chau):
    summary = contribution_summary("tests", lai_chau)
    assert (
        summary.total.cash,
        summary.total.land_m2,
        summary.total.labour_days,
        summary.total.materials_value,
    ) == (
        Decimal(502108),
        Decimal(2142589),
        Decimal(991588),
        Decimal(61923),
    )
    assert summary.total.per_household is None
    page = login("xem.laichau").get("/finance/contributions/", {"unit": lai_chau.pk}).text
    block = page[page.index('data-testid="contribution-summary"') :]
    for figure in ("502.108", "2.142.589", "991.588", "61.923"):
        assert figure in block


def test_per_household_cash_and_breakdowns(lai_chau, unit):
    ban_bo = unit("03424")
    contributions.record_contribution(
        actor="tests",
        unit=ban_bo,
        period_start=datetime.date(2024, 1, 1),
        period_end=datetime.date(2024, 12, 31),
        contributor=Contribution.Contributor.HOUSEHOLDS,
        cash=Decimal(250),
        labour_days=Decimal(1000),
        households=100,
    )
    summary = contribution_summary("tests", lai_chau, start=datetime.date(2024, 1, 1))
    assert summary.total.cash == Decimal(250)
    assert summary.total.per_household == Decimal("2.500")
    assert [(t.label, t.cash) for t in summary.by_contributor] == [("Hộ gia đình, người dân", Decimal(250))]
    assert [t.label for t in summary.by_unit] == ["Xã Bản Bo"]
    assert [t.key for t in contribution_summary("tests", lai_chau).by_year] == ["2019", "2024"]


def test_contribution_through_the_page_is_audited_and_checked(login, lai_chau):
    client = login("tinh.laichau")
    response = client.post(
        f"/finance/contributions/new/?unit={lai_chau.pk}",
        {
            "unit": lai_chau.pk,
            "period_start": "2024-01-01",
            "period_end": "2024-06-30",
            "contributor": "enterprises",
            "land_m2": "1500",
        },
    )
    assert response.status_code == 302
    row = Contribution.objects.get(land_m2=Decimal(1500))
    assert AuditRecord.objects.filter(action="contribution.create", object_id=str(row.pk)).exists()
    empty = client.post(
        f"/finance/contributions/new/?unit={lai_chau.pk}",
        {
            "unit": lai_chau.pk,
            "period_start": "2024-01-01",
            "period_end": "2024-06-30",
            "contributor": "mixed",
        },
    )
    assert "Cần ghi ít nhất một khoản đóng góp" in empty.text
    assert login("xem.laichau").get(f"/finance/contributions/new/?unit={lai_chau.pk}").status_code == 403


def test_demo_loaders_are_idempotent(plan):
    records = AuditRecord.objects.count()
    assert plan_tam_duong_2024.load("ntm demo load") is None
    assert finance_lai_chau.load("ntm demo load") == 0
    assert AuditRecord.objects.count() == records


def test_refused_contribution_writes_nothing(lai_chau):
    with pytest.raises(services.FundingInvalid, match="Ngày kết thúc phải sau ngày bắt đầu"):
        contributions.record_contribution(
            actor="tests",
            unit=lai_chau,
            period_start=datetime.date(2024, 6, 1),
            period_end=datetime.date(2024, 1, 1),
            contributor="mixed",
            cash=Decimal(1),
        )
    assert not Contribution.objects.filter(period_start=datetime.date(2024, 6, 1)).exists()
