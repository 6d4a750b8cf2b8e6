"""Changing a unit's classifications (region, ĐBKK/ATK, commune group), which pick the thresholds
its criteria are measured against, so every assessment that depends on them is re-evaluated in the
same transaction. It lives here, not in `units`, because it re-evaluates indicator data."""

import datetime

from django.core.exceptions import PermissionDenied
from django.db import transaction

from ntm.accounts.actors import Actor, person
from ntm.accounts.permissions import can_classify
from ntm.audit import services as audit
from ntm.units.models import CLASSIFICATION_FIELDS, GROUP_DECISION_FIELDS, AdminUnit

from .assess import reassess_many
from .models import Assessment


@transaction.atomic
def update_classification(*, actor: Actor, unit: AdminUnit, changes: dict, reason: str) -> list[str]:
    """Change the classifications that pick a unit's thresholds, audit the change and re-evaluate
    every assessment that depends on it (the unit's own, or every unit below a province).
    A person must be allowed to classify the unit (`can_classify`); the system always may."""
    user = person(actor)
    if user is not None and not can_classify(user, unit):
        raise PermissionDenied("Bạn không có quyền sửa phân loại của đơn vị này.")
    unknown = set(changes) - set(CLASSIFICATION_FIELDS)
    if unknown:
        raise ValueError(f"không sửa được trường {', '.join(sorted(unknown))}")
    if not reason.strip():
        raise ValueError("Cần ghi lý do thay đổi phân loại.")
    old = {name: getattr(unit, name) for name in changes}
    changed = [name for name, value in changes.items() if old[name] != value]
    if not changed:
        return []
    for name in changed:
        setattr(unit, name, changes[name])
    unit.full_clean()
    unit.save(update_fields=changed)
    audit.record(
        actor=actor,
        action="unit.classify",
        obj=unit,
        old={n: _json(old[n]) for n in changed},
        new={n: _json(changes[n]) for n in changed},
        reason=reason,
    )
    if set(changed) <= set(GROUP_DECISION_FIELDS):
        return changed  # only the decision's particulars: no threshold changes
    affected = Assessment.objects.filter(unit__path__startswith=unit.path)
    for set_code, year in affected.values_list("set_code", "year").distinct():
        units = AdminUnit.objects.filter(
            assessments__set_code=set_code, assessments__year=year, path__startswith=unit.path
        )
        reassess_many(units, set_code, year)
    return changed


def _json(value):
    """A classification value as the audit record stores it (dates as ISO text)."""
    return value.isoformat() if isinstance(value, datetime.date) else value
