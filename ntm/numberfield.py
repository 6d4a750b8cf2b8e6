"""The number field of every form that stores a Decimal (money, areas, scores, plan targets): what
users type read by the one parser (`ntm.core.numbers`), so `12.000` is twelve thousand on the
funding table as on the data-entry page — Django's own field would read it as 12."""

from decimal import Decimal, InvalidOperation

from django import forms
from django.utils.translation import gettext_lazy as _

from ntm.core.numbers import read_number
from ntm.core.values import format_number

INVALID = _(
    "“%(value)s” không phải là số: hãy ghi như 1.234,5 (dấu chấm ngăn cách hàng nghìn, dấu phẩy thập phân)."
)


class NumberInput(forms.TextInput):
    """A text input (a browser's `type=number` follows its own locale) showing a stored number the
    Vietnamese way, so that sending the form back reads the same number ("12" for 12.000, never
    "12.000", which the parser rightly reads as twelve thousand)."""

    def __init__(self, attrs=None):
        super().__init__(attrs={"inputmode": "decimal", **(attrs or {})})

    def format_value(self, value):
        if isinstance(value, Decimal | int | float) and not isinstance(value, bool):
            return format_number(float(value), "vi", 6)
        return super().format_value(value)


class DecimalField(forms.DecimalField):
    widget = NumberInput
    default_error_messages = {"invalid": INVALID}

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, Decimal | int | float):
            return super().to_python(value)
        try:
            return Decimal(read_number(str(value)).text)
        except (ValueError, InvalidOperation):
            raise forms.ValidationError(
                self.error_messages["invalid"], code="invalid", params={"value": value}
            ) from None
