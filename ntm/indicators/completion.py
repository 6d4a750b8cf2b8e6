"""Province completion of the 2026–2030 programme (QĐ 51/2025/QĐ-TTg Phụ lục III): the facts a
province set reads, counted from the province's units in force on 31/12 of the year, and the units
that keep each condition from being met (the completion page lists them).

Conditions 1 and 2 count communes (xã) by their stored assessment under the commune sets in force
that year: the base standard (`xa-ntm-2026`) and the modern tier (`xa-ntm-hien-dai-2026`).
Recognition through predecessors (recognition.selectors) is not counted here: it carries a
recognition under an earlier set, while Phụ lục III asks for the 2026–2030 set to be met.

Condition 3 is over special zones and the wards formed from communes with ≥ 70% farmland. Which
wards those are is not in the national unit list: the province office records it per ward
(`AdminUnit.farmland_origin`, units.services.set_farmland_origin, audited). Such wards and special
zones are measured by the commune sets (engine.set_level_of). While any ward of the province is
not yet determined, the count of units meeting ≥ 70% of the criteria is left out of the facts:
the condition is then "missing" (chưa xác định), never met or failed by a guess.
"""

import datetime
from dataclasses import dataclass, field

from ntm.core.facts import (
    COMMUNES_MODERN,
    COMMUNES_NTM,
    COMMUNES_TOTAL,
    FARMLAND_UNITS_70,
    FARMLAND_UNITS_TOTAL,
    ProvinceFacts,
)
from ntm.units.models import AdminUnit, Kind, Level

from .models import Assessment

SHARE_OF_CRITERIA = 70  # percent of the criteria a special zone or farmland ward must meet


@dataclass
class Completion:
    """What the province's units give Phụ lục III in one year, with the units still short."""

    year: int
    ntm_set: str | None
    modern_set: str | None
    facts: ProvinceFacts = field(default_factory=ProvinceFacts)
    communes: list[AdminUnit] = field(default_factory=list)
    not_ntm: list[AdminUnit] = field(default_factory=list)  # communes not assessed as meeting the set
    not_modern: list[AdminUnit] = field(default_factory=list)  # communes meeting it but not modern
    farmland_short: list[AdminUnit] = field(default_factory=list)  # special zones, farmland wards < 70%
    wards: list[AdminUnit] = field(default_factory=list)  # every ward, with its `farmland_origin`

    @property
    def wards_undetermined(self) -> list[AdminUnit]:
        return [w for w in self.wards if w.farmland_origin is None]


def _set_of_tier(year: int, tier: str) -> str | None:
    from .engine import catalog, sets_for_level

    return next((c for c in sets_for_level("commune", None, year) if catalog().get(c).tier == tier), None)


def _met(units: list[AdminUnit], set_code: str | None, year: int) -> set[int]:
    if set_code is None or not units:
        return set()
    met = Assessment.objects.filter(unit__in=units, set_code=set_code, year=year, standard_met=True)
    return set(met.values_list("unit_id", flat=True))


def _share_met(units: list[AdminUnit], set_code: str | None, year: int) -> set[int]:
    """Units whose assessment under `set_code` meets at least 70% of its criteria."""
    if set_code is None or not units:
        return set()
    rows = Assessment.objects.filter(unit__in=units, set_code=set_code, year=year).values_list(
        "unit_id", "criteria_met", "criteria_total"
    )
    return {uid for uid, met, total in rows if total and met * 100 >= SHARE_OF_CRITERIA * total}


def completion(province: AdminUnit, year: int) -> Completion:
    """Counts for Phụ lục III over `province`'s units on 31/12 of `year`; empty facts when the
    province has no communes then (a pre-reform province after 2025), so its conditions stay open."""
    result = Completion(year, _set_of_tier(year, "ntm"), _set_of_tier(year, "hien-dai"))
    units = list(
        AdminUnit.objects.as_of(datetime.date(year, 12, 31))
        .filter(path__startswith=province.path, level=Level.COMMUNE)
        .order_by("name")
    )
    result.communes = [u for u in units if u.kind == Kind.COMMUNE]
    if not result.communes:
        return result
    ntm = _met(result.communes, result.ntm_set, year)
    modern = _met(result.communes, result.modern_set, year)
    result.wards = [u for u in units if u.kind == Kind.WARD]
    farmland = [
        u for u in units if u.kind == Kind.SPECIAL_ZONE or (u.kind == Kind.WARD and u.farmland_origin)
    ]
    farmland_met = _share_met(farmland, result.ntm_set, year)
    result.not_ntm = [u for u in result.communes if u.pk not in ntm]
    result.not_modern = [u for u in result.communes if u.pk in ntm and u.pk not in modern]
    result.farmland_short = [u for u in farmland if u.pk not in farmland_met]
    result.facts = {
        COMMUNES_TOTAL: len(result.communes),
        COMMUNES_NTM: len(ntm),
        COMMUNES_MODERN: len(modern),
        FARMLAND_UNITS_TOTAL: len(farmland),
    }
    if not result.wards_undetermined:
        result.facts[FARMLAND_UNITS_70] = len(farmland_met)
    return result


def province_facts(province: AdminUnit, year: int) -> ProvinceFacts:
    return completion(province, year).facts
