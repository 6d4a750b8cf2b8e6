"""Dates as an office writes them, dd/mm/yyyy, in every form: one text field (never the
browser's `type=date`, which follows the browser's locale and showed mm/dd/yyyy beside our
dd/mm/yyyy text) and one clear Vietnamese message when a date cannot be read.

Query-string dates ("as of", "from", "to") are read by `ntm.core.periods.parse_date`, which takes
the same dd/mm/yyyy (and the ISO form older links carry); templates draw their inputs with
`web/_date_input.html`."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ntm.core.periods import DATE_FORMATS

SHOWN = "%d/%m/%Y"
PLACEHOLDER = "dd/mm/yyyy"
INVALID = _("“%(value)s” không phải ngày hợp lệ: hãy ghi ngày/tháng/năm, ví dụ 31/12/2024.")


class DateInput(forms.DateInput):
    """A text input showing dd/mm/yyyy, with a numeric keyboard on phones."""

    input_type = "text"

    def __init__(self, attrs=None):
        base = {"placeholder": PLACEHOLDER, "inputmode": "numeric", "autocomplete": "off", "size": 10}
        super().__init__(attrs={**base, **(attrs or {})}, format=SHOWN)


class DateField(forms.DateField):
    """A date typed dd/mm/yyyy (also dd-mm-yyyy, dd.mm.yyyy and yyyy-mm-dd)."""

    widget = DateInput
    input_formats = DATE_FORMATS

    def to_python(self, value):
        try:
            return super().to_python(value.strip() if isinstance(value, str) else value)
        except forms.ValidationError:
            raise forms.ValidationError(INVALID, code="invalid", params={"value": value}) from None
