"""Reads of funding tables, works and contributions, shaped for pages and for report builders
(DOCX/XLSX/PDF): plain dataclasses of Decimals, labels in Vietnamese, no formatting."""

import datetime
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Q, Sum

from ntm.accounts.scope import visible
from ntm.core.collation import sort_key
from ntm.units.models import AdminUnit, Level

from .models import Budget, BudgetLine, Contribution, Work
from .services import check_table
from .sources import GROUPS, Source

ZERO = Decimal(0)


def rate(part, whole) -> Decimal | None:
    """part / whole in percent, one decimal; None when the whole is zero or missing."""
    if not whole or part is None:
        return None
    return (Decimal(part) / Decimal(whole) * 100).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


@dataclass
class FundingRow:
    code: str  # a source, or a group code for a subtotal row
    label: str
    depth: int  # 0 = group (or a source that is its own group), 1 = part of a group
    amount: Decimal
    share: Decimal | None  # % of the table's sum
    allocated: Decimal = ZERO
    disbursed: Decimal = ZERO
    disbursement_rate: Decimal | None = None
    works_carried_over: int | None = None
    works_new: int | None = None
    works_amount: Decimal | None = None
    works_recorded: int = 0  # works entered with funding from this source (plan's works)
    note: str = ""
    is_subtotal: bool = False


@dataclass
class FundingTable:
    budget: Budget
    rows: list[FundingRow]
    total: Decimal  # the sum of the sources
    declared_total: Decimal
    allocated: Decimal
    disbursed: Decimal
    disbursement_rate: Decimal | None
    errors: list[str] = field(default_factory=list)

    @property
    def adds_up(self) -> bool:
        return not self.errors


def funding_table(budget: Budget) -> FundingTable:
    """The table by source with group subtotals (central = investment + recurrent…), the sum, the
    declared total and, when they differ, the error to show."""
    lines = {line.source: line for line in budget.lines.all()}
    allocated = _sums(BudgetLine.objects.filter(budget=budget), "allocations__amount")
    disbursed = _sums(BudgetLine.objects.filter(budget=budget), "disbursements__amount")
    works = _works_by_source(budget)
    summed = sum((line.amount for line in lines.values()), ZERO)
    rows: list[FundingRow] = []
    for spec in GROUPS:
        present = [lines[s] for s in spec.sources if s in lines]
        if not present:
            continue
        if len(present) == 1:  # a group entered whole, or by a single part: one row, no subtotal
            line = present[0]
            whole = len(spec.sources) == 1 or line.source == spec.whole
            label = str(spec.group.label) if whole else ""
            rows.append(_row(line, 0, summed, allocated, disbursed, works, label=label))
            continue
        amount = sum((line.amount for line in present), ZERO)
        group_allocated = sum((allocated.get(line.pk, ZERO) for line in present), ZERO)
        group_disbursed = sum((disbursed.get(line.pk, ZERO) for line in present), ZERO)
        rows.append(
            FundingRow(
                code=spec.group.value,
                label=str(spec.group.label),
                depth=0,
                amount=amount,
                share=rate(amount, summed),
                allocated=group_allocated,
                disbursed=group_disbursed,
                disbursement_rate=rate(group_disbursed, amount),
                is_subtotal=True,
            )
        )
        rows.extend(_row(line, 1, summed, allocated, disbursed, works) for line in present)
    specs = {
        source: {"amount": line.amount, "works_amount": line.works_amount} for source, line in lines.items()
    }
    total_allocated = sum(allocated.values(), ZERO)
    total_disbursed = sum(disbursed.values(), ZERO)
    return FundingTable(
        budget=budget,
        rows=rows,
        total=summed,
        declared_total=budget.total,
        allocated=total_allocated,
        disbursed=total_disbursed,
        disbursement_rate=rate(total_disbursed, summed),
        errors=check_table(budget.total, specs),
    )


def _sums(lines, path: str) -> dict[int, Decimal]:
    return {
        pk: value for pk, value in lines.annotate(s=Sum(path)).values_list("pk", "s") if value is not None
    }


def _works_by_source(budget: Budget) -> dict[str, int]:
    if budget.plan_id is None:
        return {}
    rows = Work.objects.filter(plan_id=budget.plan_id).values_list("funding__source", flat=True)
    counts: dict[str, int] = {}
    for source in rows:
        if source:
            counts[source] = counts.get(source, 0) + 1
    return counts


def _row(line: BudgetLine, depth, summed, allocated, disbursed, works, label: str = "") -> FundingRow:
    paid = disbursed.get(line.pk, ZERO)
    return FundingRow(
        code=line.source,
        label=label or line.get_source_display(),
        depth=depth,
        amount=line.amount,
        share=rate(line.amount, summed),
        allocated=allocated.get(line.pk, ZERO),
        disbursed=paid,
        disbursement_rate=rate(paid, line.amount),
        works_carried_over=line.works_carried_over,
        works_new=line.works_new,
        works_amount=line.works_amount,
        works_recorded=works.get(line.source, 0),
        note=line.note,
    )


def budgets_for(user, *, unit: AdminUnit | None = None, plan=None):
    """Funding tables `user` may read; narrowed to a unit's subtree or to one plan."""
    qs = visible(user, Budget.objects.select_related("unit", "plan"), above=True)
    if unit is not None:
        qs = qs.filter(unit__path__startswith=unit.path)
    if plan is not None:
        qs = qs.filter(plan=plan)
    return qs.order_by("-year_to", "unit__level", "title")


@dataclass
class UnitMoney:
    unit: AdminUnit
    source: str
    source_label: str
    allocated: Decimal
    disbursed: Decimal
    disbursement_rate: Decimal | None


def disbursement_by_unit(budget: Budget) -> list[UnitMoney]:
    """Allocated and disbursed per (unit, source), with the disbursement rate."""
    data: dict[tuple[int, str], list] = {}
    units: dict[int, AdminUnit] = {}
    for line in budget.lines.prefetch_related("allocations__unit", "disbursements__unit"):
        for allocation in line.allocations.all():
            units[allocation.unit_id] = allocation.unit
            data.setdefault((allocation.unit_id, line.source), [ZERO, ZERO])[0] += allocation.amount
        for payment in line.disbursements.all():
            units[payment.unit_id] = payment.unit
            data.setdefault((payment.unit_id, line.source), [ZERO, ZERO])[1] += payment.amount
    return [
        UnitMoney(units[uid], source, str(Source(source).label), a, d, rate(d, a))
        for (uid, source), (a, d) in sorted(
            data.items(), key=lambda item: (sort_key(units[item[0][0]].name), item[0][1])
        )
    ]


# --- works ------------------------------------------------------------------------------------------


@dataclass
class WorkRow:
    work: Work
    commune: AdminUnit | None  # the commune of the location (itself when it is a commune)
    lat: float | None  # the location's centroid, or its nearest ancestor's when it has none
    lon: float | None
    funding: dict[str, Decimal]
    funded: Decimal


def works_in(
    actor,
    unit: AdminUnit | None,
    *,
    status: str = "",
    commune: AdminUnit | None = None,
    criterion: str = "",
    special: bool | None = None,
    plan=None,
) -> list[WorkRow]:
    """Works managed by or located in `unit`'s subtree (None: everywhere), filtered; each with its
    map point. Only works located where `actor` may read (their own subtree, or a unit above it)."""
    qs = Work.objects.select_related("location__parent__parent", "unit", "plan").prefetch_related("funding")
    qs = visible(actor, qs, "location", above=True)
    if unit is not None:
        qs = qs.filter(Q(location__path__startswith=unit.path) | Q(unit__path__startswith=unit.path))
    if status:
        qs = qs.filter(status=status)
    if commune is not None:
        qs = qs.filter(location__path__startswith=commune.path)
    if criterion:
        qs = qs.filter(criterion_code=criterion)
    if special is not None:
        qs = qs.filter(special_mechanism=special)
    if plan is not None:
        qs = qs.filter(plan=plan)
    rows = []
    for work in qs.order_by("-special_mechanism", "pk"):
        funding = {f.source: f.amount for f in work.funding.all()}
        lat, lon = centroid(work.location)
        rows.append(
            WorkRow(
                work=work,
                commune=_commune_of(work.location),
                lat=lat,
                lon=lon,
                funding=funding,
                funded=sum(funding.values(), ZERO),
            )
        )
    return rows


def centroid(unit: AdminUnit) -> tuple[float | None, float | None]:
    """A unit's centroid; villages have none in the unit package, so their commune's is used."""
    node: AdminUnit | None = unit
    while node is not None:
        if node.lat is not None and node.lon is not None:
            return node.lat, node.lon
        node = node.parent
    return None, None


def _commune_of(unit: AdminUnit) -> AdminUnit | None:
    node: AdminUnit | None = unit
    while node is not None and node.level > Level.COMMUNE:
        node = node.parent
    return node if node is not None and node.level == Level.COMMUNE else None


@dataclass
class WorksSummary:
    count: int
    by_status: dict[str, int]
    special_mechanism: int
    total_cost: Decimal
    funded: Decimal
    by_source: dict[str, Decimal]

    @property
    def status_rows(self) -> list[tuple[str, str, int]]:
        """(status, label, count) in the vocabulary's order."""
        return [(code, str(label), self.by_status.get(code, 0)) for code, label in Work.Status.choices]


def works_summary(rows: list[WorkRow]) -> WorksSummary:
    by_status: dict[str, int] = {value: 0 for value in Work.Status.values}
    by_source: dict[str, Decimal] = {}
    for row in rows:
        by_status[row.work.status] += 1
        for source, amount in row.funding.items():
            by_source[source] = by_source.get(source, ZERO) + amount
    return WorksSummary(
        count=len(rows),
        by_status=by_status,
        special_mechanism=sum(row.work.special_mechanism for row in rows),
        total_cost=sum((row.work.total_cost or ZERO for row in rows), ZERO),
        funded=sum((row.funded for row in rows), ZERO),
        by_source=by_source,
    )


def map_points(rows: list[WorkRow]) -> list[dict]:
    """JSON-ready points for a map: one per work with a known centroid."""
    return [
        {
            "id": row.work.pk,
            "name": row.work.name,
            "location": row.work.location.name,
            "lat": row.lat,
            "lon": row.lon,
            "status": row.work.status,
            "special_mechanism": row.work.special_mechanism,
            "progress": None if row.work.progress is None else float(row.work.progress),
        }
        for row in rows
        if row.lat is not None
    ]


# --- contributions ------------------------------------------------------------------------------


@dataclass
class ContributionTotals:
    key: str
    label: str
    cash: Decimal = ZERO
    land_m2: Decimal = ZERO
    labour_days: Decimal = ZERO
    materials_value: Decimal = ZERO
    households: int = 0
    cash_of_counted_households: Decimal = ZERO  # cash of the records that give a household count

    def add(self, row: Contribution) -> None:
        self.cash += row.cash
        self.land_m2 += row.land_m2
        self.labour_days += row.labour_days
        self.materials_value += row.materials_value
        if row.households:
            self.households += row.households
            self.cash_of_counted_households += row.cash

    @property
    def per_household(self) -> Decimal | None:
        """Cash per household (million VND), over the records that give a household count."""
        if not self.households:
            return None
        return (self.cash_of_counted_households / self.households).quantize(Decimal("0.001"))


@dataclass
class ContributionSummary:
    unit: AdminUnit
    start: datetime.date | None
    end: datetime.date | None
    total: ContributionTotals
    by_contributor: list[ContributionTotals]
    by_unit: list[ContributionTotals]
    by_year: list[ContributionTotals]  # by the year the period ends
    rows: list[Contribution]


def contributions_in(actor, unit: AdminUnit, start=None, end=None):
    """Contributions recorded for `unit` and the units below it that `actor` may read."""
    qs = Contribution.objects.filter(unit__path__startswith=unit.path).select_related("unit")
    qs = visible(actor, qs, above=True)
    if start:
        qs = qs.filter(period_end__gte=start)
    if end:
        qs = qs.filter(period_start__lte=end)
    return qs


def contribution_summary(actor, unit: AdminUnit, start=None, end=None) -> ContributionSummary:
    """Cash, land, labour days and materials by contributor type, by unit and by year, with
    per-household cash where a household count is given."""
    rows = list(contributions_in(actor, unit, start, end))
    total = ContributionTotals("total", "Tổng cộng")
    by_contributor: dict[str, ContributionTotals] = {}
    by_unit: dict[int, ContributionTotals] = {}
    by_year: dict[int, ContributionTotals] = {}
    labels = dict(Contribution.Contributor.choices)
    for row in rows:
        total.add(row)
        by_contributor.setdefault(
            row.contributor, ContributionTotals(row.contributor, str(labels[row.contributor]))
        ).add(row)
        by_unit.setdefault(row.unit_id, ContributionTotals(str(row.unit_id), row.unit.name)).add(row)
        year = row.period_end.year
        by_year.setdefault(year, ContributionTotals(str(year), str(year))).add(row)
    return ContributionSummary(
        unit=unit,
        start=start,
        end=end,
        total=total,
        by_contributor=[by_contributor[k] for k in labels if k in by_contributor],
        by_unit=sorted(by_unit.values(), key=lambda t: t.label),
        by_year=[by_year[y] for y in sorted(by_year)],
        rows=rows,
    )
