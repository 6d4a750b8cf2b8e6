"""Pages of the web shell: home, unit browser, unit search and unit page. Views stay thin: parse,
check permission, call a selector, render."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, render

from ntm.accounts.permissions import can_classify, home_unit
from ntm.core.collation import sort_key
from ntm.core.params import clean_text
from ntm.indicators.data_years import default_year, sets_in_force
from ntm.indicators.models import Assessment
from ntm.units.eras import era_links
from ntm.units.models import PRE_REFORM_LAST_DAY, REFORM_DATE, AdminUnit, Level, map_day
from ntm.units.selectors import children_as_of, lineage_of, search_units

from .dates import parse_as_of
from .nav import my_dashboard_url, unit_links
from .todo import todo


@login_required
def home(request):
    unit = home_unit(request.user)
    year = default_year(unit)
    return render(
        request,
        "web/home.html",
        {
            "home_unit": unit,
            "year": year,
            "dashboard_url": my_dashboard_url(request.user),
            "links": unit_links(request.user, unit, year) if unit else {},
            "era": era_links(unit) if unit else None,
            "todo": todo(request.user, unit, year) if unit else [],
        },
    )


def _tree(root: AdminUnit | None, as_of):
    """Two levels below `root` as (unit, children) pairs, enough to show a province's districts and
    communes, or a commune's villages."""
    nodes = []
    for child in children_as_of(root, as_of):
        grandchildren = list(children_as_of(child, as_of)) if root is not None else []
        nodes.append((child, grandchildren))
    return nodes


@login_required
def unit_browser(request):
    as_of = parse_as_of(request.GET.get("as_of"))
    root = None
    province_code = clean_text(request.GET.get("province"), max_length=20)
    if province_code:
        root = AdminUnit.objects.as_of(as_of).filter(level=Level.PROVINCE, code=province_code).first()
        if root is None:
            raise Http404("Không có tỉnh mã này vào ngày đã chọn.")
    return render(
        request,
        "units/browser.html",
        {
            "as_of": as_of,
            "root": root,
            "tree": _tree(root, as_of),
            "pre_reform_day": PRE_REFORM_LAST_DAY,
            "map_day": map_day(as_of),
            "reform_day": REFORM_DATE,
            "query": request.GET.get("q", ""),
        },
    )


@login_required
def unit_search(request):
    query = request.GET.get("q", "")
    results = list(search_units(query)) if query.strip() else []
    template = "units/_search_results.html" if request.htmx else "units/search.html"
    return render(request, template, {"query": query, "results": results})


@login_required
def unit_detail(request, pk: int):
    unit = get_object_or_404(AdminUnit.objects.select_related("parent__parent"), pk=pk)
    ancestors = unit.ancestors()
    year = default_year(unit)
    links = unit_links(request.user, unit, year)
    return render(
        request,
        "units/detail.html",
        {
            "unit": unit,
            "ancestors": ancestors,
            "lineage": lineage_of(unit),
            "children": sorted(unit.children.all(), key=lambda c: (c.kind, sort_key(c.name))),
            "province": ancestors[0] if ancestors else unit,
            "era": era_links(unit),
            "data_year": year,
            "links": links,
            "result": _result(unit, year) if links else None,
            "may_classify": unit.level in (Level.PROVINCE, Level.COMMUNE)
            and can_classify(request.user, unit),
        },
    )


def _result(unit: AdminUnit, year: int):
    """A commune's or village's own result in its default year (base set first), for its page."""
    if unit.level < Level.COMMUNE:
        return None
    sets = sets_in_force(unit, year)
    return Assessment.objects.filter(unit=unit, year=year, set_code__in=sets[:1]).first()
