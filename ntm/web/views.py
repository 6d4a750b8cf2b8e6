"""Pages of the web shell: home, unit browser, unit search and unit page. Views stay thin: parse,
check permission, call a selector, render."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from ntm.accounts.permissions import can_classify, home_unit
from ntm.core.collation import sort_key
from ntm.core.params import clean_text
from ntm.units.models import PRE_REFORM_LAST_DAY, REFORM_DATE, AdminUnit, Level
from ntm.units.selectors import children_as_of, lineage_of, search_units

from .dates import parse_as_of


@login_required
def home(request):
    unit = home_unit(request.user)
    return render(request, "web/home.html", {"home_unit": unit})


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
    return render(
        request,
        "units/detail.html",
        {
            "unit": unit,
            "ancestors": ancestors,
            "lineage": lineage_of(unit),
            "children": sorted(unit.children.all(), key=lambda c: (c.kind, sort_key(c.name))),
            "province": ancestors[0] if ancestors else unit,
            "data_year": _data_year(unit),
            "may_classify": unit.level in (Level.PROVINCE, Level.COMMUNE)
            and can_classify(request.user, unit),
        },
    )


def _data_year(unit: AdminUnit) -> int:
    """The most recent year whose data belongs to this unit's era: 2024 for pre-reform units."""
    today = timezone.localdate()
    if unit.valid_to is not None and unit.valid_to < today:
        return unit.valid_to.year - (1 if unit.valid_to.month < 12 else 0)
    return today.year
