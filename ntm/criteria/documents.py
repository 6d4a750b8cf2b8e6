"""Documents as stored: JSON in the YAML's structure, and the threshold cells inside one."""

import datetime
import json
from collections.abc import Iterator
from typing import Any, NamedTuple


def to_json(data: Any) -> Any:
    """A document as JSON stores it: dates as YYYY-MM-DD, keys as text (year keys too)."""

    def default(value):
        if isinstance(value, datetime.date):
            return value.isoformat()
        raise TypeError(f"not JSON: {type(value).__name__}")

    return json.loads(json.dumps(data, default=default, ensure_ascii=False))


class CellKey(NamedTuple):
    indicator_code: str
    column: str
    year: int | None


def cells(document: dict) -> Iterator[tuple[CellKey, dict]]:
    """Every threshold cell of a set document: (indicator, column, year or None) and its mapping."""
    for criterion in document.get("criteria") or ():
        for indicator in criterion.get("indicators") or ():
            for column, cell in (indicator.get("thresholds") or {}).items():
                if isinstance(cell, dict) and "value" in cell:
                    yield CellKey(str(indicator.get("code")), str(column), None), cell
                elif isinstance(cell, dict):
                    for year, threshold in cell.items():
                        if isinstance(threshold, dict):
                            yield CellKey(str(indicator.get("code")), str(column), int(year)), threshold


def cell_of(document: dict, key: CellKey) -> dict | None:
    return next((cell for k, cell in cells(document) if k == key), None)


def indicator_of(document: dict, code: str) -> dict | None:
    for criterion in document.get("criteria") or ():
        for indicator in criterion.get("indicators") or ():
            if indicator.get("code") == code:
                return indicator
    return None


def changed_cells(before: dict | None, after: dict) -> list[CellKey]:
    """Cells of `after` whose value or source differs from `before` (or that `before` lacks)."""
    old = dict(cells(before)) if before else {}
    return [
        key
        for key, cell in cells(after)
        if key not in old
        or old[key].get("value") != cell.get("value")
        or old[key].get("source") != cell.get("source")
    ]


def diff(before: Any, after: Any, path: str = "") -> list[tuple[str, Any, Any]]:
    """(path, old, new) for every leaf that differs; lists of coded items are matched by code."""
    if isinstance(before, dict) and isinstance(after, dict):
        out = []
        for key in list(before) + [k for k in after if k not in before]:
            sub = f"{path}.{key}" if path else str(key)
            out += diff(before.get(key), after.get(key), sub)
        return out
    if isinstance(before, list) and isinstance(after, list) and _coded(before) and _coded(after):
        old = {item["code"]: item for item in before}
        new = {item["code"]: item for item in after}
        out = []
        for code in list(old) + [c for c in new if c not in old]:
            out += diff(old.get(code), new.get(code), f"{path}[{code}]")
        return out
    return [] if before == after else [(path, before, after)]


def _coded(items: list) -> bool:
    return all(isinstance(i, dict) and "code" in i for i in items)
