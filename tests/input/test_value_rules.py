"""The value rules themselves (`ntm.core.values.check_value`): what each kind accepts, and that
every message has its English in the catalog (core strings are not extracted by makemessages)."""

import gettext
import re
from dataclasses import replace
from pathlib import Path

import pytest

from ntm.core.values import INDICATOR_FIELD, MESSAGES, REASON_FIELD, SOURCE_FIELD, RefusedValue, check_value
from ntm.indicators.engine import catalog

CATALOG = Path(__file__).resolve().parents[2] / "ntm" / "locale" / "en" / "LC_MESSAGES" / "django.mo"
INDICATORS = {i.code: i for i in catalog().get("xa-ntm-2021").indicators()}
PERCENT, MONEY, YES_NO = INDICATORS["2.1"], INDICATORS["10"], INDICATORS["1.1"]


@pytest.mark.parametrize(
    ("indicator", "raw", "expected"),
    [
        (PERCENT, "50,5", 50.5),
        (PERCENT, 100, 100),
        (PERCENT, "", None),
        (MONEY, "1.234,5", 1234.5),
        (YES_NO, "có", True),
    ],
)
def test_values_inside_the_rules_are_read(indicator, raw, expected):
    assert check_value(indicator, raw) == expected


@pytest.mark.parametrize(
    ("indicator", "raw", "message"),
    [
        (PERCENT, "100,5", "tỷ lệ “100,5” nằm ngoài khoảng 0–100 (chỉ tiêu 2.1)"),
        (PERCENT, float("nan"), "“nan” không phải là một số hữu hạn (chỉ tiêu 2.1)"),
        (MONEY, -1, "“-1” nằm ngoài khoảng cho phép 0–1e15 (chỉ tiêu 10)"),
        (MONEY, 10**16, "“10000000000000000” nằm ngoài khoảng cho phép 0–1e15 (chỉ tiêu 10)"),
        (YES_NO, 2, "“2” không đọc được: chỉ tiêu 1.1 cần ghi “có” hoặc “không”"),
        (
            YES_NO,
            "c\x00ó",
            "chỉ tiêu 1.1 có ký tự điều khiển không in được (như ký tự NUL): hãy xóa ký tự đó",
        ),
        (YES_NO, ["có"], "chỉ tiêu 1.1 không nhận giá trị kiểu này: hãy ghi số, “có”/“không” hoặc chữ"),
    ],
)
def test_values_outside_the_rules_are_refused_naming_the_field(indicator, raw, message):
    with pytest.raises(RefusedValue) as refused:
        check_value(indicator, raw)
    assert str(refused.value) == message


def test_an_indicator_range_replaces_the_kind_default():
    growth = replace(PERCENT, bounds=(-100, 1000))
    assert check_value(growth, "250") == 250
    with pytest.raises(RefusedValue, match=re.escape("nằm ngoài khoảng -100–1.000")):
        check_value(growth, "-150")


def test_every_message_reads_in_english_from_the_catalog():
    english = gettext.GNUTranslations(CATALOG.open("rb"))
    templates = [*MESSAGES.values(), INDICATOR_FIELD, SOURCE_FIELD, REASON_FIELD]
    missing = [t for t in templates if english.gettext(t) == t]
    assert not missing
    with pytest.raises(RefusedValue) as refused:
        check_value(PERCENT, "250")
    assert refused.value.text(english.gettext) == "the percentage “250” is outside 0–100 (indicator 2.1)"
