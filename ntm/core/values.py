"""Indicator values: turning what users type (CSV cells, JSON, Excel) into typed values, and back.

Vietnamese writes numbers as 1.234,5 (`ntm.core.numbers` reads them, and the English 1,234.5).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from functools import partial
from typing import Any

from ntm.core.model import NUMERIC_KINDS, Indicator
from ntm.core.numbers import read_number
from ntm.core.status import Status

NA = Status.NOT_APPLICABLE  # the value a unit gives for an optional ("nếu có") indicator it does not have

_NA_WORDS = {"n/a", "na", "không áp dụng"}
_TRUE_WORDS = {"true", "yes", "y", "1", "x", "có", "đạt"}
_FALSE_WORDS = {"false", "no", "n", "0", "không", "không đạt", "chưa đạt", "chưa"}


class InvalidValue(ValueError):
    """A value that cannot be read for its indicator's kind."""


# The rules every value written must pass, whichever way it comes in (data-entry form, API, import,
# threshold correction). Numbers stay far inside what a float holds exactly, so every page, export
# and JSON reader can show them; texts fit the columns that store them.
MAX_NUMBER = 10**15  # money and plain numbers
MAX_COUNT = 10**12  # whole numbers (count)
MAX_VALUE_TEXT = 1000  # an enum or text value
SOURCE_MAX = 300  # IndicatorValue.source, CriterionStatus.source, ImportJob.source
REASON_MAX = 2000  # the reason of a correction
MAX_STORED_INT = 2**31 - 1  # an integer column on PostgreSQL: the maximum of every form's whole number
_DEFAULT_BOUNDS = {"percent": (0, 100), "count": (0, MAX_COUNT), "money": (0, MAX_NUMBER)}
_ALLOWED_CONTROLS = frozenset("\t\n\r")


def _msg(template: str) -> str:
    """Marks a message for the English catalog (`ntm/locale`); core has no Django to translate."""
    return template


MESSAGES = {
    "number": _msg("“{raw}” không phải là số ({field}, đơn vị tính {unit})"),
    "finite": _msg("“{raw}” không phải là một số hữu hạn ({field})"),
    "whole": _msg("“{raw}” không phải số nguyên ({field} đếm số lượng)"),
    "percent": _msg("tỷ lệ “{raw}” nằm ngoài khoảng {low}–{high} ({field})"),
    "range": _msg("“{raw}” nằm ngoài khoảng cho phép {low}–{high} ({field})"),
    "boolean": _msg("“{raw}” không đọc được: {field} cần ghi “có” hoặc “không”"),
    "not_applicable": _msg("{field} không được ghi “không áp dụng”"),
    "type": _msg("{field} không nhận giá trị kiểu này: hãy ghi số, “có”/“không” hoặc chữ"),
    "too_long": _msg("{field} dài {length} ký tự, tối đa {limit} ký tự: hãy rút gọn"),
    "control": _msg("{field} có ký tự điều khiển không in được (như ký tự NUL): hãy xóa ký tự đó"),
}


INDICATOR_FIELD = _msg("chỉ tiêu {code}")
SOURCE_FIELD = _msg("Nguồn số liệu")
REASON_FIELD = _msg("Lý do")


class RefusedValue(InvalidValue):
    """A value or text the rules refuse. `str()` is the Vietnamese message; `text(gettext)` the
    message in the reader's language, from the same templates (message, then field name)."""

    def __init__(self, key: str, *, field: str, **params: Any):
        self.template, self.field, self.params = MESSAGES[key], field, params
        super().__init__(self.text())

    def text(self, translate: Callable[[str], str] = str) -> str:
        field = translate(self.field).format(**self.params)
        return translate(self.template).format(field=field, **self.params)


def bounds(indicator: Indicator) -> tuple[float, float]:
    """The values a numeric indicator accepts: its own `range`, else its kind's."""
    return indicator.bounds or _DEFAULT_BOUNDS.get(indicator.kind, (-MAX_NUMBER, MAX_NUMBER))


def check_text(field: str, text: str, limit: int, **params: Any) -> str:
    """`text` stripped, if it fits `limit` characters and holds no control character (NUL first:
    PostgreSQL cannot store it); RefusedValue naming `field` otherwise."""
    text = text.strip()
    if len(text) > limit:
        raise RefusedValue("too_long", field=field, length=len(text), limit=limit, **params)
    if any((ch < " " and ch not in _ALLOWED_CONTROLS) or ch == "\x7f" for ch in text):
        raise RefusedValue("control", field=field, **params)
    return text


def check_value(indicator: Indicator, raw: Any) -> Any:
    """The typed value to store for what a user gave (None = cleared, NA = not applicable), or
    RefusedValue: the kind, a finite number inside the indicator's bounds, a text that fits."""
    if isinstance(raw, str):
        check_text(INDICATOR_FIELD, raw, MAX_VALUE_TEXT, code=indicator.code)
    elif raw is not None and raw is not NA and not isinstance(raw, bool | int | float):
        raise RefusedValue("type", field=INDICATOR_FIELD, code=indicator.code)
    field = partial(RefusedValue, field=INDICATOR_FIELD, code=indicator.code)
    try:
        value = coerce_value(indicator, raw)
    except InvalidValue as exc:
        detail = str(exc)
        if "not applicable" in detail:
            raise field("not_applicable") from None
        if "whole number" in detail:
            raise field("whole", raw=_shown(raw)) from None
        if indicator.kind == "boolean":
            raise field("boolean", raw=_shown(raw)) from None
        if "finite" in detail:
            raise field("finite", raw=_shown(raw)) from None
        raise field("number", raw=_shown(raw), unit=indicator.unit or "—") from None
    if value is None and raw is not None and not (isinstance(raw, str) and not raw.strip()):
        raise field("finite", raw=_shown(raw))  # NaN
    if indicator.kind in NUMERIC_KINDS and value is not None and value is not NA:
        if isinstance(value, float) and not math.isfinite(value):
            raise field("finite", raw=_shown(raw))
        low, high = bounds(indicator)
        if not low <= value <= high:
            key = "percent" if indicator.kind == "percent" else "range"
            raise field(key, raw=_shown(raw), low=_plain(low), high=_plain(high))
    return value


def plain_number(value: Any) -> bool:
    """A number every reader takes as a float (not a bool, finite, inside ±MAX_NUMBER): what
    spreadsheets and averages may be given; anything else stored is shown as its text."""
    return value.__class__ in (int, float) and -MAX_NUMBER <= value <= MAX_NUMBER


def value_problem(indicator: Indicator, stored: Any) -> RefusedValue | None:
    """Why a value already stored breaks the rules (None when it does not): `ntm check-data` lists
    these, and the data-entry page shows them as errors to fix."""
    if stored is None:
        return None
    try:
        check_value(indicator, NA if stored == "n/a" else stored)
    except RefusedValue as exc:
        return exc
    return None


def _shown(raw: Any) -> str:
    if isinstance(raw, float) and math.isfinite(raw) and raw.is_integer():
        raw = int(raw)
    text = str(raw) if not isinstance(raw, int) or abs(raw) < 10**30 else f"số có {len(str(abs(raw)))} chữ số"
    return text if len(text) <= 40 else text[:40] + "…"


def _plain(number: float) -> str:
    return format_number(number, "vi") if abs(number) < 10**6 else f"{number:.0e}".replace("+", "")


def parse_number(text: str) -> float:
    """'1.234,5' -> 1234.5, '12.000' -> 12000, '85,5' -> 85.5, '80%' -> 80: the Vietnamese
    convention, read by `ntm.core.numbers.read_number` (which also says when a reading could surprise)."""
    return read_number(text).value


def coerce_value(indicator: Indicator, raw: Any) -> Any:
    """Typed value for an indicator; None when blank (missing); NA when declared not applicable."""
    kind = indicator.kind
    if type(raw) is bool:  # typed values, as the database gives them, taken as they are
        if kind == "boolean":
            return raw
    elif (
        (type(raw) is float or type(raw) is int) and raw == raw and kind != "count" and kind in NUMERIC_KINDS
    ):
        return raw
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    if raw is NA or (isinstance(raw, str) and raw.strip().lower() in _NA_WORDS):
        if not indicator.optional:
            raise InvalidValue(f"indicator {indicator.code} cannot be declared not applicable")
        return NA
    if indicator.kind == "boolean":
        return _coerce_bool(indicator, raw)
    if indicator.kind in NUMERIC_KINDS:
        return _coerce_number(indicator, raw)
    return str(raw).strip()


def _coerce_bool(indicator: Indicator, raw: Any) -> bool:
    if isinstance(raw, bool):
        return raw
    if isinstance(raw, int | float) and raw in (0, 1):
        return bool(raw)
    word = str(raw).strip().lower()
    if word in _TRUE_WORDS:
        return True
    if word in _FALSE_WORDS:
        return False
    raise InvalidValue(f"indicator {indicator.code} expects yes/no (có/không), got {raw!r}")


def _coerce_number(indicator: Indicator, raw: Any) -> float | int | None:
    if isinstance(raw, bool):
        raise InvalidValue(f"indicator {indicator.code} expects a number, got {raw!r}")
    if isinstance(raw, int | float):
        number = raw
    else:
        try:
            number = parse_number(str(raw))
        except ValueError:
            raise InvalidValue(f"indicator {indicator.code} expects a number, got {raw!r}") from None
    if number != number:  # NaN: an empty spreadsheet cell read as float
        return None
    if indicator.kind == "count":
        if isinstance(number, float) and not math.isfinite(number):
            raise InvalidValue(f"indicator {indicator.code} expects a finite number, got {raw!r}")
        if number != int(number):
            raise InvalidValue(f"indicator {indicator.code} expects a whole number, got {raw!r}")
        return int(number)
    return number


def value_fits(kind: str, value: Any) -> bool:
    """Whether a threshold value has the right type for an indicator kind (used for YAML and overrides)."""
    if kind == "boolean":
        return isinstance(value, bool)
    if kind == "enum":
        return isinstance(value, str) or (
            isinstance(value, list) and bool(value) and all(isinstance(v, str) for v in value)
        )
    if kind not in NUMERIC_KINDS or isinstance(value, bool) or not isinstance(value, int | float):
        return False
    if kind == "count":
        return float(value).is_integer()
    return kind != "percent" or 0 <= value <= 100


def format_number(number: float, lang: str = "vi", digits: int = 2) -> str:
    """6.5 -> '6,5' (vi) or '6.5' (en); 1234.5 -> '1.234,5' (vi); trailing zeros dropped.
    A number no float holds (a stored value the rules now refuse) is shown as its digits."""
    try:
        text = f"{round(number, digits):,.{digits}f}"
    except (OverflowError, ValueError):
        return str(number)
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    if lang == "vi":
        text = text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")
    return text


def format_value(indicator: Indicator, value: Any, lang: str = "vi") -> str:
    """A value as a user reads it: 'có' / 'yes', '6,5 %', '36 triệu đồng/người/năm'."""
    if value is None:
        return "—"
    if value is NA:
        return "không áp dụng" if lang == "vi" else "n/a"
    if isinstance(value, bool):
        return ("có" if value else "không") if lang == "vi" else ("yes" if value else "no")
    if isinstance(value, int | float):
        unit = indicator.unit_label(lang)
        return (
            f"{format_number(value, lang)} {unit}".rstrip()
            if unit != "%"
            else f"{format_number(value, lang)}%"
        )
    if isinstance(value, list | tuple):
        return " / ".join(str(v) for v in value)
    return str(value)
