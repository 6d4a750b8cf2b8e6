"""What a new criteria-set document changes against the current one, in lines an office reads.

`ntm catalog import` prints it before a draft is created (and the web upload can show it): criteria,
indicators, decisions… are matched by their code, not their position, so inserting an indicator
shows one added line instead of every following row "changed".
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from ntm.core.workbook import column_label

# List items are matched by these keys (the first one an item has).
_IDENTITY = ("code", "number", "set", "indicator")
_LIST_LABELS = {
    "criteria": "tiêu chí",
    "indicators": "chỉ tiêu",
    "groups": "nhóm",
    "decisions": "quyết định",
    "conditions": "điều kiện",
    "requires": "yêu cầu bộ",
    "overrides": "ngưỡng của tỉnh cho",
    "notes": "ghi chú",
    "sets": "áp dụng cho bộ",
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
    "number": "số hiệu",
    "date": "ngày",
    "issuer": "cơ quan ban hành",
    "title": "trích yếu",
    "role": "vai trò",
    "tier": "hạng",
    "dimension": "ngưỡng chia theo",
    "valid_from": "hiệu lực từ",
    "valid_to": "hiệu lực đến",
    "region_override": "cột cho xã ĐBKK, ATK",
    "value": "giá trị",
    "verified": "trạng thái đối chiếu",
    "placeholder": "số giữ chỗ",
    "source": "căn cứ",
    "note": "ghi chú",
    "thresholds": "",  # its columns say "ngưỡng cột …"
    "revocation": "thu hồi",
    "decision": "quyết định",
    "province_name": "tên tỉnh",
    "province_code": "mã tỉnh",
    "level": "cấp",
}


def diff_documents(old: Mapping[str, Any] | None, new: Mapping[str, Any]) -> list[str]:
    """Lines "~ where: old → new", "+ where: added", "- where: removed"; [] when nothing changes."""
    if old is None:
        return [f"+ bộ tiêu chí mới {new.get('code', '')}".rstrip()]
    lines: list[str] = []
    _walk(old, new, [], lines, str(new.get("dimension", "none")), "")
    return lines


def _walk(old: Any, new: Any, path: list[str], lines: list[str], dimension: str, parent: str) -> None:
    if old == new and type(old) is type(new):
        return
    if isinstance(old, Mapping) and isinstance(new, Mapping):
        for key in [*old, *(k for k in new if k not in old)]:
            label = _key_label(key, parent, dimension)
            if key not in new:
                lines.append(f"- {_where([*path, label])}: {_show(old[key])} (bỏ)")
            elif key not in old:
                lines.append(f"+ {_where([*path, label])}: {_show(new[key])}")
            else:
                _walk(old[key], new[key], [*path, label], lines, dimension, str(key))
        return
    if isinstance(old, list) and isinstance(new, list):
        _walk_list(old, new, path, lines, dimension, parent)
        return
    lines.append(f"~ {_where(path)}: {_show(old)} → {_show(new)}")


def _walk_list(
    old: Sequence[Any], new: Sequence[Any], path: list[str], lines: list[str], dimension: str, parent: str
) -> None:
    name = _LIST_LABELS.get(parent, parent)
    here = path[:-1] if path else path  # "tiêu chí 2" replaces "tiêu chí" rather than following it
    before, after = _keyed(old), _keyed(new)
    if before is None or after is None:
        for item in old:
            if item not in new:
                lines.append(f"- {_where([*here, name])}: {_show(item)} (bỏ)")
        for item in new:
            if item not in old:
                lines.append(f"+ {_where([*here, name])}: {_show(item)}")
        return
    for ident in before:
        if ident not in after:
            lines.append(f"- {_where([*here, f'{name} {ident}'])} (bỏ)")
    for ident, item in after.items():
        if ident not in before:
            lines.append(f"+ {_where([*here, f'{name} {ident}'])} (thêm)")
        else:
            _walk(before[ident], item, [*here, f"{name} {ident}"], lines, dimension, parent)


def _keyed(items: Sequence[Any]) -> dict[str, Any] | None:
    """Items by their code (or number, set…) when every item has a distinct one; else None."""
    keyed: dict[str, Any] = {}
    for item in items:
        if not isinstance(item, Mapping):
            return None
        ident = " ".join(str(item[k]) for k in _IDENTITY if k in item and item[k] is not None)
        if not ident or ident in keyed:
            return None
        if "key" in item or "year" in item:  # an override entry: its column and year belong to it
            ident += "".join(f" {item[k]}" for k in ("key", "year") if item.get(k) is not None)
        keyed[ident] = item
    return keyed


def _key_label(key: Any, parent: str, dimension: str) -> str:
    if parent == "thresholds":
        return f"ngưỡng cột {column_label(dimension, str(key))}"
    if isinstance(key, int):
        return f"năm {key}"
    return _FIELDS.get(str(key), str(key))


def _where(path: list[str]) -> str:
    return " › ".join(step for step in path if step) or "bộ tiêu chí"


def _show(value: Any) -> str:
    if isinstance(value, bool):
        return "Có" if value else "Không"
    if isinstance(value, date):
        return f"{value:%d/%m/%Y}"
    if isinstance(value, Mapping):
        if "value" in value:
            return _show(value["value"])
        return "{…}"
    if isinstance(value, list):
        return f"{len(value)} mục"
    text = str(value)
    return text if len(text) <= 80 else f"{text[:77]}…"
