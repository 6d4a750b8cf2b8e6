"""What a new criteria-set document changes, in lines an office reads.

`ntm.criteria.documents.diff` lists the changed leaves as (path, old, new), items matched by code
(``criteria[2].indicators[2.2].thresholds.general.value``); this says the same in Vietnamese —
"~ tiêu chí 2 › chỉ tiêu 2.2 › ngưỡng cột Chung › giá trị: 70 → 75" — for `ntm catalog import`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from ntm.core.workbook import column_label

_ITEMS = {
    "criteria": "tiêu chí",
    "indicators": "chỉ tiêu",
    "groups": "nhóm",
    "conditions": "điều kiện",
}
_FIELDS = {
    "code": "mã",
    "name_vi": "tên",
    "name_en": "tên tiếng Anh",
    "kind": "loại giá trị",
    "direction": "so sánh",
    "unit": "đơn vị",
    "unit_en": "đơn vị (tiếng Anh)",
    "sector": "ngành phụ trách",
    "optional": "không bắt buộc",
    "evidence": "minh chứng",
    "range": "khoảng giá trị",
    "group": "nhóm",
    "rule": "cách xét đạt",
    "at_least": "số chỉ tiêu tối thiểu",
    "revocation_key": "tiêu chí xét thu hồi",
    "complete": "đủ",
    "tier": "hạng",
    "level": "cấp",
    "dimension": "ngưỡng chia theo",
    "valid_from": "hiệu lực từ",
    "valid_to": "hiệu lực đến",
    "region_override": "cột cho xã ĐBKK, ATK",
    "value": "giá trị",
    "verified": "đã đối chiếu",
    "placeholder": "số giữ chỗ",
    "source": "căn cứ",
    "note": "ghi chú",
    "notes": "ghi chú",
    "decisions": "quyết định",
    "decision": "quyết định",
    "requires": "yêu cầu bộ",
    "revocation": "thu hồi",
    "overrides": "ngưỡng của tỉnh",
    "sets": "áp dụng cho bộ",
    "province_name": "tên tỉnh",
    "province_code": "mã tỉnh",
}
_TOKEN = re.compile(r"([^.\[\]]+)|\[([^\]]*)\]")


def describe_changes(changes: Iterable[tuple[str, Any, Any]], dimension: str) -> list[str]:
    """Lines "~ where: old → new", "+ where: …" (added), "- where: … (bỏ)" (removed)."""
    lines: list[str] = []
    for path, old, new in changes:
        where = _where(path, dimension)
        if isinstance(old, list) and isinstance(new, list):
            lines += [f"- {where}: {_show(item)} (bỏ)" for item in old if item not in new]
            lines += [f"+ {where}: {_show(item)}" for item in new if item not in old]
        elif old is None:
            lines.append(f"+ {where}" + (" (thêm)" if isinstance(new, Mapping) else f": {_show(new)}"))
        elif new is None:
            lines.append(f"- {where}" + (" (bỏ)" if isinstance(old, Mapping) else f": {_show(old)} (bỏ)"))
        else:
            lines.append(f"~ {where}: {_show(old)} → {_show(new)}")
    return lines


def _where(path: str, dimension: str) -> str:
    steps: list[str] = []
    previous = ""
    for name, item in _TOKEN.findall(path):
        if item:  # "[2.2]" after "indicators"
            steps[-1] = f"{_ITEMS.get(previous, previous)} {item}"
        elif previous == "thresholds":
            steps[-1] = f"ngưỡng cột {column_label(dimension, name)}"
        elif name.isdigit() and steps and steps[-1].startswith("ngưỡng cột"):
            steps.append(f"năm {name}")
        else:
            steps.append(_FIELDS.get(name, name))
        previous = name
    return " › ".join(steps) or "bộ tiêu chí"


def _show(value: Any) -> str:
    if isinstance(value, bool):
        return "Có" if value else "Không"
    if isinstance(value, date):
        return f"{value:%d/%m/%Y}"
    if isinstance(value, Mapping):
        if "value" in value:
            return _show(value["value"])
        named = next((value[k] for k in ("code", "number", "set", "indicator") if k in value), None)
        return str(named) if named is not None else "{…}"
    if isinstance(value, list):
        return f"{len(value)} mục"
    text = str(value)
    return text if len(text) <= 80 else f"{text[:77]}…"
