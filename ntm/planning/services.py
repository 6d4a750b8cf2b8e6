"""Every write of plans, programmes, targets, entered actuals and activities: permission,
validation, the write and its audit record, in one transaction."""

import datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from ntm.accounts.actors import Actor, actor_name, person
from ntm.audit import services as audit
from ntm.units.models import AdminUnit

from .models import Activity, Plan, Programme, Target, TargetActual, TargetUnit
from .permissions import can_edit_plans
from .validation import FIELDS, TargetInvalid, check_target

PLAN_FIELDS = (
    "year",
    "title",
    "number",
    "issued_on",
    "authority",
    "legal_bases",
    "objective",
    "status",
    "programme",
)
PROGRAMME_FIELDS = (
    "kind",
    "title",
    "number",
    "issued_on",
    "authority",
    "year_from",
    "year_to",
    "objective",
    "note",
    "status",
)


class PlanLocked(ValueError):
    """An issued plan's targets are fixed: reopen it as a draft first."""


def _user(actor):
    return person(actor)


def _check_permission(actor, unit) -> None:
    if _user(actor) is not None and not can_edit_plans(actor, unit):
        raise PermissionDenied(f"Bạn không có quyền sửa kế hoạch của {unit.name}.")


def _json(value):
    if isinstance(value, Decimal):
        return str(value.normalize())
    if isinstance(value, datetime.date):
        return value.isoformat()
    if hasattr(value, "pk"):
        return value.pk
    return value


def _snapshot(obj, names) -> dict:
    return {name: _json(getattr(obj, name)) for name in names}


def _clean_bases(bases) -> list[str]:
    return [line.strip() for line in bases or [] if line and line.strip()]


@transaction.atomic
def create_plan(
    *, actor: Actor, unit: AdminUnit, year: int, title: str, is_demo: bool = False, **fields
) -> Plan:
    _check_permission(actor, unit)
    unknown = set(fields) - set(PLAN_FIELDS)
    if unknown:
        raise ValueError(f"không có trường {', '.join(sorted(unknown))}")
    if not title.strip():
        raise ValueError("Cần ghi tên kế hoạch.")
    fields["legal_bases"] = _clean_bases(fields.get("legal_bases"))
    _check_programme(unit, year, fields.get("programme"))
    plan = Plan(unit=unit, year=year, title=title.strip(), author=_user(actor), is_demo=is_demo, **fields)
    plan.full_clean()
    plan.save()
    audit.record(actor=actor, action="plan.create", obj=plan, new=_snapshot(plan, ("unit", *PLAN_FIELDS)))
    return plan


@transaction.atomic
def update_plan(*, actor: Actor, plan: Plan, changes: dict, reason: str = "") -> list[str]:
    """Change a plan's header (title, legal bases, status…); returns the fields that changed."""
    _check_permission(actor, plan.unit)
    unknown = set(changes) - set(PLAN_FIELDS)
    if unknown:
        raise ValueError(f"không có trường {', '.join(sorted(unknown))}")
    if "legal_bases" in changes:
        changes = {**changes, "legal_bases": _clean_bases(changes["legal_bases"])}
    plan = Plan.objects.select_for_update().get(pk=plan.pk)
    old = _snapshot(plan, changes)
    changed = [name for name, value in changes.items() if getattr(plan, name) != value]
    if not changed:
        return []
    for name in changed:
        setattr(plan, name, changes[name])
    if "programme" in changed or "year" in changed:
        _check_programme(plan.unit, plan.year, plan.programme)
    plan.full_clean()
    plan.save()
    audit.record(
        actor=actor,
        action="plan.update",
        obj=plan,
        old={n: old[n] for n in changed},
        new=_snapshot(plan, changed),
        reason=reason,
    )
    return changed


def _check_programme(unit: AdminUnit, year: int, programme: Programme | None) -> None:
    """An annual plan belongs to a programme of its own unit or of a unit above, within its period."""
    if programme is None:
        return
    if not unit.path.startswith(programme.unit.path):
        raise ValueError(f"Chương trình của {programme.unit.name} không áp dụng cho {unit.name}.")
    if year not in programme.years:
        raise ValueError(
            f"Năm {year} nằm ngoài giai đoạn {programme.year_from}–{programme.year_to} của chương trình."
        )


@transaction.atomic
def create_programme(
    *,
    actor: Actor,
    unit: AdminUnit,
    title: str,
    year_from: int,
    year_to: int,
    is_demo: bool = False,
    **fields,
) -> Programme:
    """A multi-year programme (5-year plan, resolution) of `unit`; its targets are added while a draft."""
    _check_permission(actor, unit)
    unknown = set(fields) - set(PROGRAMME_FIELDS)
    if unknown:
        raise ValueError(f"không có trường {', '.join(sorted(unknown))}")
    if not title.strip():
        raise ValueError("Cần ghi tên chương trình.")
    if year_to < year_from:
        raise ValueError("Năm kết thúc phải không sớm hơn năm bắt đầu.")
    programme = Programme(
        unit=unit,
        title=title.strip(),
        year_from=year_from,
        year_to=year_to,
        author=_user(actor),
        is_demo=is_demo,
        **fields,
    )
    programme.full_clean()
    programme.save()
    audit.record(
        actor=actor,
        action="programme.create",
        obj=programme,
        new=_snapshot(programme, ("unit", *PROGRAMME_FIELDS)),
    )
    return programme


@transaction.atomic
def update_programme(*, actor: Actor, programme: Programme, changes: dict, reason: str = "") -> list[str]:
    """Change a programme's header or status; returns the fields that changed."""
    _check_permission(actor, programme.unit)
    unknown = set(changes) - set(PROGRAMME_FIELDS)
    if unknown:
        raise ValueError(f"không có trường {', '.join(sorted(unknown))}")
    programme = Programme.objects.select_for_update().get(pk=programme.pk)
    changed = [name for name, value in changes.items() if getattr(programme, name) != value]
    if not changed:
        return []
    old = _snapshot(programme, changed)
    for name in changed:
        setattr(programme, name, changes[name])
    if programme.year_to < programme.year_from:
        raise ValueError("Năm kết thúc phải không sớm hơn năm bắt đầu.")
    programme.full_clean()
    programme.save()
    audit.record(
        actor=actor,
        action="programme.update",
        obj=programme,
        old=old,
        new=_snapshot(programme, changed),
        reason=reason,
    )
    return changed


def _check_open(owner: Plan | Programme) -> None:
    if owner.status == Plan.Status.ISSUED:
        raise PlanLocked("Văn bản đã ban hành: chuyển về “Dự thảo” trước khi sửa chỉ tiêu.")


def _owner_field(owner: Plan | Programme) -> dict:
    return {"programme": owner} if isinstance(owner, Programme) else {"plan": owner}


def _units_snapshot(units) -> list:
    return [[unit.pk, unit.name, count] for unit, count in units]


@transaction.atomic
def add_target(*, actor: Actor, plan: Plan | Programme, units=(), **fields) -> Target:
    """Add a target to a draft plan or programme (`plan`). `fields` are Target fields (see
    validation.FIELDS); `units` are (unit, count or None) pairs: the named units, or the communes
    and their village counts."""
    _check_permission(actor, plan.unit)
    _check_open(plan)
    unknown = set(fields) - set(FIELDS)
    if unknown:
        raise ValueError(f"không có trường {', '.join(sorted(unknown))}")
    units = list(units)
    errors = check_target(plan, fields, units)
    if errors:
        raise TargetInvalid(errors)
    target = Target(**_owner_field(plan), **fields)
    if not fields.get("order"):
        target.order = (plan.targets.order_by("-order").values_list("order", flat=True).first() or 0) + 10
    target.save()
    _write_units(target, units)
    audit.record(
        actor=actor,
        action="target.create",
        obj=target,
        label=f"{plan} · {target.label[:150]}",
        new={**_snapshot(target, FIELDS), "units": _units_snapshot(units)},
    )
    return target


def _write_units(target: Target, units) -> None:
    target.units.all().delete()
    TargetUnit.objects.bulk_create(
        TargetUnit(target=target, unit=unit, count=count, order=i) for i, (unit, count) in enumerate(units)
    )


@transaction.atomic
def update_target(*, actor: Actor, target: Target, changes: dict, units=None, reason: str = "") -> list[str]:
    plan = target.owner
    _check_permission(actor, plan.unit)
    _check_open(plan)
    unknown = set(changes) - set(FIELDS)
    if unknown:
        raise ValueError(f"không có trường {', '.join(sorted(unknown))}")
    old_units = [(tu.unit, tu.count) for tu in target.units.select_related("unit")]
    new_units = old_units if units is None else list(units)
    fields = {name: getattr(target, name) for name in FIELDS} | changes
    errors = check_target(plan, fields, new_units)
    if errors:
        raise TargetInvalid(errors)
    changed = [name for name, value in changes.items() if getattr(target, name) != value]
    units_changed = _units_snapshot(old_units) != _units_snapshot(new_units)
    if not changed and not units_changed:
        return []
    old = _snapshot(target, changed)
    for name in changed:
        setattr(target, name, changes[name])
    target.save()
    if units_changed:
        _write_units(target, new_units)
        old["units"], changed = _units_snapshot(old_units), [*changed, "units"]
    new = _snapshot(target, [n for n in changed if n != "units"])
    if units_changed:
        new["units"] = _units_snapshot(new_units)
    audit.record(
        actor=actor,
        action="target.update",
        obj=target,
        label=f"{plan} · {target.label[:150]}",
        old=old,
        new=new,
        reason=reason,
    )
    return changed


@transaction.atomic
def delete_target(*, actor: Actor, target: Target, reason: str = "") -> None:
    _check_permission(actor, target.owner.unit)
    _check_open(target.owner)
    audit.record(
        actor=actor,
        action="target.delete",
        obj=target,
        label=f"{target.owner} · {target.label[:150]}",
        old=_snapshot(target, FIELDS),
        reason=reason,
    )
    target.delete()


@transaction.atomic
def record_actual(
    *,
    actor,
    target: Target,
    value,
    as_of: datetime.date,
    evidence: str,
    reference: str = "",
    reason: str = "",
    is_demo: bool = False,
) -> TargetActual | None:
    """Append a version of a measure's or milestone's actual (milestones: 1 done, 0 not done).
    Returns None when nothing changed. Computed targets refuse entries: their data decides."""
    _check_permission(actor, target.owner.unit)
    if target.computed:
        raise ValueError("Chỉ tiêu này tính từ số liệu đánh giá, không nhập tay.")
    value = None if value is None else Decimal(str(value))
    if target.kind == Target.Kind.MILESTONE and value not in (None, 0, 1):
        raise ValueError("Nhiệm vụ chỉ nhận 1 (hoàn thành) hoặc 0 (chưa hoàn thành).")
    if value is not None and value < 0:
        raise ValueError("Số thực hiện không được âm.")
    if not evidence.strip():
        raise ValueError("Cần ghi minh chứng (báo cáo, biên bản, số liệu thống kê…).")
    # ordered by version only: the default order joins the (nullable) plan, which FOR UPDATE refuses
    old = (
        TargetActual.objects.select_for_update()
        .filter(target=target, is_current=True)
        .order_by("-version")
        .first()
    )
    if old is not None and (old.value, old.as_of, old.evidence, old.reference) == (
        value,
        as_of,
        evidence.strip(),
        reference.strip(),
    ):
        return None
    if old is not None and not reason.strip():
        raise ValueError("Cần ghi lý do khi sửa số thực hiện đã nhập.")
    now = timezone.now()
    if old is not None:
        TargetActual.objects.filter(pk=old.pk).update(is_current=False, superseded_at=now)
    row = TargetActual.objects.create(
        target=target,
        version=(old.version if old else 0) + 1,
        value=value,
        as_of=as_of,
        evidence=evidence.strip(),
        reference=reference.strip(),
        reason=reason,
        author=_user(actor),
        actor=actor_name(actor),
        created_at=now,
        is_demo=is_demo,
    )
    audit.record(
        actor=actor,
        action="target.actual",
        obj=row,
        label=f"{target.owner} · {target.label[:150]}",
        old=None
        if old is None
        else {"value": _json(old.value), "as_of": _json(old.as_of), "version": old.version},
        new={"value": _json(value), "as_of": _json(as_of), "version": row.version, "evidence": row.evidence},
        reason=reason,
    )
    return row


ACTIVITY_FIELDS = (
    "kind",
    "audience",
    "period_start",
    "period_end",
    "sessions",
    "participants",
    "description",
    "source",
    "plan",
)


@transaction.atomic
def record_activity(*, actor: Actor, unit: AdminUnit, is_demo: bool = False, **fields) -> Activity:
    _check_permission(actor, unit)
    unknown = set(fields) - set(ACTIVITY_FIELDS)
    if unknown:
        raise ValueError(f"không có trường {', '.join(sorted(unknown))}")
    if fields["period_end"] < fields["period_start"]:
        raise ValueError("Ngày kết thúc phải sau ngày bắt đầu.")
    activity = Activity(unit=unit, author=_user(actor), is_demo=is_demo, **fields)
    activity.full_clean()
    activity.save()
    audit.record(
        actor=actor,
        action="activity.create",
        obj=activity,
        new=_snapshot(activity, ("unit", *ACTIVITY_FIELDS)),
    )
    return activity
