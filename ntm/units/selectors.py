"""Reads of the unit tables that views, the API and the CLI need."""

import datetime
from collections import Counter
from dataclasses import dataclass

from django.db.models import Q

from ntm.core.collation import sort_key
from ntm.core.names import fold

from .models import AdminUnit, Kind, Level, LineageLink, map_day


def counts_by_kind(as_of: datetime.date) -> dict:
    """Number of units in force on `as_of`, by kind and by level."""
    rows = AdminUnit.objects.as_of(as_of).values_list("level", "kind")
    by_kind = Counter(kind for _level, kind in rows)
    by_level = Counter(Level(level).name.lower() for level, _kind in rows)
    return {
        "as_of": as_of.isoformat(),
        "map_date": map_day(as_of).isoformat(),  # differs from as_of before 1/1/2025: see map_day
        "by_level": {name.lower(): by_level.get(name.lower(), 0) for name in Level.names},
        "by_kind": {kind: by_kind[kind] for kind in Kind.values if by_kind.get(kind)},
        "total": len(rows),
    }


def search_units(query: str, as_of: datetime.date | None = None, limit: int | None = 50):
    """Diacritic-insensitive search on names and codes; every word of the query must match."""
    words = fold(query).split()
    if not words:
        return AdminUnit.objects.none()
    qs = AdminUnit.objects.select_related("parent", "parent__parent")
    for word in words:
        qs = qs.filter(Q(search_key__contains=word) | Q(code=word))
    if as_of:
        qs = qs.as_of(as_of)
    return qs.order_by("level", "-valid_from", "name")[:limit]


def children_as_of(unit: AdminUnit | None, as_of: datetime.date) -> list[AdminUnit]:
    """The units under `unit` (the provinces when None) on a day, by kind, then in Vietnamese
    alphabetical order."""
    qs = AdminUnit.objects.as_of(as_of)
    qs = qs.filter(parent=unit) if unit else qs.filter(level=Level.PROVINCE)
    return sorted(qs, key=lambda child: (child.kind, sort_key(child.name)))


@dataclass(frozen=True)
class LineageEntry:
    date: datetime.date
    kind: str
    kind_label: str
    decision: str
    units: list
    partial: list
    package_default: AdminUnit | None


def counterparts(unit: AdminUnit):
    """The units of the other era that this one came from or became (predecessors and successors).

    Two lookups on the link table's own indexes: the same units as filtering the unit table on
    `Q(successor_links__successor=unit) | Q(predecessor_links__predecessor=unit)`, whose OR across
    two joins took ~30 ms with the national unit list (the province dashboard's slowest query)."""
    came_from = LineageLink.objects.filter(successor=unit).values_list("predecessor_id", flat=True)
    went_to = LineageLink.objects.filter(predecessor=unit).values_list("successor_id", flat=True)
    return AdminUnit.objects.filter(pk__in={*came_from, *went_to})


def lineage_of(unit: AdminUnit) -> dict:
    """Where this unit came from ("formed from") and where it went ("merged into", "split into")."""
    came_from = list(
        LineageLink.objects.filter(successor=unit)
        .select_related("predecessor__parent", "event")
        .order_by("predecessor__name")
    )
    went_to = list(
        LineageLink.objects.filter(predecessor=unit)
        .select_related("successor__parent", "event")
        .order_by("successor__name")
    )
    return {
        "formed_from": _entry(came_from, "predecessor"),
        "became": _entry(went_to, "successor"),
    }


def _entry(links, side: str) -> LineageEntry | None:
    if not links:
        return None
    event = links[0].event
    default = next((getattr(link, side) for link in links if link.package_default), None)
    return LineageEntry(
        date=event.date,
        kind=event.kind,
        kind_label=event.get_kind_display(),
        decision=event.decision,
        units=[getattr(link, side) for link in links],
        partial=[getattr(link, side) for link in links if not link.whole],
        package_default=default,
    )
