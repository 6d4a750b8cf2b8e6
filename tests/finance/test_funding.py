"""Funding tables: the demo plan's 144,771 million VND by source (seed 002, section III), Lai Châu's
2011–2020 capital (seed 001); sources that do not add up are refused with a clear message."""

import datetime
import re
from decimal import Decimal
from html import unescape

import pytest

from ntm.audit.models import AuditRecord
from ntm.finance import services
from ntm.finance.models import Budget, BudgetLine
from ntm.finance.selectors import funding_table
from ntm.units.models import AdminUnit, Level

pytestmark = pytest.mark.django_db

SEED_002 = {
    "central": Decimal(28113),
    "central_investment": Decimal(23198),
    "central_recurrent": Decimal(4915),
    "local": Decimal(11873),
    "integrated": Decimal(104785),
    "integrated_poverty": Decimal(14979),
    "integrated_ethnic": Decimal(89806),
    "community": Decimal(0),
}


@pytest.fixture
def budget(plan):
    return plan.budgets.get()


def _amounts(html: str) -> dict[str, str]:
    table = html[html.index('data-testid="funding-table"') :]
    table = table[: table.index("</section>")]
    rows = re.findall(r'<tr[^>]*data-source="(\w+)"[^>]*>.*?data-col="amount">([^<]*)</td>', table, re.S)
    return {source: unescape(amount).strip() for source, amount in rows}


def test_plan_funding_table_matches_seed_002(budget):
    table = funding_table(budget)
    assert table.total == table.declared_total == Decimal(144771)
    assert table.adds_up and table.errors == []
    assert {row.code: row.amount for row in table.rows} == SEED_002
    assert [(row.code, row.depth) for row in table.rows] == [
        ("central", 0),
        ("central_investment", 1),
        ("central_recurrent", 1),
        ("local", 0),
        ("integrated", 0),
        ("integrated_poverty", 1),
        ("integrated_ethnic", 1),
        ("community", 0),
    ]
    investment = next(row for row in table.rows if row.code == "central_investment")
    assert (investment.works_carried_over, investment.works_amount, investment.works_recorded) == (
        13,
        Decimal(23198),
        13,
    )
    ethnic = next(row for row in table.rows if row.code == "integrated_ethnic")
    assert (ethnic.works_carried_over, ethnic.works_new, ethnic.works_amount) == (14, 7, Decimal(51285))


def test_plan_page_prints_the_funding_table_with_vietnamese_grouping(login, plan):
    client = login("xem.laichau")
    page = client.get(f"/plans/{plan.pk}/").text
    panel_url = unescape(re.search(r'hx-get="([^"]+)"[^>]*data-testid="plan-finance"', page)[1])
    assert _amounts(client.get(panel_url).text) == {
        "central": "28.113",
        "central_investment": "23.198",
        "central_recurrent": "4.915",
        "local": "11.873",
        "integrated": "104.785",
        "integrated_poverty": "14.979",
        "integrated_ethnic": "89.806",
        "community": "0",
        "total": "144.771",
    }
    assert 'data-testid="funding-error"' not in page


def _table_post(budget, **changes):
    data = {"total": "144771"}
    for line in budget.lines.all():
        data[f"amount_{line.source}"] = str(line.amount)
    data.update(changes)
    return data


def test_sources_that_do_not_add_up_are_refused_with_a_clear_message(login, budget):
    response = login("huyen.tamduong").post(
        f"/finance/budgets/{budget.pk}/table/", _table_post(budget, amount_local="11872")
    )
    assert response.status_code == 400
    assert (
        "Tổng các nguồn vốn (144.770 triệu đồng) không khớp tổng vốn đã khai báo (144.771 triệu đồng): "
        "chênh lệch -1 triệu đồng." in unescape(response.text)
    )
    assert BudgetLine.objects.get(budget=budget, source="local").amount == Decimal(11873)
    assert not AuditRecord.objects.filter(action="budget.table", object_id=str(budget.pk)).exists()


def test_a_group_entered_whole_and_by_parts_is_refused(budget):
    lines = {line.source: line.amount for line in budget.lines.all()}
    lines["central_investment"] = Decimal(20000)
    lines["central"] = Decimal(3198)
    with pytest.raises(services.FundingInvalid, match="chỉ ghi một trong hai để không tính trùng"):
        services.set_budget_table(actor="tests", budget=budget, total=Decimal(144771), lines=lines)


def test_a_balanced_change_is_saved_and_audited_with_old_and_new(login, budget):
    response = login("huyen.tamduong").post(
        f"/finance/budgets/{budget.pk}/table/",
        _table_post(budget, total="145771", amount_community="1000", reason="Nhân dân đóng góp"),
    )
    assert response.status_code == 302
    record = AuditRecord.objects.get(action="budget.table", object_id=str(budget.pk))
    assert record.old["total"] == "144771.000" and record.new["total"] == "145771.000"
    assert record.new["lines"]["community"]["amount"] == "1000.000"
    assert funding_table(Budget.objects.get(pk=budget.pk)).adds_up


def test_a_stored_table_that_does_not_add_up_shows_the_error(login, budget):
    Budget.objects.filter(pk=budget.pk).update(total=Decimal(150000))  # e.g. a legacy import
    page = login("huyen.tamduong").get(f"/finance/budgets/{budget.pk}/").text
    error = page[page.index('data-testid="funding-error"') :]
    assert "chênh lệch -5.229 triệu đồng" in unescape(error[: error.index("</div>")])


def test_create_budget_refuses_a_mismatch(tam_duong):
    with pytest.raises(services.FundingInvalid) as refused:
        services.create_budget(
            actor="tests",
            unit=tam_duong,
            title="Vốn 2025",
            year_from=2025,
            year_to=2025,
            total=Decimal(100),
            lines={"local": Decimal(60), "community": Decimal(30)},
        )
    assert refused.value.errors == [
        "Tổng các nguồn vốn (90 triệu đồng) không khớp tổng vốn đã khai báo (100 triệu đồng): "
        "chênh lệch -10 triệu đồng."
    ]
    assert not Budget.objects.filter(title="Vốn 2025").exists()


def test_allocation_disbursement_and_rate(login, budget):
    ban_bo = AdminUnit.objects.get(code="03424", level=Level.COMMUNE, valid_from__isnull=True)
    line = budget.lines.get(source="central_investment")
    client = login("huyen.tamduong")
    response = client.post(
        f"/finance/budgets/{budget.pk}/allocate/",
        {"a-line": line.pk, "a-unit": ban_bo.pk, "a-amount": "4000"},
    )
    assert response.status_code == 302
    response = client.post(
        f"/finance/budgets/{budget.pk}/disburse/",
        {"d-line": line.pk, "d-unit": ban_bo.pk, "d-amount": "1000", "d-date": "2024-06-30"},
    )
    assert response.status_code == 302
    over = client.post(
        f"/finance/budgets/{budget.pk}/disburse/",
        {"d-line": line.pk, "d-unit": ban_bo.pk, "d-amount": "3500", "d-date": "2024-09-30"},
    )
    assert over.status_code == 400
    assert "vượt số vốn đã phân bổ (4.000 triệu đồng)" in unescape(over.text)
    table = funding_table(budget)
    row = next(r for r in table.rows if r.code == "central_investment")
    assert (row.allocated, row.disbursed, row.disbursement_rate) == (
        Decimal(4000),
        Decimal(1000),
        Decimal("4.3"),
    )
    actions = AuditRecord.objects.filter(object_label__contains=budget.title).values_list("action", flat=True)
    assert {"budget.allocate", "budget.disburse"} <= set(actions)
    with pytest.raises(services.FundingInvalid, match="vượt số vốn của nguồn"):
        services.allocate(actor="tests", line=line, unit=ban_bo, amount=Decimal(30000))


def test_lai_chau_capital_2011_2020_from_seed_001(login):
    province = AdminUnit.objects.get(code="12", level=Level.PROVINCE, valid_from__isnull=True)
    budget = Budget.objects.get(unit=province, kind="mobilised")
    table = funding_table(budget)
    assert table.total == table.declared_total == Decimal(28991124)
    assert {row.code: row.amount for row in table.rows} == {
        "central": Decimal(1364845),
        "local_investment": Decimal(180931),
        "enterprise": Decimal(15850),
        "community": Decimal(208224),
        "unspecified": Decimal(27221274),
    }
    page = login("tinh.laichau").get(f"/finance/budgets/{budget.pk}/").text
    assert "28.991.124" in page and "27.221.274" in page


def test_permissions_on_funding(login, budget):
    for username in ("xem.laichau", "xa.banbo"):
        client = login(username)
        assert client.get(f"/finance/budgets/{budget.pk}/").status_code == 200
        assert client.get(f"/finance/budgets/{budget.pk}/table/").status_code == 403
        assert client.post(f"/finance/budgets/{budget.pk}/table/", _table_post(budget)).status_code == 403
    hanoi = AdminUnit.objects.get(code="001", level=Level.DISTRICT, valid_from__isnull=True)
    other = services.create_budget(
        actor="tests",
        unit=hanoi,
        title="Vốn Ba Đình",
        year_from=2024,
        year_to=2024,
        total=Decimal(1),
        lines={"local": Decimal(1)},
    )
    assert login("huyen.tamduong").get(f"/finance/budgets/{other.pk}/").status_code == 403


def test_disbursement_date_is_kept(budget):
    line = budget.lines.get(source="local")
    row = services.record_disbursement(
        actor="tests", line=line, unit=budget.unit, date=datetime.date(2024, 3, 1), amount=Decimal(500)
    )
    assert row.date == datetime.date(2024, 3, 1)
    assert funding_table(budget).disbursed == Decimal(500)
