"""Writes of works (công trình, dự án) and their funding, audited in the write's transaction."""

import datetime
from decimal import Decimal

from django.db import transaction

from ntm.accounts.actors import Actor
from ntm.audit import services as audit
from ntm.indicators.engine import catalog
from ntm.units.models import AdminUnit, Level

from . import locks
from .models import Work, WorkFunding
from .services import FundingInvalid, _decimal, _user, check_permission, money
from .sources import Source, double_counted

WORK_FIELDS = (
    "name",
    "location",
    "plan",
    "set_code",
    "criterion_code",
    "status",
    "special_mechanism",
    "total_cost",
    "progress",
    "started_on",
    "planned_end",
    "completed_on",
    "note",
)


def check_work(unit, fields: dict, funding: dict[str, Decimal]) -> list[str]:
    errors = []
    if not (fields.get("name") or "").strip():
        errors.append("Cần ghi tên công trình.")
    location = fields.get("location")
    if location is None:
        errors.append("Cần chọn địa điểm (xã hoặc thôn, bản).")
    elif not location.path.startswith(unit.path):
        errors.append(f"{location.name} không thuộc {unit.name}.")
    elif location.level < Level.COMMUNE and location.pk != unit.pk:
        errors.append("Địa điểm là xã hoặc thôn, bản (hoặc chính đơn vị quản lý).")
    if fields.get("status") not in Work.Status.values:
        errors.append("Trạng thái không hợp lệ.")
    set_code, criterion = fields.get("set_code") or "", fields.get("criterion_code") or ""
    if criterion and set_code not in catalog().sets:
        errors.append("Cần chọn bộ tiêu chí của tiêu chí phục vụ.")
    elif criterion and criterion not in {c.code for c in catalog().get(set_code).criteria}:
        errors.append(f"Bộ {set_code} không có tiêu chí {criterion}.")
    progress = fields.get("progress")
    if progress is not None and not 0 <= progress <= 100:
        errors.append("Khối lượng hoàn thành phải từ 0 đến 100%.")
    if fields.get("status") == Work.Status.COMPLETED and progress is not None and progress < 100:
        errors.append("Công trình đã hoàn thành thì khối lượng phải là 100%.")
    started, completed = fields.get("started_on"), fields.get("completed_on")
    if started and completed and completed < started:
        errors.append("Ngày hoàn thành phải sau ngày khởi công.")
    for spec in double_counted(funding):
        errors.append(f"{spec.group.label}: không ghi cả dòng tổng và dòng chi tiết.")
    funded = sum(funding.values(), Decimal(0))
    total_cost = fields.get("total_cost")
    if total_cost is not None and funded > total_cost:
        errors.append(
            f"Tổng vốn các nguồn ({money(funded)} triệu đồng) vượt tổng mức đầu tư "
            f"({money(total_cost)} triệu đồng)."
        )
    return errors


def _funding(funding) -> dict[str, Decimal]:
    out = {}
    for source, amount in (funding or {}).items():
        if source not in Source.values:
            raise FundingInvalid([f"Nguồn vốn “{source}” không có trong danh mục."])
        if amount not in (None, ""):
            value = _decimal(amount, str(Source(source).label))
            if value:
                out[source] = value
    return out


def _snapshot(work: Work, funding: dict[str, Decimal]) -> dict:
    data = {name: _plain(getattr(work, name)) for name in WORK_FIELDS}
    data["funding"] = {source: f"{amount:.3f}" for source, amount in sorted(funding.items())}
    return data


def _plain(value):
    if hasattr(value, "pk"):
        return value.pk
    if isinstance(value, Decimal):
        return f"{value.normalize():f}"
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def _write_funding(work: Work, funding: dict[str, Decimal]) -> None:
    work.funding.exclude(source__in=list(funding)).delete()
    for source, amount in funding.items():
        WorkFunding.objects.update_or_create(work=work, source=source, defaults={"amount": amount})


@transaction.atomic
def create_work(*, actor: Actor, unit: AdminUnit, funding=None, is_demo: bool = False, **fields) -> Work:
    """A work managed by `unit` (a district or commune office), located at or below it."""
    check_permission(actor, unit)
    unknown = set(fields) - set(WORK_FIELDS)
    if unknown:
        raise ValueError(f"không có trường {', '.join(sorted(unknown))}")
    funding = _funding(funding)
    errors = check_work(unit, fields, funding)
    if errors:
        raise FundingInvalid(errors)
    locks.check(unit, locks.work_years(fields))
    work = Work.objects.create(unit=unit, author=_user(actor), is_demo=is_demo, **fields)
    _write_funding(work, funding)
    audit.record(actor=actor, action="work.create", obj=work, new=_snapshot(work, funding))
    return work


@transaction.atomic
def update_work(*, actor: Actor, work: Work, changes: dict, funding=None, reason: str = "") -> bool:
    """Change a work's fields (and, when given, its funding by source); returns False if unchanged."""
    check_permission(actor, work.unit)
    unknown = set(changes) - set(WORK_FIELDS)
    if unknown:
        raise ValueError(f"không có trường {', '.join(sorted(unknown))}")
    work = Work.objects.select_for_update().get(pk=work.pk)
    before = locks.work_years({name: getattr(work, name) for name in WORK_FIELDS})
    old_funding = {f.source: f.amount for f in work.funding.all()}
    new_funding = old_funding if funding is None else _funding(funding)
    fields = {name: getattr(work, name) for name in WORK_FIELDS} | changes
    errors = check_work(work.unit, fields, new_funding)
    if errors:
        raise FundingInvalid(errors)
    old = _snapshot(work, old_funding)
    for name, value in changes.items():
        setattr(work, name, value)
    new = _snapshot(work, new_funding)
    if new == old:
        return False
    locks.check(work.unit, before | locks.work_years(fields))
    work.save()
    _write_funding(work, new_funding)
    changed = [name for name in new if new[name] != old[name]]
    audit.record(
        actor=actor,
        action="work.update",
        obj=work,
        old={n: old[n] for n in changed},
        new={n: new[n] for n in changed},
        reason=reason,
    )
    return True
