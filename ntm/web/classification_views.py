"""Editing the classifications that select a unit's thresholds (audited, re-evaluates at once)."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ntm.accounts.permissions import can_classify
from ntm.dates import DateField
from ntm.indicators.classification import update_classification
from ntm.units.models import CLASSIFICATION_FIELDS, AdminUnit, CommuneGroup, Level, Region


class CommuneClassificationForm(forms.Form):
    dbkk = forms.BooleanField(label=gettext_lazy("Xã đặc biệt khó khăn (ĐBKK)"), required=False)
    # QĐ 318/QĐ-TTg Điều 1 sends to the TDMNPB column only the ATK communes "thuộc huyện nghèo và
    # huyện vừa thoát nghèo giai đoạn 2018 - 2020": the flag means exactly that, and setting it asks
    # the person to confirm the district's status (kept in the audited reason).
    atk = forms.BooleanField(
        label=gettext_lazy(
            "Xã an toàn khu (ATK) thuộc huyện nghèo hoặc huyện vừa thoát nghèo giai đoạn 2018–2020"
        ),
        help_text=gettext_lazy(
            "Theo QĐ 318/QĐ-TTg Điều 1, chỉ xã an toàn khu thuộc huyện nghèo và huyện vừa thoát nghèo "
            "giai đoạn 2018 - 2020 được áp dụng mức đạt chuẩn của vùng Trung du miền núi phía Bắc. "
            "Xã an toàn khu của huyện khác không đánh dấu ở đây."
        ),
        required=False,
    )
    atk_poor_district = forms.BooleanField(
        label=gettext_lazy(
            "Xác nhận: huyện của xã là huyện nghèo hoặc huyện vừa thoát nghèo giai đoạn 2018–2020"
        ),
        required=False,
    )
    commune_group = forms.TypedChoiceField(
        label=gettext_lazy("Nhóm xã 2026–2030"),
        choices=[("", "—"), *CommuneGroup.choices],
        coerce=int,
        empty_value=None,
        required=False,
    )
    group_decision = forms.CharField(
        label=gettext_lazy("Số quyết định xếp nhóm"),
        max_length=100,
        required=False,
        help_text=gettext_lazy("Ví dụ: 123/QĐ-UBND"),
    )
    group_decision_date = DateField(label=gettext_lazy("Ngày quyết định"), required=False)
    group_issuer = forms.CharField(label=gettext_lazy("Cơ quan ban hành"), max_length=200, required=False)
    group_decision_demo = forms.BooleanField(
        label=gettext_lazy("Quyết định mẫu (dữ liệu trình diễn, không phải văn bản thật)"), required=False
    )
    reason = forms.CharField(label=gettext_lazy("Lý do, căn cứ"), widget=forms.Textarea(attrs={"rows": 2}))

    def clean(self):
        """A commune group is set by a decision: its number, date and issuer go with it."""
        data = super().clean()
        if data.get("commune_group") is not None:
            for name in ("group_decision", "group_decision_date", "group_issuer"):
                if not data.get(name):
                    self.add_error(name, _("Hãy ghi số, ngày và cơ quan ban hành quyết định xếp nhóm xã."))
        if data.get("atk") and not self.initial.get("atk") and not data.get("atk_poor_district"):
            self.add_error(
                "atk_poor_district",
                _(
                    "Chỉ đánh dấu xã an toàn khu khi huyện của xã là huyện nghèo hoặc huyện vừa thoát "
                    "nghèo giai đoạn 2018–2020: hãy xác nhận."
                ),
            )
        return data


class ProvinceClassificationForm(forms.Form):
    region = forms.ChoiceField(
        label=gettext_lazy("Vùng"), choices=[("", "—"), *Region.choices], required=False
    )
    region_verified = forms.BooleanField(label=gettext_lazy("Đã đối chiếu văn bản"), required=False)
    region_source = forms.CharField(label=gettext_lazy("Căn cứ xác định vùng"), max_length=300)
    reason = forms.CharField(label=gettext_lazy("Lý do"), widget=forms.Textarea(attrs={"rows": 2}))


@login_required
def classification(request, pk: int):
    unit = get_object_or_404(AdminUnit, pk=pk)
    if not can_classify(request.user, unit) or unit.level not in (Level.PROVINCE, Level.COMMUNE):
        raise PermissionDenied
    form_class = ProvinceClassificationForm if unit.level == Level.PROVINCE else CommuneClassificationForm
    initial = {name: getattr(unit, name) for name in form_class.base_fields if name in CLASSIFICATION_FIELDS}
    form = form_class(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        reason = data.pop("reason")
        if data.pop("atk_poor_district", False) and data.get("atk") and not unit.atk:
            reason += " " + _("(xác nhận: huyện nghèo hoặc vừa thoát nghèo giai đoạn 2018–2020)")
        changed = update_classification(actor=request.user, unit=unit, changes=data, reason=reason)
        if changed:
            messages.success(request, _("Đã cập nhật phân loại và đánh giá lại các kết quả liên quan."))
        else:
            messages.info(request, _("Không có gì thay đổi."))
        return redirect("unit_detail", pk=unit.pk)
    return render(request, "units/classification.html", {"unit": unit, "form": form})
