"""Province and district dashboards: banding of the units below by criteria met, the trend of the
average, a map of communes from their centroids (no tile server), OCOP by star — all drillable."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from ntm.accounts.scope import may_read, unit_for
from ntm.core.collation import sorted_by_name
from ntm.core.params import parse_year
from ntm.indicators.data_years import year_or_default
from ntm.indicators.engine import catalog, child_sets, set_level_of
from ntm.indicators.models import Assessment, Rollup
from ntm.indicators.rollups import band_labels, units_counted
from ntm.ocop.selectors import counts_by_star, latest_ratings
from ntm.units.eras import era_links, years_offered
from ntm.units.models import AdminUnit, Level
from ntm.units.selectors import counterparts

from .completion_views import completion_context
from .matrix_views import YEARS
from .nav import has_dashboard, my_dashboard_url
from .trend_chart import parent_trend


@login_required
def my_dashboard(request):
    """The user's landing page: their unit's dashboard (or its own page for a commune), the same
    target the navigation links to."""
    url = my_dashboard_url(request.user)
    if url is None:
        raise PermissionDenied
    return redirect(url)


@login_required
def dashboard(request, pk: int):
    parent = unit_for(request, pk)
    if not has_dashboard(parent):
        raise PermissionDenied
    year = year_or_default(parent, parse_year(request.GET.get("year")))
    sets = child_sets(parent, year)
    set_code = request.GET.get("set") if request.GET.get("set") in sets else (sets[0] if sets else None)
    rollup = Rollup.objects.filter(parent=parent, set_code=set_code, year=year).first() if set_code else None
    children = sorted_by_name(AdminUnit.objects.filter(parent=parent)) if parent.level < Level.COMMUNE else []
    child_rollups = {
        r.parent_id: r for r in Rollup.objects.filter(parent__in=children, set_code=set_code, year=year)
    }
    child_assessments = {  # communes directly below (a post-reform province): their own result
        a.unit_id: a
        for a in Assessment.objects.filter(
            unit__in=[c for c in children if c.level == Level.COMMUNE], set_code=set_code, year=year
        ).only("unit_id", "criteria_met", "criteria_total", "standard_met", "standard_provisional")
    }
    labels = band_labels(len(catalog().get(set_code).criteria) if set_code else 0)
    # The units below whose data the set measures (not a ward the set leaves out): their data entry.
    measured = {c.pk for c in children if set_code and set_level_of(c) == catalog().get(set_code).level}
    banding = [
        {
            "name": c.name,
            "url": reverse("dashboard", args=[c.pk]) + f"?year={year}",
            "bands": [child_rollups[c.pk].bands.get(b, 0) if c.pk in child_rollups else 0 for b in labels],
        }
        for c in children
        if c.level == Level.DISTRICT
    ]
    units = units_counted(parent, set_code, year) if set_code else AdminUnit.objects.none()
    assessments = {
        a.unit_id: a
        for a in Assessment.objects.filter(unit__in=units, set_code=set_code, year=year).only(
            "unit_id", "criteria_met", "criteria_total"
        )
    }
    points = [
        {
            "name": u.name,
            "lat": u.lat,
            "lon": u.lon,
            "met": assessments[u.pk].criteria_met if u.pk in assessments else None,
            "total": assessments[u.pk].criteria_total if u.pk in assessments else None,
            "url": reverse("data_entry", args=[u.pk, year]) + f"?set={set_code}",
        }
        for u in units
        if u.lat is not None
    ]
    _points, trend = parent_trend(parent, YEARS)
    today = timezone.localdate()
    ocop = sorted(
        counts_by_star(latest_ratings(AdminUnit.objects.filter(path__startswith=parent.path)), today).items()
    )
    other_era = [u for u in counterparts(parent).filter(level=parent.level) if may_read(request.user, u)]
    return render(
        request,
        "dashboard/page.html",
        {
            "other_era": other_era,
            "era": era_links(parent),
            "readable_ancestors": {a.pk for a in parent.ancestors() if may_read(request.user, a)},
            "parent": parent,
            "year": year,
            "years": years_offered(parent),
            "set_code": set_code,
            "sets": sets,
            "rollup": rollup,
            "chart_data": {
                "bands": labels,
                "banding": banding,
                "points": points,
                "trend": trend,
                "ocop": [{"stars": s, "count": n} for s, n in ocop],
            },
            "children": children,
            "measured": measured,
            "child_rollups": child_rollups,
            "child_assessments": child_assessments,
            "completion": completion_context(parent, year),
        },
    )
