"""Criteria sets as the law (and this system) has them: every threshold with its verified flag and
source, and the administrator's corrections."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ntm.accounts.permissions import is_admin
from ntm.criteria.cells import describe, records
from ntm.indicators.corrections import correct_threshold
from ntm.indicators.engine import catalog
from ntm.indicators.models import ThresholdCorrection

# The level a set is for, as the office says it.
LEVELS = {
    "province": gettext_lazy("Tỉnh"),
    "district": gettext_lazy("Huyện"),
    "township": gettext_lazy("Thị trấn"),
    "commune": gettext_lazy("Xã"),
    "village": gettext_lazy("Thôn, bản"),
}


class CorrectionForm(forms.Form):
    indicator_code = forms.ChoiceField(label=gettext_lazy("Chỉ tiêu"))
    value = forms.CharField(label=gettext_lazy("Ngưỡng"), max_length=50)
    column = forms.CharField(
        label=gettext_lazy("Cột (vùng / nhóm; để trống: mọi cột)"), max_length=10, required=False
    )
    province_code = forms.CharField(
        label=gettext_lazy("Mã tỉnh (để trống: toàn quốc)"), max_length=5, required=False
    )
    year = forms.IntegerField(
        label=gettext_lazy("Năm (để trống: mọi năm)"), min_value=2000, max_value=2100, required=False
    )
    verified = forms.BooleanField(label=gettext_lazy("Đã đối chiếu với văn bản gốc"), required=False)
    source = forms.CharField(label=gettext_lazy("Căn cứ pháp lý"), max_length=300)
    reason = forms.CharField(label=gettext_lazy("Lý do"), widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, cset, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["indicator_code"].choices = [
            (i.code, f"{i.code} — {i.name_vi}") for i in cset.indicators()
        ]


@login_required
def catalog_list(request):
    return render(
        request,
        "catalogs/list.html",
        {"sets": sorted(catalog().sets.values(), key=lambda c: c.code), "levels": LEVELS},
    )


@login_required
def catalog_detail(request, code: str):
    try:
        cset = catalog().get(code)
    except KeyError:
        raise Http404 from None
    form = CorrectionForm(request.POST or None, cset=cset) if is_admin(request.user) else None
    if request.method == "POST":
        if form is None:
            from django.core.exceptions import PermissionDenied

            raise PermissionDenied
        if form.is_valid():
            data = form.cleaned_data
            try:
                correct_threshold(actor=request.user, set_code=code, **data)
            except ValueError as exc:
                form.add_error("value", str(exc))
            else:
                messages.success(request, _("Đã ghi điều chỉnh ngưỡng và đánh giá lại các đơn vị."))
                return redirect("catalog_detail", code=code)
    return render(
        request,
        "catalogs/detail.html",
        {
            "cset": cset,
            "form": form,
            "cell_notes": _cell_notes(code),
            "corrections": ThresholdCorrection.objects.filter(set_code=code)
            .select_related("author")
            .order_by("-created_at"),
        },
    )


def _cell_notes(code: str) -> dict[str, list[str]]:
    """Indicator code -> "column (year): who entered, who verified against what" of the version in force."""
    notes: dict[str, list[str]] = {}
    for (indicator, column, year), cell in sorted(records(code).items(), key=lambda kv: str(kv[0])):
        if cell.entered_by_id or cell.verified_by_id:
            where = f"{column} ({year})" if year else column
            notes.setdefault(indicator, []).append(f"{where}: {describe(cell)}")
    return notes
