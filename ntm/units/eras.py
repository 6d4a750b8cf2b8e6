"""The two eras of the map a unit belongs to, and the links across the 1 July 2025 reform.

A pre-reform unit (ended 30/6/2025: every district, the old communes and provinces) holds the
data of 2011–2025; a post-reform unit (from 01/7/2025) holds the data of the 2026–2030 period.
Pages ask here which years belong to a unit and where a unit went or came from; which of those
years have data is asked in `ntm.indicators.data_years`.
"""

import datetime
from dataclasses import dataclass, field

from .models import REFORM_DATE, AdminUnit, Level, LineageLink

FIRST_YEAR = 2011  # the programme's first year (Quyết định 800/QĐ-TTg)
LAST_PRE_REFORM_YEAR = REFORM_DATE.year  # a pre-reform unit's data ends with 2025
FIRST_POST_REFORM_YEAR = REFORM_DATE.year + 1  # the 2026–2030 criteria set starts in 2026
LAST_YEAR = 2030  # the last year of the current period (years offered in selectors)


def is_pre_reform(unit: AdminUnit) -> bool:
    return unit.valid_to is not None and unit.valid_to < REFORM_DATE


def is_post_reform(unit: AdminUnit) -> bool:
    return unit.valid_from is not None and unit.valid_from >= REFORM_DATE


def years_of(unit: AdminUnit | None) -> range:
    """The years whose data may belong to the unit: up to 2025 for a pre-reform unit, from 2025
    (the second half of the year) for a post-reform one; every year for the country or a unit
    whose life spans both eras."""
    if unit is None:
        return range(FIRST_YEAR, LAST_YEAR + 1)
    first = max(FIRST_YEAR, unit.valid_from.year) if unit.valid_from else FIRST_YEAR
    last = min(LAST_YEAR, unit.valid_to.year) if unit.valid_to else LAST_YEAR
    return range(first, last + 1)


def years_offered(unit: AdminUnit | None) -> range:
    """The years a page of the unit lets one choose: from 2011 (a post-reform province's or
    commune's area has its predecessors' history, counted through the lineage), up to 2025 for a
    pre-reform unit."""
    return range(FIRST_YEAR, years_of(unit)[-1] + 1)


def fallback_year(unit: AdminUnit | None, today: datetime.date | None = None) -> int:
    """The year a page opens on when the unit has no data at all: the current year, or the last
    year of a unit that has ended."""
    today = today or datetime.date.today()
    years = years_of(unit)
    return min(max(today.year, years.start), years[-1])


@dataclass(frozen=True)
class EraLinks:
    """Where a unit went on 01/7/2025 (pre-reform) or what it was formed from (post-reform)."""

    date: datetime.date | None = None
    successors: list[AdminUnit] = field(default_factory=list)
    predecessors: list[AdminUnit] = field(default_factory=list)
    district_ended: bool = False  # a district: the level was abolished, its communes were rearranged
    province_now: AdminUnit | None = None  # for an ended district: the province its area is in now

    def __bool__(self) -> bool:
        return bool(self.successors or self.predecessors or self.district_ended)


def era_links(unit: AdminUnit) -> EraLinks:
    """The units across the reform from this one, by the lineage links (several for a split
    commune or a merged one), each with its parent loaded for the page."""
    went = list(
        LineageLink.objects.filter(predecessor=unit)
        .select_related("successor__parent", "event")
        .order_by("successor__name")
    )
    came = list(
        LineageLink.objects.filter(successor=unit)
        .select_related("predecessor__parent", "event")
        .order_by("predecessor__name")
    )
    first = went[0] if went else came[0] if came else None
    province_now = None
    ended = unit.level == Level.DISTRICT and is_pre_reform(unit) and not went
    if ended and unit.parent_id:
        link = LineageLink.objects.filter(predecessor_id=unit.parent_id).select_related("successor")
        province_now = next((link.successor for link in link), None)
    return EraLinks(
        date=first.event.date if first else (REFORM_DATE if ended else None),
        successors=[link.successor for link in went] if is_pre_reform(unit) else [],
        predecessors=[link.predecessor for link in came] if is_post_reform(unit) else [],
        district_ended=ended,
        province_now=province_now,
    )
