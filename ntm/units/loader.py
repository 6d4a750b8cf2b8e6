"""Idempotent load of the national unit list and the 2025 lineage into the database.

Re-running changes nothing: units are matched on (code, valid_from), events on a stable key and
links on (predecessor, successor). Fields an administrator edits (region, ĐBKK/ATK, commune group)
are set only when a unit is first created.
"""

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import CharField, OuterRef, Subquery, Value
from django.db.models.functions import Cast, Coalesce, Concat

from ntm.core.names import fold
from ntm.core.values import format_number as number  # 1.700: Vietnamese groups thousands with dots

from . import package_source as src
from .models import REFORM_DATE, AdminUnit, Level, LineageLink, UnitEvent
from .regions import REGION_OF_PROVINCE, REGION_SOURCE

MANAGED_FIELDS = (
    "level",
    "kind",
    "name",
    "short_name",
    "search_key",
    "parent_id",
    "valid_to",
    "lat",
    "lon",
    "area_km2",
    "source",
)


@dataclass
class LoadReport:
    created: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    updated: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    unchanged: int = 0
    events_created: int = 0
    links_created: int = 0

    @property
    def changed(self) -> bool:
        return bool(
            sum(self.created.values())
            or sum(self.updated.values())
            or self.events_created
            or self.links_created
        )


def _unit_key(unit: AdminUnit) -> tuple[str, str]:
    return (unit.code, src.CURRENT if unit.valid_from == REFORM_DATE else src.LEGACY)


@transaction.atomic
def load_units(progress: Callable[[str], None] = lambda message: None) -> LoadReport:
    progress("Đọc danh mục đơn vị từ gói vietnamadminunits…")
    records, links = src.read_units()
    source = src.source_label()
    report = LoadReport()
    existing = {
        _unit_key(u): u
        for u in AdminUnit.objects.filter(source__startswith=src.PACKAGE).exclude(level=Level.VILLAGE)
    }
    for level in (Level.PROVINCE, Level.DISTRICT, Level.COMMUNE):
        level_records = [r for r in records if r.level == level]
        progress(f"Ghi {number(len(level_records))} đơn vị {Level(level).label}…")
        _upsert_level(level_records, existing, source, report)
    _fix_paths(existing)
    progress(f"Ghi {number(len(links))} liên kết đơn vị cũ → mới (01/7/2025)…")
    _load_lineage(links, existing, source, report)
    return report


def _upsert_level(records, existing, source, report) -> None:
    to_create, to_update = [], []
    for r in records:
        parent_id = existing[r.parent].pk if r.parent else None
        wanted = {
            "level": r.level,
            "kind": r.kind,
            "name": r.name,
            "short_name": r.short_name,
            "search_key": fold(r.name),
            "parent_id": parent_id,
            "valid_to": r.valid_to,
            "lat": r.lat,
            "lon": r.lon,
            "area_km2": r.area_km2,
            "source": source,
        }
        unit = existing.get(r.key)
        if unit is None:
            unit = AdminUnit(code=r.code, valid_from=r.valid_from, **wanted)
            if r.level == Level.PROVINCE and r.era == src.LEGACY:
                unit.region = REGION_OF_PROVINCE.get(r.code, "")
                unit.region_source = REGION_SOURCE
            to_create.append(unit)
            existing[r.key] = unit
            report.created[unit.kind] += 1
        elif any(getattr(unit, name) != value for name, value in wanted.items()):
            for name, value in wanted.items():
                setattr(unit, name, value)
            to_update.append(unit)
            report.updated[unit.kind] += 1
        else:
            report.unchanged += 1
    AdminUnit.objects.bulk_create(to_create, batch_size=1000)
    if to_update:
        AdminUnit.objects.bulk_update(to_update, MANAGED_FIELDS, batch_size=1000)


def _fix_paths(units: dict) -> None:
    """Materialised path of ids ("/12/340/9001/") used for subtree queries on both databases.

    Written one level at a time by one UPDATE that appends each unit's id to its parent's path:
    a bulk_update of ~14,000 rows (one CASE per batch) took a fifth of every fresh database's
    setup."""
    by_id = {u.pk: u for u in units.values()}
    stale_levels = set()
    for unit in sorted(units.values(), key=lambda u: u.level):
        parent = by_id.get(unit.parent_id)
        path = f"{parent.path if parent else '/'}{unit.pk}/"
        if unit.path != path:
            unit.path = path
            stale_levels.add(unit.level)
    for level in sorted(stale_levels):
        parent_path = AdminUnit.objects.filter(pk=OuterRef("parent_id")).values("path")[:1]
        AdminUnit.objects.filter(level=level).update(
            path=Concat(
                Coalesce(Subquery(parent_path), Value("/")),
                Cast("pk", output_field=CharField()),
                Value("/"),
                output_field=CharField(),
            )
        )


def _load_lineage(links, units, source, report) -> None:
    """Each whole link belongs to its successor's merge/rename event; each partial link to the split
    event of the divided predecessor."""
    predecessors = defaultdict(list)
    for link in links:
        predecessors[link.successor].append(link)
    event_specs: dict[str, tuple[str, str, list]] = {}
    for link in links:
        if link.whole:
            key = f"2025-{link.level}-into-{link.successor[0]}"
            kind = (
                UnitEvent.EventKind.MERGE
                if len(predecessors[link.successor]) > 1
                else UnitEvent.EventKind.RENAME
            )
        else:
            key = f"2025-{link.level}-split-{link.predecessor[0]}"
            kind = UnitEvent.EventKind.SPLIT
        decision = src.PROVINCE_DECISION if link.level == Level.PROVINCE else src.COMMUNE_DECISION
        event_specs.setdefault(key, (kind, decision, []))[2].append(link)

    events = UnitEvent.objects.in_bulk(list(event_specs), field_name="key")
    new_events = [
        UnitEvent(key=key, kind=kind, date=REFORM_DATE, decision=decision, source=source)
        for key, (kind, decision, _links) in event_specs.items()
        if key not in events
    ]
    UnitEvent.objects.bulk_create(new_events, batch_size=1000)
    report.events_created = len(new_events)
    events.update({e.key: e for e in new_events})

    known = set(LineageLink.objects.values_list("predecessor_id", "successor_id"))
    new_links = []
    for key, (_kind, _decision, event_links) in event_specs.items():
        for link in event_links:
            pair = (units[link.predecessor].pk, units[link.successor].pk)
            if pair in known:
                continue
            known.add(pair)
            new_links.append(
                LineageLink(
                    event=events[key],
                    predecessor_id=pair[0],
                    successor_id=pair[1],
                    whole=link.whole,
                    package_default=link.package_default,
                )
            )
    LineageLink.objects.bulk_create(new_links, batch_size=1000)
    report.links_created = len(new_links)
