"""Reading a number as a Vietnamese office types it: the one parser of the form, the import and
the API (through `ntm.core.values.check_value`).

The Vietnamese convention: the dot groups thousands, the comma marks decimals — `1.234,5` is
1234.5, `12.000` is 12000, `85,5` is 85.5. Spaces (also non-breaking and thin spaces) group
thousands as well (`1 234,5`); a trailing `%` is dropped; `−` (the typographic minus) is a minus.

Entries another convention would read differently are still read, one way, and say so
(`NumberReading.note`), so the page can show "đọc là …" before saving:
- `1.234` (one dot, three digits after it): thousands, 1234 — in English it would be 1.234;
- `1,234` (one comma, three digits after it): decimals, 1,234 — in English it would be 1234;
- `6.5`, `0.500` (a dot that cannot group thousands): the English decimal point, 6,5;
- `1,234.5`, `1,234,567` (commas grouping thousands, the dot last): the English convention.
A grouping that fits no convention (`1.23.4`, `12.34,5`, `1,2,3`) is not a number.
Spreadsheets' exponents (`1,5E+07`) are read; `nan` and `inf` are read as what they are, for the
value check to refuse them as not finite.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_SPACES = re.compile(r"[\s\u00a0\u202f\u2009\u2007]+")
_DIGITS = re.compile(r"\d+")
_EXPONENT = re.compile(r"(.+?)[eE]([+-]?\d{1,4})")
_NON_FINITE = {"nan", "inf", "infinity"}
_LEADING_GROUP = re.compile(r"[1-9]\d{0,2}")  # the first of a number's thousand groups

# Why an entry is shown "as read": the keys of `NOTES` (the page words them).
THOUSANDS_DOT = "thousands_dot"
DECIMAL_COMMA = "decimal_comma"
DECIMAL_DOT = "decimal_dot"
ENGLISH = "english"


def _msg(template: str) -> str:
    """Marks a message for the English catalog; core has no Django to translate."""
    return template


NOTES = {
    THOUSANDS_DOT: _msg("dấu chấm ngăn cách hàng nghìn; nếu là số thập phân, hãy ghi dấu phẩy"),
    DECIMAL_COMMA: _msg("dấu phẩy là dấu thập phân; nếu là hàng nghìn, hãy ghi dấu chấm"),
    DECIMAL_DOT: _msg("dấu chấm được hiểu là dấu thập phân; theo cách ghi Việt Nam hãy dùng dấu phẩy"),
    ENGLISH: _msg("đọc theo cách ghi tiếng Anh (dấu phẩy ngăn cách hàng nghìn, dấu chấm thập phân)"),
}
READ_AS = _msg("đọc là {value} ({note})")


@dataclass(frozen=True)
class NumberReading:
    value: float
    note: str | None = None  # a key of NOTES when another convention would read the entry otherwise
    text: str = ""  # the number as Python writes it ("-1234.5", "1.5e7"): exact, for a Decimal


def read_number(text: str) -> NumberReading:
    """The number in `text`, with a note when the reading could surprise; ValueError if none."""
    cleaned = _SPACES.sub("", text).replace("\u2212", "-")
    if cleaned.endswith("%"):
        cleaned = cleaned[:-1]
    sign = ""
    if cleaned and cleaned[0] in "+-":
        sign, cleaned = cleaned[0], cleaned[1:]
    if cleaned.lower() in _NON_FINITE:
        return NumberReading(float(sign + cleaned), text=sign + cleaned)
    exponent = _EXPONENT.fullmatch(cleaned)
    mantissa = exponent.group(1) if exponent else cleaned
    note: str | None
    if exponent and mantissa.count(".") == 1 and "," not in mantissa:  # 1.234E+02: a decimal point
        whole, decimals = mantissa.split(".")
        note = DECIMAL_DOT
    else:
        whole, decimals, note = _split(mantissa)
    if not _DIGITS.fullmatch(whole) or (decimals is not None and not _DIGITS.fullmatch(decimals)):
        raise ValueError(f"not a number: {text!r}")
    power = f"e{exponent.group(2)}" if exponent else ""
    text = f"{sign}{whole}{'.' + decimals if decimals is not None else ''}{power}"
    return NumberReading(float(text), note, text)


def _split(text: str) -> tuple[str, str | None, str | None]:
    """(whole digits, decimal digits or None, note) for an unsigned entry; grouping checked."""
    dots, commas = text.count("."), text.count(",")
    if dots and commas:
        last_dot, last_comma = text.rfind("."), text.rfind(",")
        if last_comma > last_dot and commas == 1:  # 1.234,5: Vietnamese
            return _grouped(text[:last_comma], "."), text[last_comma + 1 :], None
        if last_dot > last_comma and dots == 1:  # 1,234.5: English
            return _grouped(text[:last_dot], ","), text[last_dot + 1 :], ENGLISH
        raise ValueError(text)
    if dots or commas:
        mark = "." if dots else ","
        parts = text.split(mark)
        if len(parts) > 2:  # 1.234.567 (Vietnamese) or 1,234,567 (English): groups only
            return _grouped(text, mark), None, None if mark == "." else ENGLISH
        whole, tail = parts
        groups_thousands = len(tail) == 3 and _LEADING_GROUP.fullmatch(whole) is not None
        if mark == ".":
            if groups_thousands:
                return whole + tail, None, THOUSANDS_DOT
            return whole, tail, DECIMAL_DOT
        return whole, tail, DECIMAL_COMMA if groups_thousands else None
    return text, None, None


def _grouped(text: str, mark: str) -> str:
    """The digits of a whole part grouped by `mark` in threes (`1.234.567`); ValueError otherwise."""
    first, *rest = text.split(mark)
    if rest and not (_LEADING_GROUP.fullmatch(first) and all(len(group) == 3 for group in rest)):
        raise ValueError(text)
    return text.replace(mark, "")
