"""Recognition status of units: the latest decision per unit and set decides.

A unit with no decision of its own under a standard may be recognised through its predecessors
(MARD guidance on merged communes, legal review 2026-12 §4): when every predecessor was recognised
under the standard, the merged unit is recognised (the latest predecessor decision stands for it);
when some were and some were not, it is not, and must rebuild the standard. A decision of its own
(recognition or revocation) always takes precedence.
"""

from collections import defaultdict
from dataclasses import dataclass

from ntm.units.models import AdminUnit, LineageLink

from .models import Decision


def latest_decisions(units, set_codes, on_date) -> dict[int, Decision]:
    """The decision in force on `on_date` for each unit that has one under any of `set_codes`
    (successive sets of one standard: a commune recognised under the 2016 set stays recognised
    until revoked), by unit id."""
    if isinstance(set_codes, str):
        set_codes = [set_codes]
    latest: dict[int, Decision] = {}
    for decision in Decision.objects.filter(
        unit__in=units, set_code__in=set_codes, date__lte=on_date
    ).order_by("date", "id"):
        latest[decision.unit_id] = decision
    return latest


def recognised_units(units, set_codes, on_date) -> dict[int, Decision]:
    """Units recognised on `on_date` under any of `set_codes`, by unit id: by a decision of their
    own, or through predecessors all recognised (then the latest predecessor decision)."""
    latest = latest_decisions(units, set_codes, on_date)
    found = {unit_id: d for unit_id, d in latest.items() if d.kind == Decision.Kind.RECOGNISE}
    found.update(_through_predecessors(units, set(latest), set_codes, on_date))
    return found


def _through_predecessors(units, decided: set[int], set_codes, on_date) -> dict[int, Decision]:
    """Units without a decision of their own (not in `decided`) whose predecessors are all recognised."""
    predecessors: dict[int, list[int]] = defaultdict(list)
    for successor, predecessor in LineageLink.objects.filter(successor__in=units).values_list(
        "successor_id", "predecessor_id"
    ):
        if successor not in decided:
            predecessors[successor].append(predecessor)
    if not predecessors:
        return {}
    recognised = recognised_units(sorted({p for ps in predecessors.values() for p in ps}), set_codes, on_date)
    return {
        successor: max((recognised[p] for p in ps), key=lambda d: (d.date, d.pk))
        for successor, ps in predecessors.items()
        if all(p in recognised for p in ps)
    }


def revoked_units(units, set_codes, on_date) -> dict[int, Decision]:
    """Units whose recognition under any of `set_codes` stands revoked on `on_date`, by unit id."""
    latest = latest_decisions(units, set_codes, on_date)
    return {unit_id: d for unit_id, d in latest.items() if d.kind == Decision.Kind.REVOKE}


@dataclass(frozen=True)
class Inherited:
    """A unit's standing under one standard as its predecessors give it (shown on its page)."""

    standard: str  # the key the caller gave the standard (e.g. its tier)
    predecessors: tuple[tuple[AdminUnit, Decision | None], ...]  # each with its recognition, if any

    @property
    def recognised(self) -> bool:
        return all(decision is not None for _, decision in self.predecessors)


def inherited_recognitions(unit, standards: dict[str, list[str]], on_date) -> list[Inherited]:
    """For a unit without a decision of its own under a standard, how its predecessors stand under
    it; `standards` maps a key (e.g. a tier) to the set codes of the standard. Standards none of
    the predecessors was recognised under are left out."""
    predecessors = list(AdminUnit.objects.filter(successor_links__successor=unit).order_by("name").distinct())
    if not predecessors:
        return []
    found = []
    for shown, codes in standards.items():
        if latest_decisions([unit], codes, on_date):
            continue  # its own decision decides
        recognised = recognised_units(predecessors, codes, on_date)
        if recognised:
            found.append(Inherited(shown, tuple((p, recognised.get(p.pk)) for p in predecessors)))
    return found


def decisions_under(unit, *, year: int | None = None, level: int | None = None, set_codes=None):
    """The decisions of the unit and every unit below it (a province's page lists its communes'),
    newest first; narrowed by the decision's year, the unit's level and the sets of a standard."""
    qs = Decision.objects.filter(unit__path__startswith=unit.path).select_related("unit")
    if year is not None:
        qs = qs.filter(year=year)
    if level is not None:
        qs = qs.filter(unit__level=level)
    if set_codes is not None:
        qs = qs.filter(set_code__in=list(set_codes))
    return qs.order_by("-date", "-id")
