"""Read units to evaluate from JSON, CSV or XLSX (the formats are described in docs/evaluation.md).

JSON: one unit object, a list of them, or ``{"set": …, "year": …, "units": [...]}``.
CSV / XLSX (first sheet): one row per unit; reserved columns `id, name, province_code, region,
dbkk, atk, commune_group, year`; `recorded:<criterion>` for recorded statuses; `fact:<name>` for
facts; `previous:<indicator>` for the year before's value (growth indicators); `<set-code>:<indicator>`
and `<set-code>:recorded:<criterion>` for a required set's data; any other column is an indicator
code of the evaluated set. Empty cells are missing values.

Every problem is reported with its place (row and column, or unit index and key); a file with
problems yields no units, so nothing is evaluated half-way.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from python_calamine import CalamineWorkbook

from ntm.core.rules import UnitProfile
from ntm.core.unit import SetData, UnitInput
from ntm.core.values import parse_number

PROFILE_KEYS = ("province_code", "region", "dbkk", "atk", "commune_group")
UNIT_KEYS = {"id", "name", "year", "values", "recorded", "facts", "prerequisites", "previous", *PROFILE_KEYS}
_TRUE = {"true", "yes", "1", "x", "có"}
_FALSE = {"false", "no", "0", "không", ""}


class InputInvalid(Exception):
    def __init__(self, errors: list[str]):
        self.errors = errors
        super().__init__("\n".join(errors))


@dataclass(frozen=True)
class InputFile:
    units: list[tuple[str, UnitInput]]  # (where it came from, e.g. "row 3", unit)
    set_code: str | None = None
    year: int | None = None


def read_units(path: Path | str) -> InputFile:
    """Units of a JSON, CSV or XLSX file; raises InputInvalid listing every problem."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".json":
        return _read_json(path)
    if suffix == ".csv":
        with path.open(newline="", encoding="utf-8-sig") as handle:
            rows = list(csv.reader(handle))
        return _read_rows(path.name, rows)
    if suffix in (".xlsx", ".xlsm", ".xls", ".ods"):
        sheet = CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0)
        return _read_rows(path.name, sheet.to_python())
    raise InputInvalid([f"{path.name}: unknown input format {suffix!r} (use .json, .csv or .xlsx)"])


def _read_json(path: Path) -> InputFile:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise InputInvalid([f"{path.name}: not valid JSON: {exc}"]) from None
    set_code = year = None
    if isinstance(data, Mapping) and "units" in data:
        set_code, year, items = data.get("set"), data.get("year"), data["units"]
    elif isinstance(data, Mapping):
        items = [data]
    else:
        items = data
    if not isinstance(items, list):
        raise InputInvalid([f"{path.name}: expected a unit, a list of units or {{'units': [...]}}"])
    errors: list[str] = []
    units = []
    for i, item in enumerate(items):
        where = f"{path.name}: units[{i}]"
        unit = _unit_from_mapping(item, where, errors)
        if unit:
            units.append((f"units[{i}]", unit))
    if errors:
        raise InputInvalid(errors)
    return InputFile(units, set_code, year)


def _unit_from_mapping(item: Any, where: str, errors: list[str]) -> UnitInput | None:
    if not isinstance(item, Mapping):
        errors.append(f"{where}: expected an object")
        return None
    for key in item:
        if key not in UNIT_KEYS:
            errors.append(f"{where}.{key}: unknown key (allowed: {', '.join(sorted(UNIT_KEYS))})")
    for key in ("values", "recorded", "facts", "prerequisites", "previous"):
        if not isinstance(item.get(key, {}), Mapping):
            errors.append(f"{where}.{key}: expected an object")
            return None
    prerequisites = {}
    for code, data in item.get("prerequisites", {}).items():
        if not isinstance(data, Mapping) or set(data) - {"values", "recorded"}:
            errors.append(f"{where}.prerequisites.{code}: expected {{values: {{}}, recorded: {{}}}}")
            continue
        prerequisites[code] = SetData(dict(data.get("values", {})), dict(data.get("recorded", {})))
    try:
        profile = UnitProfile.build(
            item.get("province_code"),
            item.get("region"),
            _flag(item.get("dbkk")),
            _flag(item.get("atk")),
            item.get("commune_group"),
        )
        year = _year(item.get("year"))
    except ValueError as exc:
        errors.append(f"{where}: {exc}")
        return None
    if not item.get("id"):
        errors.append(f"{where}.id: every unit needs an id")
        return None
    return UnitInput(
        id=str(item["id"]),
        name=str(item.get("name") or ""),
        profile=profile,
        year=year,
        values=dict(item.get("values", {})),
        recorded=dict(item.get("recorded", {})),
        facts=dict(item.get("facts", {})),
        prerequisites=prerequisites,
        previous=dict(item.get("previous", {})),
    )


def _flag(raw: Any) -> bool:
    if isinstance(raw, bool) or raw is None:
        return bool(raw)
    if isinstance(raw, int | float):
        return bool(raw)
    word = str(raw).strip().lower()
    if word in _TRUE:
        return True
    if word in _FALSE:
        return False
    raise ValueError(f"expected yes/no, got {raw!r}")


def _year(raw: Any) -> int | None:
    if raw is None or raw == "":
        return None
    year = int(parse_number(str(raw))) if isinstance(raw, str) else int(raw)
    if not 2000 <= year <= 2100:
        raise ValueError(f"year {raw!r} is out of range")
    return year


def _header(cell: Any) -> str:
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return str(cell).strip()


def _read_rows(name: str, rows: list[list[Any]]) -> InputFile:
    rows = [row for row in rows if any(cell not in (None, "") for cell in row)]
    if not rows:
        raise InputInvalid([f"{name}: the file is empty"])
    header = [_header(cell) for cell in rows[0]]
    errors: list[str] = []
    units = []
    for number, row in enumerate(rows[1:], start=2):
        item: dict[str, Any] = {
            "values": {},
            "recorded": {},
            "facts": {},
            "prerequisites": {},
            "previous": {},
        }
        for column, cell in zip(header, row, strict=False):
            _place(item, column, cell)
        unit = _unit_from_mapping(item, f"{name}: row {number}", errors)
        if unit:
            units.append((f"row {number}", unit))
    if errors:
        raise InputInvalid(errors)
    return InputFile(units)


def _place(item: dict[str, Any], column: str, cell: Any) -> None:
    """Put one cell where it belongs in a unit mapping."""
    if cell is None or cell == "" or not column:
        return
    if column in UNIT_KEYS - {"values", "recorded", "facts", "prerequisites", "previous"}:
        item[column] = _header(cell) if column in ("id", "province_code") else cell
    elif column.startswith("previous:"):
        item["previous"][column.removeprefix("previous:")] = cell
    elif column.startswith("recorded:"):
        item["recorded"][column.removeprefix("recorded:")] = cell
    elif column.startswith("fact:"):
        item["facts"][column.removeprefix("fact:")] = cell
    elif ":" in column:
        set_code, _, rest = column.partition(":")
        data = item["prerequisites"].setdefault(set_code, {"values": {}, "recorded": {}})
        if rest.startswith("recorded:"):
            data["recorded"][rest.removeprefix("recorded:")] = cell
        else:
            data["values"][rest] = cell
    else:
        item["values"][column] = cell
