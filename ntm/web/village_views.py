"""A commune's villages (thôn, bản, tổ dân phố): the list with each village's result against the
village set, and adding or renaming a village (province office and the commune's officer; audited
by `units.villages`)."""

import datetime

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ntm.accounts.permissions import can_edit_villages
from ntm.accounts.scope import unit_for
from ntm.core.collation import sort_key
from ntm.core.params import parse_year
from ntm.indicators.engine import applicable_sets, catalog
from ntm.indicators.models import Assessment
from ntm.recognition.selectors import recognised_units
from ntm.units.eras import era_links
from ntm.units.models import AdminUnit, Level
from ntm.units.villages import VillageInvalid, create_village, update_village


class VillageForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Tên thôn, bản"), max_length=200)
    code = forms.CharField(label=gettext_lazy("Mã thôn (nếu có)"), max_length=20, required=False)
    reason = forms.CharField(
        label=gettext_lazy("Lý do, căn cứ"),
        max_length=500,
        required=False,
        help_text=gettext_lazy("Ví dụ: quyết định thành lập, sáp nhập thôn"),
    )


def _village_year(villages: list[AdminUnit], commune: AdminUnit, asked: int | None) -> int:
    """The year asked for, else the latest year a village of the commune was assessed, else the
    last year of the commune's era (this year for today's communes)."""
    if asked is not None:
        return asked
    latest = (
        Assessment.objects.filter(unit__in=villages).order_by("-year").values_list("year", flat=True).first()
    )
    if latest:
        return latest
    today = datetime.date.today()
    return min(today.year, commune.valid_to.year) if commune.valid_to else today.year


@login_required
def commune_villages(request, pk: int):
    commune = unit_for(request, pk)
    if commune.level != Level.COMMUNE:
        return redirect("unit_detail", pk=commune.pk)
    may_edit = can_edit_villages(request.user, commune)
    form = VillageForm(request.POST or None) if may_edit else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            data = form.cleaned_data
            try:
                village = create_village(
                    commune, data["name"], data["code"], actor=request.user, reason=data["reason"]
                )
            except VillageInvalid as exc:
                form.add_error("name", str(exc))
            else:
                messages.success(request, _("Đã thêm %(name)s.") % {"name": village.name})
                return redirect("commune_villages", pk=commune.pk)
    villages = sorted(commune.children.filter(level=Level.VILLAGE), key=lambda v: sort_key(v.name))
    year = _village_year(villages, commune, parse_year(request.GET.get("year")))
    set_codes = applicable_sets(villages[0], year) if villages else []
    set_code = set_codes[0] if set_codes else None
    rows = []
    if set_code:
        assessments = {
            a.unit_id: a for a in Assessment.objects.filter(unit__in=villages, set_code=set_code, year=year)
        }
        recognised = recognised_units(villages, [set_code], datetime.date(year, 12, 31))
        rows = [(v, assessments.get(v.pk), recognised.get(v.pk)) for v in villages]
    else:
        rows = [(v, None, None) for v in villages]
    return render(
        request,
        "units/villages.html",
        {
            "unit": commune,
            "era": era_links(commune),
            "rows": rows,
            "year": year,
            "set_name": catalog().get(set_code).name_vi if set_code else "",
            "form": form,
            "may_edit": may_edit,
            "assessed": sum(1 for _v, a, _d in rows if a is not None),
            "meeting": sum(1 for _v, a, _d in rows if a is not None and a.standard_met),
            "recognised": sum(1 for _v, _a, d in rows if d is not None),
        },
    )


@login_required
def village_edit(request, pk: int):
    village = get_object_or_404(AdminUnit.objects.select_related("parent"), pk=pk, level=Level.VILLAGE)
    commune = unit_for(request, village.parent_id)
    if not can_edit_villages(request.user, commune):
        raise PermissionDenied
    form = VillageForm(request.POST or None, initial={"name": village.name, "code": village.code})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            update_village(village, data["name"], data["code"], actor=request.user, reason=data["reason"])
        except VillageInvalid as exc:
            form.add_error("name", str(exc))
        else:
            messages.success(request, _("Đã lưu thôn, bản."))
            return redirect("commune_villages", pk=commune.pk)
    return render(request, "units/village_form.html", {"unit": commune, "village": village, "form": form})
