"""The unit × criterion matrix of a parent unit, the nearest-to-standard list, and the trend page."""

import datetime

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import render
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.text import capfirst
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from ntm.accounts.scope import is_national, unit_for
from ntm.core.collation import sorted_by_name
from ntm.core.status import STATUSES, Status, label
from ntm.indicators.engine import catalog, child_sets, same_standard, year_era_date
from ntm.indicators.models import Rollup
from ntm.indicators.rollups import band_labels, band_of, units_counted
from ntm.indicators.selectors import assessments_for, explained, nearest_to_standard, revocation_risk
from ntm.recognition.selectors import recognised_units
from ntm.units.eras import era_links
from ntm.units.models import AdminUnit, Level

from .trend_chart import commune_trend, parent_trend

YEARS = range(2011, 2031)


def _parent(request, pk):
    """The parent unit of the page, or None for the whole country (national actors only)."""
    if pk is None:
        if not is_national(request.user):
            raise PermissionDenied
        return None
    return unit_for(request, pk)


SYMBOLS = {"met": "✓", "not_met": "✗"}  # anything else: "·"


def _row(unit, assessment, criteria, labels: tuple[dict[str, str], str, dict[str, str]]):
    statuses = {}
    if assessment:
        for criterion in assessment.summary().criteria:
            statuses[criterion.code] = (
                criterion.status,
                criterion.basis,
                criterion.computed_status,
                criterion.provisional,
            )
    return {
        "unit": unit,
        "assessment": assessment,
        "statuses": statuses,
        "cells": _cells(statuses, criteria, labels),
    }


def _cells(statuses: dict, criteria, labels: tuple[dict[str, str], str, dict[str, str]]) -> str:
    """The row's criterion cells as HTML, built here rather than by the template: a province's
    matrix has ~10,000 of them, and the template loop took most of the page's time."""
    titles, recorded_suffix, provisional_titles = labels
    out = []
    for criterion in criteria:
        status, basis, _computed, provisional = statuses.get(criterion.code) or ("missing", None, None, False)
        status = status or "missing"
        recorded = basis == "recorded"
        provisional = provisional and status in provisional_titles
        title: str
        if status not in titles:  # not one of the engine's statuses: shown as it is, escaped
            status = title = escape(status)
        else:
            title = provisional_titles[status] if provisional else titles[status]
        classes = f"cell st-{status}{' recorded' if recorded else ''}{' provisional' if provisional else ''}"
        marks = ("<sup>R</sup>" if recorded else "") + ("<sup>*</sup>" if provisional else "")
        out.append(
            f'<td class="{classes}" title="{title}{recorded_suffix if recorded else ""}">'
            f"{SYMBOLS.get(status, '·')}{marks}</td>"
        )
    return mark_safe("".join(out))  # every part is escaped above or fixed text


def _status_labels() -> tuple[dict[str, str], str, dict[str, str]]:
    """Cell titles by status, what a recorded status adds to them, and the titles of provisional
    verdicts ("Đạt (tạm tính)"), in the page's language: each translated and escaped once per page."""
    lang = "en" if (get_language() or "vi").startswith("en") else "vi"
    titles: dict[str, str] = {status: escape(capfirst(label(status, lang))) for status in STATUSES}
    decided = (Status.MET, Status.NOT_MET)
    provisional: dict[str, str] = {
        status: escape(capfirst(label(status, lang, provisional=True))) for status in decided
    }
    return titles, escape(" (" + _("ghi nhận") + ")"), provisional


def _grouped(parent: AdminUnit, units: list) -> tuple[list, dict[int, AdminUnit]]:
    """A province's communes grouped by their district (pre-reform map), districts and communes in
    Vietnamese order; the units unchanged, without groups, elsewhere (a district's matrix, or the
    post-reform map where communes sit right under the province)."""
    if parent.level != Level.PROVINCE:
        return units, {}
    parents = AdminUnit.objects.in_bulk({u.parent_id for u in units if u.parent_id})
    groups = {
        u.pk: parents[u.parent_id]
        for u in units
        if u.parent_id in parents and parents[u.parent_id].level == Level.DISTRICT
    }
    if not groups:
        return units, {}
    districts = {d.pk: i for i, d in enumerate(sorted_by_name({g.pk: g for g in groups.values()}.values()))}
    # a stable sort: each district's communes keep their alphabetical order
    return sorted(units, key=lambda u: districts[groups[u.pk].pk] if u.pk in groups else -1), groups


@login_required
def matrix(request, pk: int, year: int):
    parent = _parent(request, pk)
    sets = child_sets(parent, year)
    if not sets:
        raise Http404(_("Không có đơn vị nào có bộ tiêu chí trong năm này."))
    set_code = request.GET.get("set") or sets[0]
    if set_code not in sets:
        raise Http404(_("Bộ tiêu chí không áp dụng."))
    cset = catalog().get(set_code)
    if parent is None:
        return _national(request, cset, sets, year)
    units, groups = _grouped(parent, sorted_by_name(units_counted(parent, set_code, year)))
    assessments = assessments_for(units, set_code, year)
    labels = _status_labels()
    rows = [_row(u, assessments.get(u.pk), cset.criteria, labels) for u in units]
    for row in rows:
        row["group"] = groups.get(row["unit"].pk)
    total = len(cset.criteria)
    recognised = recognised_units(units, same_standard(set_code), datetime.date(year, 12, 31))
    for row in rows:
        a = row["assessment"]
        row["band"] = band_of(a.criteria_met, a.criteria_total) if a else None
        row["recognised"] = recognised.get(row["unit"].pk)
        row["risk"] = revocation_risk(a, recognised=row["recognised"] is not None)
    band = request.GET.get("band")
    missing = request.GET.get("not_met")
    shown = [
        r
        for r in rows
        if (not band or r["band"] == band)
        and (not missing or r["statuses"].get(missing, ("missing",))[0] != "met")
    ]
    coverage = {
        c.code: sum(1 for r in rows if r["statuses"].get(c.code, ("",))[0] == "met") for c in cset.criteria
    }
    coverage_provisional = {  # of the units meeting each criterion, those meeting it provisionally
        c.code: sum(1 for r in rows if (s := r["statuses"].get(c.code)) and s[0] == "met" and s[3])
        for c in cset.criteria
    }
    nearest = nearest_to_standard(r["assessment"] for r in rows if r["assessment"])
    unit_of = {r["unit"].pk: r for r in rows}
    rollup = Rollup.objects.filter(parent=parent, set_code=set_code, year=year).first()
    return render(
        request,
        "matrix/page.html",
        {
            "parent": parent,
            "year": year,
            "sets": sets,
            "cset": cset,
            "rows": shown,
            "all_count": len(rows),
            "coverage": coverage,
            "coverage_provisional": coverage_provisional,
            "bands": band_labels(total),
            "band": band,
            "not_met": missing,
            "nearest": [
                (unit_of[a.unit_id], explained(a, unit_of[a.unit_id]["unit"]).gaps()) for a in nearest
            ],
            "rollup": rollup,
            "years": YEARS,
            "era": era_links(parent),
        },
    )


def _national(request, cset, sets, year: int):
    """The country is too large for one unit × criterion grid: one row per province, each cell the
    number of its communes meeting the criterion, from the roll-ups (milliseconds, not minutes)."""
    day = year_era_date(year)
    provinces = sorted_by_name(AdminUnit.objects.as_of(day).filter(level=1))
    rollups = {
        r.parent_id: r for r in Rollup.objects.filter(parent__in=provinces, set_code=cset.code, year=year)
    }
    return render(
        request,
        "matrix/national.html",
        {
            "year": year,
            "sets": sets,
            "cset": cset,
            "years": YEARS,
            "rows": [(p, rollups.get(p.pk)) for p in provinces],
            "total": Rollup.objects.filter(parent__isnull=True, set_code=cset.code, year=year).first(),
        },
    )


@login_required
def trend(request, pk: int | None = None):
    """The units below a parent year by year; for a commune, its own results and, before the 2025
    reorganisation, those of the communes it was formed from."""
    parent = _parent(request, pk)
    if parent is not None and parent.level == Level.COMMUNE:
        rows, chart = commune_trend(request.user, parent, YEARS)
        return render(request, "matrix/trend_unit.html", {"unit": parent, "rows": rows, "chart": chart})
    points, chart = parent_trend(parent, YEARS)
    return render(request, "matrix/trend.html", {"parent": parent, "points": points, "chart": chart})
