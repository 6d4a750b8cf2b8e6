"""Province completion of the 2026–2030 programme (QĐ 51/2025/QĐ-TTg Phụ lục III): each condition
with its progress and the units still short, as a card on the post-reform province dashboard and as a
page of its own. Kept apart from dashboard_views so the dashboard's other parts change independently."""

import math

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from ntm.accounts.scope import unit_for
from ntm.core.facts import (
    COMMUNES_MODERN,
    COMMUNES_NTM,
    COMMUNES_TOTAL,
    FARMLAND_UNITS_70,
    FARMLAND_UNITS_TOTAL,
)
from ntm.core.status import Status
from ntm.indicators.completion import completion
from ntm.indicators.engine import catalog, evaluate_unit_year, sets_for_level
from ntm.units.models import AdminUnit, Level


def completion_years() -> list[int]:
    """The years a province-completion set is in force."""
    today = timezone.localdate()
    return sorted(
        {
            year
            for cset in catalog().sets.values()
            if cset.level == "province"
            for year in range(cset.valid_from.year, (cset.valid_to or today).year + 1)
        }
    )


def province_set(year: int) -> str | None:
    """The province-completion set in force in `year` (2026–2030: tinh-hoan-thanh-2026)."""
    sets = sets_for_level("province", None, year)
    return sets[0] if sets else None


def _status_label(status: Status) -> str:
    return {
        Status.MET: _("Đạt"),
        Status.NOT_MET: _("Chưa đạt"),
    }.get(status, _("Chưa xác định"))


def _link(unit: AdminUnit, year: int, set_code: str | None) -> dict:
    if unit.kind == "commune" and set_code:
        url = reverse("data_entry", args=[unit.pk, year]) + f"?set={set_code}"
    else:
        url = reverse("unit_detail", args=[unit.pk])
    return {"name": unit.name, "url": url}


def _rows(data, result) -> list[dict]:
    """One row per condition: its result, a sentence with the counts, and the units still short."""
    facts, year = data.facts, data.year
    total = facts[COMMUNES_TOTAL]
    modern_needed = math.ceil(total * 10 / 100)
    progress = {
        "xa-ntm-100": (
            _("%(met)s/%(total)s xã đạt chuẩn nông thôn mới 2026–2030")
            % {"met": facts[COMMUNES_NTM], "total": total},
            _("Xã chưa đạt chuẩn nông thôn mới 2026–2030"),
            [_link(u, year, data.ntm_set) for u in data.not_ntm],
        ),
        "xa-hien-dai-10": (
            _("%(met)s/%(total)s xã hiện đại (cần ≥ 10%%, tức ít nhất %(needed)s xã)")
            % {"met": facts[COMMUNES_MODERN], "total": total, "needed": modern_needed},
            _("Xã đã đạt chuẩn 2026–2030, chưa đạt chuẩn hiện đại"),
            [_link(u, year, data.modern_set) for u in data.not_modern],
        ),
    }
    zones = facts[FARMLAND_UNITS_TOTAL]
    if data.wards:
        text = _(
            "Chưa xác định: chưa có thông tin %(wards)s phường nào hình thành từ xã có từ 70%% "
            "diện tích đất nông nghiệp trở lên; %(zones)s đặc khu"
        ) % {"wards": len(data.wards), "zones": zones}
        short = [_link(u, year, None) for u in data.wards + data.zones_short]
    else:
        text = _("%(met)s/%(total)s đặc khu đạt tối thiểu 70%% tiêu chí") % {
            "met": facts.get(FARMLAND_UNITS_70, 0),
            "total": zones,
        }
        short = [_link(u, year, None) for u in data.zones_short]
    progress["phuong-dac-khu-70"] = (text, _("Phường, đặc khu chưa đạt hoặc chưa xác định"), short)
    rows = []
    for condition in result.conditions:
        text, short_label, short_units = progress.get(condition.code, ("", "", []))
        rows.append(
            {
                "code": condition.code,
                "name": condition.name_vi,
                "status": str(condition.status),
                "status_label": _status_label(condition.status),
                "verified": condition.verified,
                "source": condition.source,
                "progress": text,
                "short_label": short_label,
                "short": short_units,
            }
        )
    return rows


def completion_context(unit: AdminUnit, year: int) -> dict | None:
    """The completion card of a post-reform province in a year of 2026–2030; None otherwise."""
    set_code = province_set(year)
    if unit.level != Level.PROVINCE or set_code is None:
        return None
    data = completion(unit, year)
    if not data.communes:
        return None  # a province that ended on 30/6/2025
    result = evaluate_unit_year(unit, set_code, year, facts=data.facts)
    return {
        "set": catalog().get(set_code),
        "year": year,
        "status": str(result.standard),
        "status_label": _status_label(result.standard),
        "rows": _rows(data, result),
    }


@login_required
def province_completion(request, pk: int):
    unit = unit_for(request, pk)
    if unit.level > Level.DISTRICT:
        raise PermissionDenied
    years = completion_years()
    year = int(request.GET["year"]) if request.GET.get("year", "") in {str(y) for y in years} else None
    year = year or min(max(timezone.localdate().year, years[0]), years[-1])
    return render(
        request,
        "dashboard/completion.html",
        {"unit": unit, "year": year, "years": years, "completion": completion_context(unit, year)},
    )
