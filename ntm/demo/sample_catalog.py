"""A sample — not the law — of the 2026 commune set's 47 indicators, to exercise the catalog workflow.

QĐ 51/2025/QĐ-TTg's appendix tables are not available to us (docs/evaluation.md), so the shipped
`ntm/catalogs/xa-ntm-2026.yaml` stays structure-only. Tests and the demo still need a full 2026 set to
export, edit, import, verify and publish; this builds one on the real structure (the ten criteria,
commune groups 1 / 2 / 3) with invented figures that say what they are: the set's name and every
sheet of its workbook carry "MẪU – không phải văn bản chính thức", each indicator is named
"Chỉ tiêu mẫu N.M", and no threshold is verified.

Pure Python: the command line (`ntm catalog sample`) runs it without Django.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from ntm.core.catalog import DEFAULT_DIR
from ntm.core.workbook import SAMPLE_MARK

SET_CODE = "xa-ntm-2026"
# How many sample indicators each of the ten criteria gets: 47 in all, as the decision has.
INDICATORS_PER_CRITERION = (2, 6, 5, 3, 7, 4, 4, 6, 6, 4)
YEARS = range(2026, 2031)
GROUPS = ("1", "2", "3")


def sample_2026_document() -> dict[str, Any]:
    """The sample 2026 document, in the YAML's structure (see ntm/core/workbook.py)."""
    base = yaml.safe_load((Path(DEFAULT_DIR) / f"{SET_CODE}.yaml").read_text(encoding="utf-8"))
    document = dict(base)
    document["name_vi"] = f"MẪU – {base['name_vi']}"
    document["name_en"] = f"SAMPLE – {base['name_en']}"
    document["complete"] = True
    document["notes"] = [
        f"{SAMPLE_MARK}: chỉ tiêu và số liệu là mẫu để thử quy trình nhập, đối chiếu và công bố.",
        *base.get("notes", []),
    ]
    criteria = []
    for criterion, count in zip(base["criteria"], INDICATORS_PER_CRITERION, strict=True):
        number = int(criterion["code"])
        indicators = [_indicator(number, index) for index in range(1, count + 1)]
        criteria.append({**criterion, "complete": True, "indicators": indicators})
    document["criteria"] = criteria
    return document


def _indicator(criterion: int, index: int) -> dict[str, Any]:
    code = f"{criterion}.{index}"
    kind = _kind(criterion, index)
    indicator: dict[str, Any] = {
        "code": code,
        "name_vi": f"Chỉ tiêu mẫu {code}",
        "name_en": f"Sample indicator {code}",
        "kind": kind,
        "direction": "=" if kind == "boolean" else ">=",
    }
    if kind == "money":
        indicator["unit"], indicator["unit_en"] = "triệu đồng/người/năm", "million VND/person/year"
    if kind == "count":
        indicator["unit"], indicator["unit_en"] = "mô hình", "models"
    indicator["sector"] = "Ngành phụ trách mẫu"
    if (criterion, index) == (8, 6):
        indicator["optional"] = True
    indicator["evidence"] = f"Minh chứng mẫu cho chỉ tiêu {code}"
    indicator["verified"] = False
    indicator["source"] = SAMPLE_MARK
    indicator["thresholds"] = {group: _cell(kind, criterion, index, group) for group in GROUPS}
    return indicator


def _kind(criterion: int, index: int) -> str:
    if (criterion, index) == (3, 1):
        return "money"  # the one indicator that varies by year, as income did in 2021–2025
    return ("boolean", "percent", "percent", "count")[(criterion + index) % 4]


def _cell(kind: str, criterion: int, index: int, group: str) -> dict[Any, Any]:
    """Group 1 (urbanising communes) asks most, group 3 (mountain area II/III communes) least."""
    step = GROUPS.index(group)
    if kind == "money":
        return {year: _threshold(70 + 6 * (year - 2026) - 8 * step) for year in YEARS}
    if kind == "boolean":
        return _threshold(True)
    if kind == "count":
        return _threshold(3 - step)
    return _threshold(min(100, 60 + (7 * index + 3 * criterion) % 35 + 10 * (1 - step)))


def _threshold(value: Any) -> dict[str, Any]:
    return {"value": value, "verified": False}
