"""Writes to the unit tables, each in a transaction with its audit record."""

from collections.abc import Callable

from django.db import transaction

from ntm.audit import services as audit

from .loader import LoadReport, load_units
from .models import AdminUnit


@transaction.atomic
def load_national_units(*, actor, progress: Callable[[str], None] = lambda message: None) -> LoadReport:
    """Load or refresh the national unit list; audited only when something changed."""
    report = load_units(progress)
    if report.changed:
        audit.record(
            actor=actor,
            action="units.load",
            object_type="units.adminunit",
            label="Danh mục đơn vị hành chính",
            new={
                "created": dict(report.created),
                "updated": dict(report.updated),
                "events_created": report.events_created,
                "links_created": report.links_created,
            },
            reason="Nạp danh mục từ gói vietnamadminunits",
        )
    return report


CLASSIFICATION_FIELDS = ("region", "region_verified", "region_source", "dbkk", "atk", "commune_group")


@transaction.atomic
def update_classification(*, actor, unit: AdminUnit, changes: dict, reason: str) -> list[str]:
    """Change the classifications that pick a unit's thresholds, audit the change and re-evaluate
    every assessment that depends on it (the unit's own, or every unit below a province)."""
    from ntm.indicators.assess import reassess_many
    from ntm.indicators.models import Assessment

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
        old={n: old[n] for n in changed},
        new={n: changes[n] for n in changed},
        reason=reason,
    )
    affected = Assessment.objects.filter(unit__path__startswith=unit.path)
    for set_code, year in affected.values_list("set_code", "year").distinct():
        units = AdminUnit.objects.filter(
            assessments__set_code=set_code, assessments__year=year, path__startswith=unit.path
        )
        reassess_many(units, set_code, year)
    return changed
