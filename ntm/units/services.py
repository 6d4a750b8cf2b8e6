"""Writes to the unit tables, each in a transaction with its audit record."""

from collections.abc import Callable

from django.core.exceptions import PermissionDenied
from django.db import transaction

from ntm.accounts.actors import person
from ntm.accounts.permissions import can_classify
from ntm.audit import services as audit

from .loader import LoadReport, load_units
from .models import AdminUnit, Kind


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


@transaction.atomic
def set_farmland_origin(*, actor, changes: dict[AdminUnit, bool | None], reason: str) -> list[AdminUnit]:
    """Record which wards were formed from communes with at least 70% farmland (None: not known),
    one audit record per ward changed. Only the province office over the ward (or an administrator)
    may; a person without that right changes nothing. Returns the wards changed."""
    user = person(actor)
    if user is not None and not all(can_classify(user, ward) for ward in changes):
        raise PermissionDenied("Bạn không có quyền xác định nguồn gốc phường của đơn vị này.")
    if any(ward.kind != Kind.WARD for ward in changes):
        raise ValueError("chỉ phường mới có thông tin này")
    if not reason.strip():
        raise ValueError("Cần ghi lý do, căn cứ.")
    changed = []
    for ward, value in changes.items():
        if ward.farmland_origin == value:
            continue
        audit.record(
            actor=actor,
            action="unit.farmland_origin",
            obj=ward,
            old={"farmland_origin": ward.farmland_origin},
            new={"farmland_origin": value},
            reason=reason,
        )
        ward.farmland_origin = value
        ward.save(update_fields=["farmland_origin"])
        changed.append(ward)
    return changed
