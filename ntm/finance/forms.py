"""Forms of the finance pages: they parse what users type; services check and write."""

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from ntm.core.values import MAX_STORED_INT
from ntm.dates import DateField
from ntm.indicators.engine import catalog, set_name
from ntm.numberfield import DecimalField
from ntm.planning.models import Plan
from ntm.units.models import AdminUnit, Level

from .models import Budget, Contribution, Work
from .sources import GROUPS, Source
from .works import WORK_FIELDS

MONEY: dict[str, Any] = {"max_digits": 18, "decimal_places": 3, "min_value": 0, "required": False}
LINE_PARTS = ("amount", "works_carried_over", "works_new", "works_amount", "note")


class FundingTableForm(forms.Form):
    """The whole table at once: a total and, per source, an amount (and the works it pays for)."""

    total = DecimalField(label=_("Tổng vốn (triệu đồng)"), max_digits=18, decimal_places=3, min_value=0)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for source in Source:
            self.fields[f"amount_{source.value}"] = DecimalField(label=source.label, **MONEY)
            self.fields[f"works_carried_over_{source.value}"] = forms.IntegerField(
                min_value=0, max_value=MAX_STORED_INT, required=False
            )
            self.fields[f"works_new_{source.value}"] = forms.IntegerField(
                min_value=0, max_value=MAX_STORED_INT, required=False
            )
            self.fields[f"works_amount_{source.value}"] = DecimalField(**MONEY)
            self.fields[f"note_{source.value}"] = forms.CharField(max_length=300, required=False)

    def header_fields(self):
        names = ("title", "kind", "year_from", "year_to", "reference", "total")
        return [self[name] for name in names if name in self.fields]

    def source_rows(self):
        """(group label, source, bound fields in LINE_PARTS order) for the table layout."""
        for spec in GROUPS:
            for source in spec.sources:
                yield spec.group.label, source, [self[f"{part}_{source.value}"] for part in LINE_PARTS]

    def lines(self) -> dict[str, dict]:
        data = self.cleaned_data
        return {
            source.value: {part: data.get(f"{part}_{source.value}") for part in LINE_PARTS}
            | {"note": data.get(f"note_{source.value}") or ""}
            for source in Source
        }

    @classmethod
    def initial_for(cls, budget: Budget) -> dict:
        initial = {"total": budget.total}
        for line in budget.lines.all():
            for part in LINE_PARTS:
                initial[f"{part}_{line.source}"] = getattr(line, part)
        return initial


class BudgetForm(FundingTableForm):
    title = forms.CharField(label=_("Tên bảng nguồn vốn"), max_length=300)
    kind = forms.ChoiceField(label=_("Loại"), choices=Budget.Kind.choices)
    year_from = forms.IntegerField(label=_("Từ năm"), min_value=2010, max_value=2035)
    year_to = forms.IntegerField(label=_("Đến năm"), min_value=2010, max_value=2035)
    reference = forms.CharField(label=_("Văn bản, nguồn số liệu"), max_length=300, required=False)


def _lines_choices(budget: Budget):
    return [(line.pk, line.get_source_display()) for line in budget.lines.all()]


def _units_below(unit: AdminUnit):
    return AdminUnit.objects.filter(path__startswith=unit.path, level__lte=Level.VILLAGE).order_by(
        "level", "name"
    )


class AllocationForm(forms.Form):
    line = forms.TypedChoiceField(label=_("Nguồn vốn"), coerce=int)
    unit = forms.ModelChoiceField(label=_("Đơn vị"), queryset=AdminUnit.objects.none())
    amount = DecimalField(
        label=_("Số vốn phân bổ (triệu đồng)"), max_digits=18, decimal_places=3, min_value=0
    )
    note = forms.CharField(label=_("Ghi chú"), max_length=300, required=False)

    def __init__(self, *args, budget: Budget, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["line"]).choices = _lines_choices(budget)
        cast(forms.ModelChoiceField, self.fields["unit"]).queryset = _units_below(budget.unit).filter(
            level__lt=Level.VILLAGE
        )


class DisbursementForm(AllocationForm):
    date = DateField(label=_("Ngày giải ngân"))
    reference = forms.CharField(label=_("Chứng từ"), max_length=200, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["amount"].label = _("Số giải ngân (triệu đồng)")


class WorkForm(forms.Form):
    name = forms.CharField(label=_("Tên công trình, dự án"), max_length=300)
    location = forms.ModelChoiceField(
        label=_("Địa điểm (xã hoặc thôn, bản)"), queryset=AdminUnit.objects.none()
    )
    plan = forms.ModelChoiceField(label=_("Thuộc kế hoạch"), queryset=Plan.objects.none(), required=False)
    set_code = forms.ChoiceField(label=_("Bộ tiêu chí"), required=False)
    criterion_code = forms.CharField(label=_("Tiêu chí phục vụ (số)"), max_length=20, required=False)
    status = forms.ChoiceField(label=_("Trạng thái"), choices=Work.Status.choices)
    special_mechanism = forms.BooleanField(label=_("Áp dụng cơ chế đặc thù"), required=False)
    total_cost = DecimalField(label=_("Tổng mức đầu tư (triệu đồng)"), **MONEY)
    progress = DecimalField(
        label=_("Khối lượng hoàn thành (%)"),
        max_digits=5,
        decimal_places=1,
        min_value=0,
        max_value=100,
        required=False,
    )
    started_on = DateField(label=_("Ngày khởi công"), required=False)
    planned_end = DateField(label=_("Dự kiến hoàn thành"), required=False)
    completed_on = DateField(label=_("Ngày hoàn thành"), required=False)
    note = forms.CharField(label=_("Ghi chú"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, unit: AdminUnit, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["location"]).queryset = _units_below(unit)
        cast(forms.ModelChoiceField, self.fields["plan"]).queryset = Plan.objects.filter(unit=unit)
        cast(forms.ChoiceField, self.fields["set_code"]).choices = [("", "—")] + [
            (c.code, set_name(c.code)) for c in catalog().sets.values() if c.criteria
        ]
        for source in Source:
            self.fields[f"funding_{source.value}"] = DecimalField(label=source.label, **MONEY)

    def funding_fields(self):
        return [self[f"funding_{source.value}"] for source in Source]

    def work_fields(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if not k.startswith("funding_")}

    def funding(self) -> dict:
        return {source.value: self.cleaned_data.get(f"funding_{source.value}") for source in Source}

    @staticmethod
    def initial_for(work: Work) -> dict:
        initial = {name: getattr(work, name) for name in WORK_FIELDS}
        initial |= {f"funding_{f.source}": f.amount for f in work.funding.all()}
        return initial


class ContributionForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("Đơn vị"), queryset=AdminUnit.objects.none())
    period_start = DateField(label=_("Từ ngày"))
    period_end = DateField(label=_("Đến ngày"))
    contributor = forms.ChoiceField(label=_("Đối tượng đóng góp"), choices=Contribution.Contributor.choices)
    cash = DecimalField(label=_("Tiền mặt (triệu đồng)"), **MONEY)
    land_m2 = DecimalField(
        label=_("Đất hiến (m²)"), max_digits=16, decimal_places=1, min_value=0, required=False
    )
    labour_days = DecimalField(
        label=_("Ngày công lao động"), max_digits=16, decimal_places=1, min_value=0, required=False
    )
    materials_value = DecimalField(label=_("Vật liệu, hiện vật quy đổi (triệu đồng)"), **MONEY)
    households = forms.IntegerField(
        label=_("Số hộ đóng góp (nếu biết)"), min_value=1, max_value=MAX_STORED_INT, required=False
    )
    description = forms.CharField(label=_("Nội dung"), max_length=300, required=False)
    source = forms.CharField(label=_("Nguồn số liệu"), max_length=300, required=False)

    def __init__(self, *args, unit: AdminUnit, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["unit"]).queryset = _units_below(unit)
        self.fields["unit"].initial = unit.pk
