"""The year a page opens on for a unit: the most recent year with data for that unit, in the set
in force for it, within the unit's era (`ntm.units.eras`).

A pre-reform unit never opens after 2025 — its roll-ups for 2026 count the post-reform communes
formed from its area, which are shown on those communes' own pages; a post-reform unit opens on
the 2026–2030 set from 2026. Every page that takes or defaults a year asks here.
"""

import datetime
from typing import Any

from django.db.models import QuerySet

from ntm.units.eras import fallback_year, years_of, years_offered
from ntm.units.models import AdminUnit, Level

from .engine import applicable_sets, child_sets
from .models import Assessment, Rollup


def sets_in_force(unit: AdminUnit | None, year: int) -> list[str]:
    """The sets a unit's page shows for a year, base standard first: those of the units counted
    below a province or district (the country too), the unit's own for a commune or a village."""
    if unit is None or unit.level < Level.COMMUNE:
        return child_sets(unit, year)
    return applicable_sets(unit, year)


def years_with_data(unit: AdminUnit | None) -> list[int]:
    """The unit's years that hold data in the base set in force that year, oldest first."""
    rows: QuerySet[Any]
    if unit is None or unit.level < Level.COMMUNE:
        rows = Rollup.objects.filter(parent=unit, units_assessed__gt=0)
    else:
        rows = Assessment.objects.filter(unit=unit)
    era = years_of(unit)
    pairs = set(rows.filter(year__gte=era.start, year__lte=era[-1]).values_list("year", "set_code"))
    return sorted(
        {year for year, set_code in pairs if set_code == next(iter(sets_in_force(unit, year)), None)}
    )


def default_year(unit: AdminUnit | None, today: datetime.date | None = None) -> int:
    """The most recent year with data for the unit (not after this year), else the era's own
    current or last year."""
    today = today or datetime.date.today()
    years = [y for y in years_with_data(unit) if y <= today.year]
    return years[-1] if years else fallback_year(unit, today)


def year_or_default(unit: AdminUnit | None, year: int | None) -> int:
    """A year asked for in a request when the unit's pages offer it, else the default year."""
    return year if year is not None and year in years_offered(unit) else default_year(unit)
