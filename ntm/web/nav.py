"""Where the navigation and the landing pages link, decided by the same rules as the pages they
open: a link shown to a user never answers 403.

The dashboard belongs to provinces and districts (the units with units below them to count); a
commune officer's "Bảng điều khiển" opens the commune's own page, which shows its results. Links
to a unit's pages are shown only when `scope.may_read` lets the user open them.
"""

from django.urls import reverse

from ntm.accounts.permissions import home_unit
from ntm.accounts.scope import is_national, may_read
from ntm.indicators.data_years import default_year, sets_in_force
from ntm.indicators.engine import child_sets
from ntm.units.models import AdminUnit, Level


def has_dashboard(unit: AdminUnit) -> bool:
    """Dashboards count the units below a province or a district."""
    return unit.level <= Level.DISTRICT


def my_dashboard_url(user) -> str | None:
    """The user's landing dashboard: their unit's dashboard, a commune's own page, the national
    trend for national roles; None for a user with no unit and no national role."""
    unit = home_unit(user)
    if unit is None:
        return reverse("national_trend") if is_national(user) else None
    if not may_read(user, unit):
        return None
    if has_dashboard(unit):
        return reverse("dashboard", args=[unit.pk])
    return reverse("unit_detail", args=[unit.pk])


def unit_links(user, unit: AdminUnit, year: int | None = None) -> dict[str, str]:
    """The pages of one unit the user may open, by name, at the unit's default year unless given:
    empty when the unit is out of the user's scope (its reference page stays open to everyone)."""
    if not may_read(user, unit):
        return {}
    year = year or default_year(unit)
    links = {}
    if has_dashboard(unit):
        links["dashboard"] = reverse("dashboard", args=[unit.pk])
    if unit.level >= Level.COMMUNE and sets_in_force(unit, year):
        links["data_entry"] = reverse("data_entry", args=[unit.pk, year])
    if unit.level < Level.VILLAGE and child_sets(unit, year):  # the matrix of the units below
        links["matrix"] = reverse("matrix", args=[unit.pk, year])
    if unit.level < Level.VILLAGE:
        links["trend"] = reverse("trend", args=[unit.pk])
    if unit.level <= Level.COMMUNE:  # a province's page lists the decisions of its whole subtree
        links["decisions"] = reverse("unit_decisions", args=[unit.pk])
        links["dossiers"] = reverse("unit_dossiers", args=[unit.pk])
    return links
