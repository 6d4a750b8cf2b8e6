"""The data of a trend chart that never mixes criteria sets.

Each criteria set is its own series, named by its Vietnamese (or English) name, never its code; a
commune's trend has one series per set and unit measured (its predecessors before the 2025
reorganisation, then itself). Sets with different numbers of criteria (19 until 2025, 10 from 2026)
are drawn in separate panels, each on its own scale, so no line falls from 16.6 of 19 to 5.9 of 10.
Within a panel every year from the first to the last is on the axis: a year without data is a gap
(null), never a zero and never a line drawn across it. Plan targets sit beside the actuals of their
set. `static/web/trendchart.js` draws it.
"""

import datetime
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from ntm.accounts.scope import may_read
from ntm.indicators.engine import catalog
from ntm.planning.selectors import trend_targets
from ntm.recognition.trend import points as parent_points
from ntm.recognition.trend import unit_points
from ntm.units.models import LineageLink


def set_name(set_code: str) -> str:
    """The set's name in the page's language (its code only when the catalog no longer has it)."""
    try:
        cset = catalog().get(set_code)
    except KeyError:
        return set_code
    return cset.name("en" if (get_language() or "vi").startswith("en") else "vi")


def unit_label(unit, measured_for) -> str:
    """The unit a point measured: a predecessor of `measured_for` is marked as the former unit."""
    if unit.pk == measured_for.pk:
        return unit.name
    return _("%(name)s (cũ)") % {"name": unit.name}


def parent_trend(parent, years) -> tuple[list[dict], dict]:
    """Table rows and chart of the units below `parent` (None: the country): the average criteria
    per unit and the units meeting the standard, a series per set, with the parent's plan targets."""
    rows = parent_points(parent, years)
    for row in rows:
        row["set_name"] = set_name(row["set"])
    points = [
        {
            "year": r["year"],
            "set": r["set"],
            "scale": r["criteria_total"],
            "value": r["average"],
            "count": r["standard_met"],
            "label": "",
        }
        for r in rows
    ]
    targets = [
        {
            "year": t["year"],
            "set": t["set"],
            "value": t["value"],
            "bar": t["kind"] == "standard_met",
            "label": "",
        }
        for t in (trend_targets([parent]) if parent is not None else [])
        if t["kind"] in ("average", "standard_met")
    ]
    return rows, build(points, targets)


def commune_trend(actor, unit, years) -> tuple[list[dict], dict]:
    """Table rows and chart of one commune across the 2025 reorganisation: the years of each
    predecessor it was formed from (those `actor` may read), labelled with the unit measured, then
    its own years; a series per set and unit, with the targets plans set for them."""
    predecessors = [
        link.predecessor
        for link in LineageLink.objects.filter(successor=unit).select_related("predecessor__parent")
        if may_read(actor, link.predecessor)
    ]
    units = [*predecessors, unit]
    rows = unit_points(units, years)
    for row in rows:
        row["set_name"] = set_name(row["set"])
        row["label"] = unit_label(row["unit"], unit)
    points = [
        {
            "year": r["year"],
            "set": r["set"],
            "scale": r["criteria_total"],
            "value": r["met"],
            "count": None,
            "label": r["label"],
        }
        for r in rows
    ]
    targets = [
        {
            "year": t["year"],
            "set": t["set"],
            "value": t["value"],
            "bar": False,
            "label": unit_label(t["unit"], unit),
        }
        for t in trend_targets(units)
        if t["kind"] == "met"
    ]
    return rows, build(points, targets)


def _number(value) -> float | int | None:
    if value is None:
        return None
    if isinstance(value, Decimal):
        return float(value)
    return value


def build(points: list[dict], targets: list[dict], *, today: datetime.date | None = None) -> dict:
    """Panels of series from points `{year, set, scale, value, count, label}` (`count`: the bar
    beside the line, or None; `label`: the unit measured, or "" when the series is the set alone)
    and targets `{year, set, value, bar, label}` (`bar`: a target for the count, not the line)."""
    year_now = (today or timezone.localdate()).year
    panels: dict[int, dict] = {}
    series: dict[tuple[str, str], dict] = {}
    for point in points:
        key = (point["set"], point["label"])
        if key not in series:
            name = set_name(point["set"])
            series[key] = {
                "name": f"{name} — {point['label']}" if point["label"] else name,
                "set": point["set"],
                "scale": point["scale"],
                "values": {},
                "counts": {},
            }
            panels.setdefault(point["scale"], {"scale": point["scale"], "series": [], "targets": []})
            panels[point["scale"]]["series"].append(series[key])
        series[key]["values"][point["year"]] = _number(point["value"])
        if point.get("count") is not None:
            series[key]["counts"][point["year"]] = point["count"]
    scale_of = {s["set"]: s["scale"] for s in series.values()}
    drawn: dict[tuple[str, str, bool], dict] = {}
    for target in targets:
        scale = scale_of.get(target["set"])
        if scale is None:  # a target for a set the trend has no actuals of
            continue
        target_key = (target["set"], target["label"], target["bar"])
        if target_key not in drawn:
            name = set_name(target["set"])
            if target["label"]:
                name = f"{name} — {target['label']}"
            drawn[target_key] = {
                "name": _("Chỉ tiêu kế hoạch: %(name)s") % {"name": name},
                "bar": target["bar"],
                "values": {},
            }
            panels[scale]["targets"].append(drawn[target_key])
        drawn[target_key]["values"][target["year"]] = _number(target["value"])
    return {
        "panels": [_panel(panel, year_now) for _scale, panel in sorted(panels.items(), key=_by_first_year)]
    }


def _by_first_year(item) -> int:
    return min(min(s["values"]) for s in item[1]["series"])


def _panel(panel: dict, year_now: int) -> dict:
    years = [y for s in panel["series"] for y in s["values"]] + [
        y for t in panel["targets"] for y in t["values"]
    ]
    first, last = min(years), max(years)
    for s in panel["series"]:  # a year in force with no data yet is shown as a gap, not hidden
        valid_to = catalog().get(s["set"]).valid_to if s["set"] in catalog().sets else None
        end = min(valid_to.year if valid_to else year_now, year_now)
        last = max(last, end)
    axis = list(range(first, last + 1))
    return {
        "title": _("Bộ %(n)s tiêu chí") % {"n": panel["scale"]},
        "max": panel["scale"],
        "years": axis,
        "series": [
            {
                "name": s["name"],
                "values": [s["values"].get(y) for y in axis],
                "counts": [s["counts"].get(y) for y in axis] if s["counts"] else None,
            }
            for s in panel["series"]
        ],
        "targets": [
            {"name": t["name"], "bar": t["bar"], "values": [t["values"].get(y) for y in axis]}
            for t in panel["targets"]
        ],
    }
