"""Province completion of the 2026–2030 programme (QĐ 51/2025/QĐ-TTg Phụ lục III): each condition
with its progress and the units still short, as a card on the post-reform province dashboard and as a
page of its own. Kept apart from dashboard_views so the dashboard's other parts change independently."""

import math

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ntm.accounts.permissions import can_record_decision
from ntm.accounts.scope import unit_for
from ntm.core.facts import (
    COMMUNES_MODERN,
    COMMUNES_NTM,
    COMMUNES_TOTAL,
    FARMLAND_UNITS_TOTAL,
)
from ntm.core.params import clean_text
from ntm.core.status import Status
from ntm.indicators.completion import completion
from ntm.indicators.engine import catalog, evaluate_unit_year, sets_for_level
from ntm.units.models import AdminUnit, Kind, Level
from ntm.units.services import set_farmland_origin


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
    if set_code:
        url = reverse("data_entry", args=[unit.pk, year]) + f"?set={set_code}"
    else:
        url = reverse("unit_detail", args=[unit.pk])
    return {"name": unit.name, "url": url}


def _rows(data, result) -> list[dict]:
    """One row per condition: its result, a sentence with the counts, and the units still short."""
    facts, year = data.facts, data.year
    total = facts[COMMUNES_TOTAL]
    modern_needed = math.ceil(total * 10 / 100)
    modern_text = _("%(met)s/%(total)s xã hiện đại (cần ≥ 10%%, tức ít nhất %(needed)s xã)") % {
        "met": facts[COMMUNES_MODERN],
        "total": total,
        "needed": modern_needed,
    }
    if data.modern_set is None or not catalog().get(data.modern_set).criteria:
        modern_text += " — " + _("khung xã hiện đại chưa có nội dung tiêu chí nên chưa xã nào đánh giá được")
    progress = {
        "xa-ntm-100": (
            _("%(met)s/%(total)s xã đạt chuẩn nông thôn mới 2026–2030")
            % {"met": facts[COMMUNES_NTM], "total": total},
            _("Xã chưa đạt chuẩn nông thôn mới 2026–2030"),
            [_link(u, year, data.ntm_set) for u in data.not_ntm],
        ),
        "xa-hien-dai-10": (
            modern_text,
            _("Xã đã đạt chuẩn 2026–2030, chưa đạt chuẩn hiện đại"),
            [_link(u, year, data.modern_set) for u in data.not_modern],
        ),
    }
    counts = {
        "met": facts[FARMLAND_UNITS_TOTAL] - len(data.farmland_short),
        "total": facts[FARMLAND_UNITS_TOTAL],
        "wards": len(data.wards_undetermined),
    }
    text = (
        _("%(met)s/%(total)s phường (hình thành từ xã nông nghiệp), đặc khu đạt tối thiểu 70%% tiêu chí")
        % counts
    )
    if data.wards_undetermined:
        undetermined = (
            _(
                "Chưa xác định: %(wards)s phường chưa rõ có hình thành từ xã có từ 70%% diện tích "
                "đất nông nghiệp trở lên hay không"
            )
            % counts
        )
        text = f"{undetermined}; {text}" if counts["total"] else undetermined
    short = [_link(u, year, data.ntm_set) for u in data.farmland_short]
    short += [_link(u, year, None) for u in data.wards_undetermined]
    progress["phuong-dac-khu-70"] = (text, _("Phường, đặc khu chưa đạt hoặc chưa xác định"), short)
    rows = []
    for condition in result.conditions:
        text, short_label, short_units = progress.get(condition.code, ("", "", []))
        rows.append(
            {
                "code": condition.code,
                "name_vi": condition.name_vi,
                "name_en": condition.name_en,
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


def _year(raw, years: list[int]) -> int:
    """The year asked for when a completion set is in force then; else this year, kept in range."""
    if not years:
        return timezone.localdate().year
    return (
        int(raw)
        if raw in {str(y) for y in years}
        else min(max(timezone.localdate().year, years[0]), years[-1])
    )


def _wards(unit: AdminUnit) -> list[AdminUnit]:
    return list(unit.children.filter(kind=Kind.WARD).order_by("name")) if unit.level == Level.PROVINCE else []


@login_required
def province_completion(request, pk: int):
    unit = unit_for(request, pk)
    if unit.level > Level.DISTRICT:
        raise PermissionDenied
    years = completion_years()
    year = _year(request.GET.get("year", ""), years)
    context = completion_context(unit, year)
    wards = _wards(unit) if context and can_record_decision(request.user, unit) else []
    return render(
        request,
        "dashboard/completion.html",
        {
            "unit": unit,
            "year": year,
            "years": years,
            "completion": context,
            "wards": [
                {"unit": w, "field": f"ward-{w.pk}", "value": ORIGIN_VALUES[w.farmland_origin]} for w in wards
            ],
        },
    )


ORIGIN_VALUES = {None: "", True: "1", False: "0"}
ORIGINS = {value: key for key, value in ORIGIN_VALUES.items()}


@login_required
@require_POST
def ward_origins(request, pk: int):
    """Record which of the province's wards were formed from communes with ≥ 70% farmland."""
    unit = unit_for(request, pk)
    # the province office over the unit, or an administrator: the same rule as for its decisions
    if not can_record_decision(request.user, unit):
        raise PermissionDenied
    back = (
        reverse("province_completion", args=[unit.pk])
        + f"?year={_year(request.POST.get('year', ''), completion_years())}"
    )
    changes = {}
    for ward in _wards(unit):
        raw = request.POST.get(f"ward-{ward.pk}")
        if raw is None:
            continue
        if raw not in ORIGINS:
            return HttpResponseBadRequest(_("Giá trị không hợp lệ."))
        changes[ward] = ORIGINS[raw]
    reason = clean_text(request.POST.get("reason"), max_length=500)
    if not reason:
        messages.error(request, _("Cần ghi lý do, căn cứ."))
        return redirect(back)
    changed = set_farmland_origin(actor=request.user, changes=changes, reason=reason)
    if changed:
        messages.success(request, _("Đã cập nhật %(count)s phường.") % {"count": len(changed)})
    else:
        messages.info(request, _("Không có gì thay đổi."))
    return redirect(back)
