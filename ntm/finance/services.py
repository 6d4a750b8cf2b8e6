"""Writes of funding tables, allocations and disbursements: permission, validation (a table's
sources must add up to its total), the write and its audit record, in one transaction."""

import datetime
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Sum

from ntm.accounts.actors import Actor, person
from ntm.audit import services as audit
from ntm.core.values import format_number
from ntm.planning.permissions import can_edit_plans

from . import locks
from .models import Allocation, Budget, BudgetLine, Disbursement
from .sources import ORDER, Source, double_counted

LINE_FIELDS = ("amount", "works_carried_over", "works_new", "works_amount", "note")
BUDGET_FIELDS = ("title", "kind", "year_from", "year_to", "reference", "note", "plan")


class FundingInvalid(ValueError):
    """The funding table (or an allocation, a disbursement) cannot be saved; `errors` says why."""

    def __init__(self, errors: list[str]):
        self.errors = errors
        super().__init__(" ".join(errors))


def money(value) -> str:
    """144771 → "144.771" (Vietnamese grouping, up to 3 decimals)."""
    return format_number(float(value), "vi", 3)


def _user(actor):
    return person(actor)


def check_permission(actor, unit) -> None:
    if _user(actor) is not None and not can_edit_plans(actor, unit):
        raise PermissionDenied(f"Bạn không có quyền sửa nguồn vốn, công trình của {unit.name}.")


def _decimal(value, what: str) -> Decimal:
    try:
        number = Decimal(str(value))
    except (InvalidOperation, TypeError, ValueError):
        raise FundingInvalid([f"{what}: “{value}” không phải là số."]) from None
    if number < 0:
        raise FundingInvalid([f"{what} không được âm."])
    return number


def _line_specs(lines) -> dict[str, dict]:
    """{source: {"amount": …, …}} from {source: amount} or {source: {field: value}}; zero-amount
    lines without works are dropped (an empty source is not a line)."""
    specs = {}
    for source, spec in lines.items():
        spec = dict(spec) if isinstance(spec, dict) else {"amount": spec}
        if source not in Source.values:
            raise FundingInvalid([f"Nguồn vốn “{source}” không có trong danh mục."])
        unknown = set(spec) - set(LINE_FIELDS)
        if unknown:
            raise ValueError(f"không có trường {', '.join(sorted(unknown))}")
        label = Source(source).label
        spec["amount"] = _decimal(spec.get("amount") or 0, str(label))
        if spec.get("works_amount") is not None:
            spec["works_amount"] = _decimal(spec["works_amount"], str(label))
        if spec["amount"] or spec.get("works_carried_over") or spec.get("works_new") or spec.get("note"):
            specs[source] = spec
    return specs


def check_table(total, specs: dict[str, dict]) -> list[str]:
    """Why a funding table does not hold together: sources that do not add up to the total, a group
    entered both whole and by parts, works money above its source."""
    errors = []
    for group in double_counted(specs):
        whole = group.whole.label if group.whole else group.group.label
        errors.append(
            f"{group.group.label}: đã ghi cả dòng “{whole}” và các dòng chi tiết — "
            "chỉ ghi một trong hai để không tính trùng."
        )
    summed = sum((s["amount"] for s in specs.values()), Decimal(0))
    if summed != total:
        errors.append(
            f"Tổng các nguồn vốn ({money(summed)} triệu đồng) không khớp tổng vốn đã khai báo "
            f"({money(total)} triệu đồng): chênh lệch {money(summed - total)} triệu đồng."
        )
    for source, spec in specs.items():
        if spec.get("works_amount") is not None and spec["works_amount"] > spec["amount"]:
            errors.append(
                f"{Source(source).label}: vốn cho công trình ({money(spec['works_amount'])}) lớn hơn "
                f"số vốn của nguồn ({money(spec['amount'])})."
            )
    return errors


def _table_snapshot(budget: Budget) -> dict:
    return _snapshot(budget.total, {line.source: vars(line) for line in budget.lines.all()})


def _snapshot(total, specs: dict[str, dict]) -> dict:
    return {
        "total": _plain(total),
        "lines": {
            source: {name: _plain(specs[source].get(name)) for name in LINE_FIELDS}
            for source in sorted(specs, key=lambda source: ORDER.get(source, len(ORDER)))
        },
    }


def _plain(value):
    if isinstance(value, Decimal):
        return f"{value:.3f}"
    return value or None


def _write_lines(budget: Budget, specs: dict[str, dict]) -> None:
    existing = {line.source: line for line in budget.lines.all()}
    for source, line in existing.items():
        if source not in specs:
            if line.allocations.exists() or line.disbursements.exists():
                raise FundingInvalid(
                    [f"{Source(source).label}: đã có phân bổ hoặc giải ngân, không bỏ được nguồn này."]
                )
            line.delete()
    for source, spec in specs.items():
        line = existing.get(source) or BudgetLine(budget=budget, source=source)
        for name in LINE_FIELDS:
            setattr(line, name, spec.get(name, "" if name == "note" else None))
        line.save()


@transaction.atomic
def create_budget(
    *, actor, unit, title: str, year_from: int, year_to: int, total, lines, is_demo: bool = False, **fields
) -> Budget:
    """A funding table with its lines; refused unless the sources add up to `total`."""
    check_permission(actor, unit)
    unknown = set(fields) - set(BUDGET_FIELDS)
    if unknown:
        raise ValueError(f"không có trường {', '.join(sorted(unknown))}")
    total = _decimal(total, "Tổng vốn")
    specs = _line_specs(lines)
    errors = check_table(total, specs)
    if year_to < year_from:
        errors.append("Năm kết thúc phải không trước năm bắt đầu.")
    plan = fields.get("plan")
    if plan is not None and plan.unit_id != unit.pk:
        errors.append("Nguồn vốn của kế hoạch phải cùng đơn vị với kế hoạch.")
    if errors:
        raise FundingInvalid(errors)
    budget = Budget.objects.create(
        unit=unit,
        title=title.strip(),
        year_from=year_from,
        year_to=year_to,
        total=total,
        author=_user(actor),
        is_demo=is_demo,
        **fields,
    )
    _write_lines(budget, specs)
    audit.record(actor=actor, action="budget.create", obj=budget, new=_table_snapshot(budget))
    return budget


@transaction.atomic
def set_budget_table(*, actor: Actor, budget: Budget, total, lines, reason: str = "") -> bool:
    """Replace a funding table's total and lines at once; refused (nothing written) unless the
    sources add up to the total. Returns False when nothing changed."""
    check_permission(actor, budget.unit)
    budget = Budget.objects.select_for_update().get(pk=budget.pk)
    total = _decimal(total, "Tổng vốn")
    specs = _line_specs(lines)
    errors = check_table(total, specs)
    for source, spec in specs.items():
        line = budget.lines.filter(source=source).first()
        if line is None:
            continue
        allocated = line.allocations.aggregate(s=Sum("amount"))["s"] or 0
        if spec["amount"] < allocated:
            errors.append(f"{Source(source).label}: đã phân bổ {money(allocated)}, không giảm dưới mức này.")
    if errors:
        raise FundingInvalid(errors)
    old, new = _table_snapshot(budget), _snapshot(total, specs)
    if new == old:
        return False
    budget.total = total
    budget.save(update_fields=["total", "updated_at"])
    _write_lines(budget, specs)
    audit.record(actor=actor, action="budget.table", obj=budget, old=old, new=new, reason=reason)
    return True


@transaction.atomic
def allocate(*, actor: Actor, line: BudgetLine, unit, amount, note: str = "") -> Allocation:
    """Give (or change) a unit's part of a source line; the parts may not exceed the line."""
    budget = line.budget
    check_permission(actor, budget.unit)
    amount = _decimal(amount, "Số vốn phân bổ")
    if not unit.path.startswith(budget.unit.path):
        raise FundingInvalid([f"{unit.name} không thuộc {budget.unit.name}."])
    line = BudgetLine.objects.select_for_update().get(pk=line.pk)
    others = line.allocations.exclude(unit=unit).aggregate(s=Sum("amount"))["s"] or Decimal(0)
    if others + amount > line.amount:
        raise FundingInvalid(
            [
                f"Tổng phân bổ của nguồn “{line.get_source_display()}” ({money(others + amount)}) "
                f"vượt số vốn của nguồn ({money(line.amount)} triệu đồng)."
            ]
        )
    allocation = Allocation.objects.filter(line=line, unit=unit).first()
    old = None if allocation is None else {"amount": str(allocation.amount), "note": allocation.note}
    allocation = allocation or Allocation(line=line, unit=unit)
    allocation.amount, allocation.note = amount, note
    allocation.save()
    audit.record(
        actor=actor,
        action="budget.allocate",
        obj=allocation,
        label=f"{budget} · {line.get_source_display()} · {unit.name}",
        old=old,
        new={"amount": str(amount), "note": note},
    )
    return allocation


@transaction.atomic
def record_disbursement(
    *,
    actor,
    line: BudgetLine,
    unit,
    date: datetime.date,
    amount,
    reference: str = "",
    note: str = "",
    is_demo: bool = False,
) -> Disbursement:
    """Record money paid out of a source line for a unit; the total paid may not exceed the line,
    nor the unit's allocation when the line is allocated by unit."""
    budget = line.budget
    check_permission(actor, budget.unit)
    amount = _decimal(amount, "Số giải ngân")
    if amount == 0:
        raise FundingInvalid(["Số giải ngân phải lớn hơn 0."])
    if not unit.path.startswith(budget.unit.path):
        raise FundingInvalid([f"{unit.name} không thuộc {budget.unit.name}."])
    line = BudgetLine.objects.select_for_update().get(pk=line.pk)
    paid = line.disbursements.aggregate(s=Sum("amount"))["s"] or Decimal(0)
    errors = []
    if paid + amount > line.amount:
        errors.append(
            f"Tổng giải ngân nguồn “{line.get_source_display()}” ({money(paid + amount)}) vượt số vốn "
            f"({money(line.amount)} triệu đồng)."
        )
    allocation = line.allocations.filter(unit=unit).first()
    if allocation is not None:
        unit_paid = line.disbursements.filter(unit=unit).aggregate(s=Sum("amount"))["s"] or Decimal(0)
        if unit_paid + amount > allocation.amount:
            errors.append(
                f"Giải ngân cho {unit.name} ({money(unit_paid + amount)}) vượt số vốn đã phân bổ "
                f"({money(allocation.amount)} triệu đồng)."
            )
    if errors:
        raise FundingInvalid(errors)
    locks.check(unit, {date.year})
    row = Disbursement.objects.create(
        line=line,
        unit=unit,
        date=date,
        amount=amount,
        reference=reference,
        note=note,
        author=_user(actor),
        is_demo=is_demo,
    )
    audit.record(
        actor=actor,
        action="budget.disburse",
        obj=row,
        label=f"{budget} · {line.get_source_display()} · {unit.name}",
        new={"date": date.isoformat(), "amount": str(amount), "reference": reference},
    )
    return row
