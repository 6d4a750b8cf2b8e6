"""Words shown to users by the CLI (and usable by templates), in Vietnamese and English."""

from __future__ import annotations

from typing import Any

from ntm.core.model import Indicator
from ntm.core.values import format_number, format_value

WORDS: dict[str, dict[str, str]] = {
    "vi": {
        "unverified": "⚠ chưa xác minh",
        "placeholder": "giá trị tạm",
        "recorded": "ghi nhận",
        "threshold": "ngưỡng",
        "no_threshold": "chưa có ngưỡng",
        "basis_indicator": "căn cứ chọn ngưỡng, không so sánh",
        "year": "Năm",
        "region": "vùng",
        "group": "nhóm xã",
        "province": "tỉnh",
        "result": "Kết quả",
        "criteria_met": "đạt {label} tiêu chí",
        "standard": "chuẩn",
        "not_met_list": "Tiêu chí chưa đạt",
        "missing_list": "Tiêu chí thiếu dữ liệu",
        "conditions": "Điều kiện khác",
        "revocation": "Kiểm tra thu hồi (QĐ 18/2022/QĐ-TTg, nếu đã được công nhận)",
        "revocation_against": "xét theo",
        "notes": "Ghi chú",
        "ranking": "Xếp hạng gần chuẩn nhất",
        "incomplete": "chưa đầy đủ",
        "complete": "đầy đủ",
        "criteria": "tiêu chí",
        "indicators": "chỉ tiêu",
        "valid": "hiệu lực",
        "level": "cấp",
        "tier": "hạng",
        "dimension": "ngưỡng theo",
        "requires": "Yêu cầu trước",
        "basis": "Căn cứ",
        "none": "—",
        "unknown_indicators": "chưa nhập chỉ tiêu",
        "revocation_key": "tiêu chí xét thu hồi",
        "wording_unverified": "(lời văn chưa xác minh)",
        "name_unverified": "(số hiệu, tên chưa xác minh)",
        "provisional_legend": "kết quả dựa trên ngưỡng chưa được đối chiếu với quyết định "
        "(chưa xác minh hoặc giá trị tạm); có thể thay đổi khi ngưỡng được xác minh",
    },
    "en": {
        "unverified": "⚠ unverified",
        "placeholder": "placeholder",
        "recorded": "recorded",
        "threshold": "threshold",
        "no_threshold": "no threshold",
        "basis_indicator": "basis for other thresholds, not compared",
        "year": "Year",
        "region": "region",
        "group": "commune group",
        "province": "province",
        "result": "Result",
        "criteria_met": "{label} criteria met",
        "standard": "standard",
        "not_met_list": "Criteria not met",
        "missing_list": "Criteria missing data",
        "conditions": "Other conditions",
        "revocation": "Revocation check (QĐ 18/2022/QĐ-TTg, if recognised)",
        "revocation_against": "judged on",
        "notes": "Notes",
        "ranking": "Nearest to the standard",
        "incomplete": "incomplete",
        "complete": "complete",
        "criteria": "criteria",
        "indicators": "indicators",
        "valid": "valid",
        "level": "level",
        "tier": "tier",
        "dimension": "thresholds by",
        "requires": "Requires",
        "basis": "Legal basis",
        "none": "—",
        "unknown_indicators": "indicators not entered",
        "revocation_key": "key criterion for revocation",
        "wording_unverified": "(wording unverified)",
        "name_unverified": "(number and name unverified)",
        "provisional_legend": "the verdict rests on thresholds not yet confirmed against the decision "
        "(unverified or placeholder values); it may change once they are verified",
    },
}

_DIRECTION_SIGNS = {">=": "≥", "<=": "≤", "=": "="}


def word(key: str, lang: str) -> str:
    return WORDS[lang][key]


def describe_threshold(indicator: Indicator, value: Any, lang: str, with_unit: bool = True) -> str:
    """'≥ 36 triệu đồng/người/năm' (or '≥ 36' without the unit), '≥ 80%', '= có'."""
    if value is None:
        return word("no_threshold", lang)
    sign = _DIRECTION_SIGNS[indicator.direction]
    if not with_unit and indicator.numeric and indicator.kind != "percent":
        return f"{sign} {format_number(value, lang)}"
    return f"{sign} {format_value(indicator, value, lang)}"


def describe_resolved(indicator: Indicator, threshold: Any, lang: str, with_unit: bool = True) -> str:
    """A resolved threshold (or catalog cell) in words, including the two shapes without a single
    number: a basis indicator, and cases chosen by a basis value ('≥ 70% khi 5.1 ≥ 4; ≥ 50% khi 5.1 ≤ 3')."""
    if indicator.basis:
        return word("basis_indicator", lang)
    if threshold.cases:
        return "; ".join(
            f"{describe_threshold(indicator, t.value, lang, with_unit)} {when.label(lang)}"
            for when, t in threshold.cases
        )
    return describe_threshold(indicator, threshold.value, lang, with_unit)


def trust_marks(verified: bool, placeholder: bool, lang: str) -> str:
    """The warning shown beside every threshold that was not checked against the official text."""
    if verified:
        return ""
    marks = word("unverified", lang)
    return f"{marks}, {word('placeholder', lang)}" if placeholder else marks
