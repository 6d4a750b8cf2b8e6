"""Forms of the planning pages: they parse what users type; services check and write."""

import datetime
from typing import cast

from django import forms
from django.utils.translation import gettext_lazy as _

from ntm.core.names import fold
from ntm.core.values import MAX_STORED_INT
from ntm.dates import DateField
from ntm.indicators.engine import catalog
from ntm.numberfield import DecimalField
from ntm.units.models import AdminUnit

from .models import Activity, Basis, CountMode, Plan, Target
from .selectors import units_for_targets
from .validation import FIELDS


class PlanForm(forms.Form):
    year = forms.IntegerField(label=_("Năm kế hoạch"), min_value=2011, max_value=2035)
    title = forms.CharField(label=_("Tên kế hoạch"), max_length=300)
    number = forms.CharField(label=_("Số văn bản"), max_length=100, required=False)
    issued_on = DateField(label=_("Ngày ban hành"), required=False)
    authority = forms.CharField(label=_("Cơ quan ban hành"), max_length=200, required=False)
    legal_bases = forms.CharField(
        label=_("Căn cứ (mỗi dòng một văn bản)"), required=False, widget=forms.Textarea(attrs={"rows": 5})
    )
    objective = forms.CharField(
        label=_("Mục tiêu chung"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    status = forms.ChoiceField(label=_("Trạng thái"), choices=Plan.Status.choices)

    def clean_legal_bases(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data["legal_bases"].splitlines() if line.strip()]

    @staticmethod
    def initial_for(plan: Plan) -> dict:
        fields = ("year", "title", "number", "issued_on", "authority", "objective", "status")
        return {**{name: getattr(plan, name) for name in fields}, "legal_bases": "\n".join(plan.legal_bases)}


def _set_choices():
    return [("", "—")] + [(c.code, f"{c.code} — {c.name_vi}") for c in catalog().sets.values()]


class TargetForm(forms.Form):
    kind = forms.ChoiceField(label=_("Loại chỉ tiêu"), choices=Target.Kind.choices)
    section = forms.CharField(label=_("Mục"), max_length=30, required=False)
    order = forms.IntegerField(label=_("Thứ tự"), min_value=0, max_value=MAX_STORED_INT, required=False)
    label = forms.CharField(label=_("Nội dung chỉ tiêu"), widget=forms.Textarea(attrs={"rows": 2}))
    parent = forms.ModelChoiceField(label=_("Thuộc chỉ tiêu"), queryset=Target.objects.none(), required=False)
    set_code = forms.ChoiceField(label=_("Bộ tiêu chí"), required=False)
    criteria = forms.CharField(
        label=_("Tiêu chí / chỉ tiêu (cách nhau bởi dấu phẩy, ví dụ: 1, 5, 6 hoặc 2.2)"), required=False
    )
    subject = forms.ModelChoiceField(
        label=_("Đơn vị được giao"), queryset=AdminUnit.objects.none(), required=False
    )
    target_value = DecimalField(label=_("Chỉ tiêu (số)"), required=False, max_digits=18, decimal_places=3)
    denominator = forms.IntegerField(
        label=_("Trên tổng số đơn vị"), min_value=0, max_value=MAX_STORED_INT, required=False
    )
    unit_of_measure = forms.CharField(label=_("Đơn vị tính"), max_length=50, required=False)
    direction = forms.ChoiceField(label=_("Chiều"), choices=Target.Direction.choices, required=False)
    basis = forms.ChoiceField(label=_("Căn cứ tính"), choices=[("", "—"), *Basis.choices], required=False)
    count_mode = forms.ChoiceField(
        label=_("Cách đếm"), choices=[("", "—"), *CountMode.choices], required=False
    )
    metric = forms.ChoiceField(label=_("Nguồn số thực hiện"), choices=Target.Metric.choices, required=False)
    units = forms.CharField(
        label=_("Đơn vị nêu tên (mỗi dòng: mã hoặc tên đơn vị, thêm “: số lượng” nếu có)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    note = forms.CharField(label=_("Ghi chú"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, plan: Plan, target: Target | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.plan = plan
        self.candidates = list(units_for_targets(plan))
        cast(forms.ModelChoiceField, self.fields["subject"]).queryset = units_for_targets(plan)
        parents = plan.targets.filter(parent__isnull=True)
        if target is not None:
            parents = parents.exclude(pk=target.pk)
        cast(forms.ModelChoiceField, self.fields["parent"]).queryset = parents
        cast(forms.ChoiceField, self.fields["set_code"]).choices = _set_choices()

    def clean_criteria(self) -> list[str]:
        text = self.cleaned_data["criteria"].replace(";", ",")
        return [part.strip() for part in text.split(",") if part.strip()]

    def clean_units(self) -> list:
        by_code = {u.code: u for u in self.candidates if u.code}
        by_name: dict[str, AdminUnit] = {}
        for unit in self.candidates:
            by_name.setdefault(fold(unit.name), unit)
            by_name.setdefault(fold(unit.short_name), unit)
        pairs = []
        for number, line in enumerate(self.cleaned_data["units"].splitlines(), start=1):
            if not line.strip():
                continue
            name, _sep, count = line.partition(":")
            unit = by_code.get(name.strip()) or by_name.get(fold(name.strip()))
            if unit is None:
                raise forms.ValidationError(
                    _("Dòng %(n)s: không thấy đơn vị “%(name)s” trong %(unit)s."),
                    params={"n": number, "name": name.strip(), "unit": self.plan.unit.name},
                )
            if count.strip() and not count.strip().isdigit():
                raise forms.ValidationError(
                    _("Dòng %(n)s: số lượng phải là số nguyên."), params={"n": number}
                )
            pairs.append((unit, int(count) if count.strip() else None))
        return pairs

    def target_fields(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("units")
        data["direction"] = data["direction"] or Target.Direction.AT_LEAST
        data["order"] = data["order"] or 0
        return data

    @staticmethod
    def initial_for(target: Target) -> dict:
        names = [name for name in FIELDS if name != "criteria"]
        initial = {name: getattr(target, name) for name in names}
        initial["criteria"] = ", ".join(target.criteria)
        initial["units"] = "\n".join(
            f"{tu.unit.code or tu.unit.name}{f': {tu.count}' if tu.count is not None else ''}"
            for tu in target.units.select_related("unit")
        )
        return initial


class ActualForm(forms.Form):
    value = DecimalField(label=_("Số thực hiện"), max_digits=18, decimal_places=3, min_value=0)
    as_of = DateField(label=_("Số liệu đến ngày"), initial=datetime.date.today)
    evidence = forms.CharField(
        label=_("Minh chứng (báo cáo, biên bản, số liệu thống kê…)"), widget=forms.Textarea(attrs={"rows": 2})
    )
    reference = forms.CharField(label=_("Văn bản, báo cáo nguồn"), max_length=300, required=False)
    reason = forms.CharField(label=_("Lý do sửa (khi đã có số)"), required=False)

    def __init__(self, *args, milestone: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if milestone:
            self.fields["value"] = forms.TypedChoiceField(
                label=_("Kết quả"),
                choices=[("1", _("Hoàn thành")), ("0", _("Chưa hoàn thành"))],
                coerce=int,
            )


class ActivityForm(forms.Form):
    kind = forms.ChoiceField(label=_("Loại hoạt động"), choices=Activity.Kind.choices)
    audience = forms.ChoiceField(label=_("Đối tượng"), choices=Activity.Audience.choices)
    period_start = DateField(label=_("Từ ngày"))
    period_end = DateField(label=_("Đến ngày"))
    sessions = forms.IntegerField(label=_("Số lớp, buổi"), min_value=0, max_value=MAX_STORED_INT)
    participants = forms.IntegerField(
        label=_("Số lượt người tham gia"), min_value=0, max_value=MAX_STORED_INT
    )
    description = forms.CharField(label=_("Nội dung"), max_length=300, required=False)
    source = forms.CharField(label=_("Nguồn số liệu"), max_length=300, required=False)
