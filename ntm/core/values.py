"""Indicator values: turning what users type (CSV cells, JSON, Excel) into typed values, and back.

Vietnamese writes numbers as 1.234,5; English as 1,234.5. Both are accepted on input.
"""

from __future__ import annotations

from typing import Any

from ntm.core.model import NUMERIC_KINDS, Indicator
from ntm.core.status import Status

NA = Status.NOT_APPLICABLE  # the value a unit gives for an optional ("nếu có") indicator it does not have

_NA_WORDS = {"n/a", "na", "không áp dụng"}
_TRUE_WORDS = {"true", "yes", "y", "1", "x", "có", "đạt"}
_FALSE_WORDS = {"false", "no", "n", "0", "không", "không đạt", "chưa đạt", "chưa"}


class InvalidValue(ValueError):
    """A value that cannot be read for its indicator's kind."""


def parse_number(text: str) -> float:
    """Parse '6,5', '6.5', '1.234,5', '1,234.5', '80%' into a float."""
    cleaned = text.strip().replace(" ", "").replace("\u00a0", "").rstrip("%")
    if "," in cleaned and "." in cleaned:
        if cleaned.rfind(",") > cleaned.rfind("."):
            cleaned = cleaned.replace(".", "").replace(",", ".")
        else:
            cleaned = cleaned.replace(",", "")
    elif cleaned.count(",") == 1:
        cleaned = cleaned.replace(",", ".")
    return float(cleaned)


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
    """6.5 -> '6,5' (vi) or '6.5' (en); 1234.5 -> '1.234,5' (vi); trailing zeros dropped."""
    text = f"{round(number, digits):,.{digits}f}"
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
