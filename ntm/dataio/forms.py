"""Forms of the import / export pages: what to download, what to upload, what to export."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ntm.dates import DateField
from ntm.indicators.engine import catalog, set_name
from ntm.units.models import AdminUnit

from .export import FORMATS, WHATS
from .scope import parent_choices

MAX_UPLOAD = 50 * 1024 * 1024
YEARS = range(2011, 2031)


def set_choices() -> list[tuple[str, str]]:
    sets = sorted(catalog().sets.values(), key=lambda s: (s.level, s.valid_from, s.code))
    return [(s.code, set_name(s.code)) for s in sets if s.criteria]


def default_set(year: int) -> str:
    """The commune NTM set in force in the year: what most offices fill in."""
    for cset in catalog().sets.values():
        ends = cset.valid_to.year if cset.valid_to else year
        if cset.level == "commune" and cset.tier == "ntm" and cset.valid_from.year <= year <= ends:
            return cset.code
    return ""


class ParentChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, unit: AdminUnit) -> str:
        era = f" ({unit.era_label})" if unit.era_label else ""
        indent = "— " * (unit.level - 1)
        return f"{indent}{unit.name}{era}"


class ScopeForm(forms.Form):
    """Set, year and parent unit: the three choices every template and export starts from."""

    set_code = forms.ChoiceField(label=_("Bộ tiêu chí"), choices=())
    year = forms.TypedChoiceField(label=_("Năm"), coerce=int, choices=())
    parent = ParentChoiceField(label=_("Đơn vị"), queryset=AdminUnit.objects.none())

    def __init__(self, user, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.parents = parent_choices(user)
        self.fields["set_code"].choices = set_choices()
        self.fields["year"].choices = [(y, str(y)) for y in YEARS]
        self.fields["parent"].queryset = AdminUnit.objects.filter(pk__in=[u.pk for u in self.parents])
        self.fields["parent"].choices = [
            (u.pk, self.fields["parent"].label_from_instance(u)) for u in self.parents
        ]


class TemplateForm(ScopeForm):
    statuses = forms.BooleanField(label=_("Kèm trang “Kết quả tiêu chí” (Đạt / Chưa đạt)"), required=False)


class ExportForm(ScopeForm):
    what = forms.ChoiceField(
        label=_("Nội dung"),
        choices=list(
            zip(
                WHATS,
                (_("Giá trị chỉ tiêu"), _("Kết quả tiêu chí ghi nhận"), _("Kết quả đánh giá")),
                strict=True,
            )
        ),
    )
    fmt = forms.ChoiceField(label=_("Định dạng"), choices=[(f, f.upper()) for f in FORMATS])
    as_of = DateField(label=_("Số liệu tính đến ngày"), required=False)


class UploadForm(forms.Form):
    file = forms.FileField(label=_("Tệp số liệu (.xlsx hoặc .csv)"))
    reason = forms.CharField(label=_("Lý do"), required=False, max_length=500)
    source = forms.CharField(
        label=_("Nguồn số liệu (cho các giá trị không ghi nguồn)"), required=False, max_length=300
    )
    set_code = forms.ChoiceField(
        label=_("Bộ tiêu chí (nếu tệp dọc không có cột này)"), required=False, choices=()
    )
    year = forms.TypedChoiceField(
        label=_("Năm (nếu tệp dọc không có cột này)"),
        coerce=int,
        required=False,
        empty_value=None,
        choices=(),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["set_code"].choices = [("", "—"), *set_choices()]
        self.fields["year"].choices = [("", "—"), *[(y, str(y)) for y in YEARS]]

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD:
            raise forms.ValidationError(_("Tệp quá lớn (tối đa 50 MB)."))
        if not upload.name.lower().endswith((".xlsx", ".xlsm", ".csv")):
            raise forms.ValidationError(_("Chỉ nhận tệp .xlsx hoặc .csv."))
        return upload
