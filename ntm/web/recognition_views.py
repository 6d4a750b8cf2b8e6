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
from ntm.accounts.scope import unit_for
from ntm.dates import DateField
from ntm.indicators.engine import catalog
from ntm.recognition.models import Decision
from ntm.recognition.selectors import decisions_of
from ntm.recognition.services import record_decision
from ntm.units.models import AdminUnit


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
        level = {"commune": "commune", "township": "township"}.get(unit.kind, "district")
        cast(forms.ChoiceField, self.fields["set_code"]).choices = [
            (c.code, f"{c.code} — {c.name_vi}") for c in catalog().sets.values() if c.level == level
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
            "decisions": decisions_of(unit),
            "form": form,
        },
    )
