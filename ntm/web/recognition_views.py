"""Recording a recognition or revocation decision for a unit (province office or administrator)."""

import datetime
from typing import cast

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ntm.accounts.permissions import can_record_decision
from ntm.accounts.scope import may_read, unit_for, visible
from ntm.core.params import parse_id, parse_year
from ntm.dates import DateField
from ntm.indicators.engine import catalog, set_name
from ntm.recognition import upkeep
from ntm.recognition.models import Decision
from ntm.recognition.selectors import decisions_under, inherited_recognitions
from ntm.recognition.services import record_decision
from ntm.units.models import AdminUnit, Level

STANDARD_NAMES = {
    "ntm": gettext_lazy("Đạt chuẩn nông thôn mới"),
    "nang-cao": gettext_lazy("Đạt chuẩn nông thôn mới nâng cao"),
    "kieu-mau": gettext_lazy("Đạt chuẩn nông thôn mới kiểu mẫu"),
    "hien-dai": gettext_lazy("Đạt chuẩn nông thôn mới hiện đại"),
    "van-minh": gettext_lazy("Đạt chuẩn đô thị văn minh"),
}


def _set_level(unit: AdminUnit) -> str:
    return {"commune": "commune", "township": "township"}.get(unit.kind, "district")


def _standards(unit: AdminUnit) -> dict[str, list[str]]:
    """The standards of the unit's level, by tier, each with its successive sets."""
    standards: dict[str, list[str]] = {}
    for cset in catalog().sets.values():
        if cset.level == _set_level(unit):
            standards.setdefault(cset.tier, []).append(cset.code)
    return standards


def _inherited(request, unit: AdminUnit) -> list[dict]:
    """How the unit's predecessors stand under each standard it has no decision of its own for."""
    return [
        {
            "name": STANDARD_NAMES.get(item.standard, item.standard),
            "recognised": item.recognised,
            "predecessors": [
                {"unit": p, "decision": d, "linked": may_read(request.user, p)} for p, d in item.predecessors
            ],
        }
        for item in inherited_recognitions(unit, _standards(unit), datetime.date.today())
    ]


class DecisionForm(forms.Form):
    set_code = forms.ChoiceField(label=gettext_lazy("Bộ tiêu chí / hạng"))
    year = forms.IntegerField(label=gettext_lazy("Năm đạt chuẩn"), min_value=2011, max_value=2035)
    kind = forms.ChoiceField(label=gettext_lazy("Loại quyết định"), choices=Decision.Kind.choices)
    number = forms.CharField(label=gettext_lazy("Số quyết định"), max_length=100)
    date = DateField(label=gettext_lazy("Ngày quyết định"))
    authority = forms.CharField(
        label=gettext_lazy("Cơ quan ban hành"), max_length=200, initial=gettext_lazy("UBND tỉnh")
    )
    note = forms.CharField(
        label=gettext_lazy("Ghi chú"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    confirm_revocation = forms.BooleanField(
        label=gettext_lazy("Tôi xác nhận ghi quyết định thu hồi"), required=False
    )

    def __init__(self, *args, unit: AdminUnit, **kwargs):
        super().__init__(*args, **kwargs)
        level = _set_level(unit)
        cast(forms.ChoiceField, self.fields["set_code"]).choices = [
            (c.code, set_name(c.code)) for c in catalog().sets.values() if c.level == level
        ]

    def clean(self):
        data = super().clean()
        if data.get("kind") == Decision.Kind.REVOKE and not data.get("confirm_revocation"):
            self.add_error(
                "confirm_revocation", _("Thu hồi là quyết định quan trọng: hãy đánh dấu xác nhận.")
            )
        if data.get("date") and data["date"] > datetime.date.today():
            self.add_error("date", _("Ngày quyết định không thể ở tương lai."))
        return data


def _subtree_decisions(request, unit: AdminUnit) -> dict:
    """The decisions of the unit and the units below it the user may read, filtered by `?year=`,
    `?level=` and `?standard=` (a tier: ntm, nang-cao, ...)."""
    year = parse_year(request.GET.get("year"))
    level = parse_id(request.GET.get("level"))
    level = level if level in Level.values and level >= unit.level else None
    standard = request.GET.get("standard") or ""
    codes = (
        [c.code for c in catalog().sets.values() if c.tier == standard]
        if standard in STANDARD_NAMES
        else None
    )
    rows = visible(request.user, decisions_under(unit, year=year, level=level, set_codes=codes))
    return {
        "decisions": rows,
        "filters": {"year": year, "level": level, "standard": standard if codes is not None else ""},
        "levels": [(value, label) for value, label in Level.choices if value >= unit.level],
        "standards": list(STANDARD_NAMES.items()),
        "subtree": unit.level < Level.VILLAGE,
    }


@login_required
def unit_decisions(request, pk: int):
    unit = unit_for(request, pk)
    allowed = can_record_decision(request.user, unit)
    form = None
    if allowed:
        form = DecisionForm(request.POST or None, unit=unit)
        if request.method == "POST" and form.is_valid():
            record_decision(
                actor=request.user,
                unit=unit,
                **{k: v for k, v in form.cleaned_data.items() if k != "confirm_revocation"},
            )
            messages.success(request, _("Đã ghi quyết định."))
            return redirect("unit_decisions", pk=unit.pk)
    elif request.method == "POST":
        raise PermissionDenied
    return render(
        request,
        "recognition/decisions.html",
        {
            "unit": unit,
            **_subtree_decisions(request, unit),
            "inherited": _inherited(request, unit),
            "form": form,
        },
    )


@login_required
def unit_upkeep(request, pk: int):
    """The yearly upkeep review of the units recognised below this one, with the revocation check."""
    unit = unit_for(request, pk)
    year = parse_year(request.GET.get("year")) or datetime.date.today().year
    rows = upkeep.review(request.user, unit, year)
    context = {
        "unit": unit,
        "year": year,
        "rows": [{"row": r, "set_name": upkeep.set_name(r.set_code)} for r in rows],
        "may_record": can_record_decision(request.user, unit),
    }
    return render(request, "recognition/upkeep.html", context)
