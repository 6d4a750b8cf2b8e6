"""Writes to the unit tables, each in a transaction with its audit record."""

from collections.abc import Callable

from django.db import transaction

from ntm.audit import services as audit

from .loader import LoadReport, load_units


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
