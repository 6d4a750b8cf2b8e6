"""What the data-entry page shows under a number input whose reading could surprise: "đọc là
1.234 (dấu chấm ngăn cách hàng nghìn…)" — the server's answer, from the one parser."""

from django.utils.translation import gettext as _

from ntm.core.model import NUMERIC_KINDS
from ntm.core.numbers import NOTES, READ_AS, read_number
from ntm.core.values import format_number


def readings(data, indicators, lang: str) -> dict[str, str]:
    """Indicator code -> "đọc là …" for each number the user changed (`v_<code>` differs from
    `orig_<code>`) that another convention would read otherwise; numbers that cannot be read are
    left to the value check's error."""
    shown = {}
    for indicator in indicators:
        raw = data.get(f"v_{indicator.code}")
        if indicator.kind not in NUMERIC_KINDS or not raw or not raw.strip():
            continue
        if raw.strip() == data.get(f"orig_{indicator.code}", "").strip():
            continue
        try:
            reading = read_number(raw)
        except ValueError:
            continue
        if reading.note is not None:
            value = format_number(reading.value, lang, digits=6)
            shown[indicator.code] = _(READ_AS).format(value=value, note=_(NOTES[reading.note]))
    return shown
