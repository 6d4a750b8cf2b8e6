"""Lạng Sơn city from seed 003, read back through the selectors the pages use."""

import datetime

import pytest

from ntm.accounts.models import User
from ntm.finance.selectors import budgets_for, contribution_summary, funding_table
from ntm.indicators.rollups import units_counted
from ntm.indicators.selectors import status_history
from ntm.planning.models import Plan
from ntm.planning.progress import plan_progress, target_progress
from ntm.planning.selectors import activity_summary
from ntm.recognition.selectors import recognised_units
from ntm.units.models import AdminUnit, Kind

pytestmark = pytest.mark.django_db
ADVANCED = "xa-ntm-nang-cao-2021"


@pytest.fixture
def plan():
    return Plan.objects.select_related("unit").get(is_demo=True, year=2022, unit__name__contains="Lạng Sơn")


@pytest.fixture
def quang_lac(plan):
    return AdminUnit.objects.get(parent=plan.unit, kind=Kind.COMMUNE, short_name="Quảng Lạc")


def test_quang_lac_from_13_to_19_advanced_criteria(plan, quang_lac):
    first = [status_history(quang_lac, ADVANCED, 2022, str(n))[-1] for n in range(1, 20)]
    assert sum(s.met for s in first) == 13
    row = next(r for r in plan_progress(plan) if r.target.kind == "unit_criteria")
    assert (row.actual, row.denominator, row.status) == (19, 19, "achieved")


def test_two_then_three_advanced_communes(plan):
    target = plan.targets.get(kind="units_at_standard")
    assert target_progress(target, datetime.date(2022, 9, 30)).actual == 2
    assert target_progress(target, datetime.date(2022, 12, 31)).actual == 3


def test_nineteen_model_residential_areas(plan):
    set_code = "thon-ntm-lang-son-kieu-mau-2018"
    areas = units_counted(plan.unit, set_code, 2022)
    assert len(recognised_units(areas, [set_code], datetime.date(2022, 12, 31))) == 19


def test_money_contributions_and_outreach(plan, quang_lac):
    admin = User.objects.get(username="quantri")
    people = contribution_summary(admin, quang_lac).total
    assert (people.cash, people.labour_days) == (132, 1000)
    outreach = activity_summary(admin, quang_lac)
    assert (outreach.sessions, outreach.participants) == (26, 1750)
    hoang_dong = AdminUnit.objects.get(parent=plan.unit, kind=Kind.COMMUNE, short_name="Hoàng Đồng")
    per_household = contribution_summary(admin, hoang_dong).total.per_household
    assert per_household == 2.5
    totals = sorted(funding_table(b).total for b in budgets_for(admin, unit=plan.unit) if b.year_from == 2018)
    assert totals == [140500, 195000]
