"""Checking entries against the database and planning the write: units in force, scope, values
readable for their kind, duplicates, and what each value changes (new, changed, unchanged).

Built to scale to a national file: units and current values are fetched once per (set, year) and
every row is then checked with dict lookups, never a query per row.
"""

from __future__ import annotations

import array
import zlib
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property, partial
from itertools import chain, islice
from typing import Any, NamedTuple

from django.db.models import Q

from ntm.accounts.actors import is_system
from ntm.accounts.permissions import can_edit_criterion
from ntm.core.collation import sort_key
from ntm.core.memory import without_cycle_collection
from ntm.core.status import Status, parse_recorded
from ntm.core.values import NA, RefusedValue, check_value, format_value
from ntm.indicators.engine import NOT_APPLICABLE, catalog, year_era_date
from ntm.indicators.models import CriterionStatus, IndicatorValue
from ntm.tabular import RowError
from ntm.units.models import AdminUnit

from .reader import Entry, ReadResult, read_upload
from .scope import SET_LEVEL_TO_UNIT_LEVEL, Applicability, unit_code_text

BULK_LOOKUP = 500  # above this many distinct units, fetch the whole level instead of an IN list
VALUE_CACHE = 200_000  # distinct (indicator, cell text) pairs remembered while checking one file
Progress = Callable[[str, int, int], None]


class Planned(NamedTuple):
    """One entry that passed every check, with the current version it would supersede."""

    entry: Entry
    unit_id: int
    value: Any  # the JSON form stored (values) or True / False (statuses)
    old_id: int | None
    old_version: int
    old_value: Any

    @property
    def changed(self) -> bool:
        return self.old_value != self.value

    # what `indicators.versions.apply` reads of a planned change
    @property
    def set_code(self) -> str:
        return self.entry.set_code

    @property
    def year(self) -> int:
        return self.entry.year

    @property
    def code(self) -> str:
        return self.entry.code

    @property
    def source(self) -> str:
        return self.entry.source


@dataclass
class Plan:
    filename: str
    errors: list[RowError] = field(default_factory=list)
    values: list[Planned] = field(default_factory=list)
    statuses: list[Planned] = field(default_factory=list)
    units: dict[int, AdminUnit] = field(default_factory=dict)
    shape: str = ""

    @property
    def ok(self) -> bool:
        return not self.errors

    @cached_property
    def value_changes(self) -> list[Planned]:
        return [p for p in self.values if p.changed]

    @cached_property
    def status_changes(self) -> list[Planned]:
        return [p for p in self.statuses if p.changed]

    def versions(self) -> array.array:
        """The version of every planned value and status the check compared against, in plan order."""
        return array.array("I", [p.old_version for p in self.values] + [p.old_version for p in self.statuses])

    def seen_versions(self) -> bytes:
        return zlib.compress(self.versions().tobytes())

    @cached_property
    def touched(self) -> dict[tuple[str, int], set[int]]:
        """(set, year) -> ids of the units whose values or statuses change."""
        touched: dict[tuple[str, int], set[int]] = defaultdict(set)
        for p in (*self.value_changes, *self.status_changes):
            touched[(p.entry.set_code, p.entry.year)].add(p.unit_id)
        return dict(touched)


def changed_since(plan: Plan, seen: bytes) -> list[tuple[Planned, int]]:
    """Entries whose current version differs from the one seen at preview: (entry, version seen)."""
    before = array.array("I")
    before.frombytes(zlib.decompress(seen))
    planned = plan.values + plan.statuses
    if len(before) != len(planned):
        return [(p, 0) for p in planned]  # the file no longer reads the same: treat all as changed
    return [(p, old) for p, old in zip(planned, before, strict=True) if p.old_version != old]


@without_cycle_collection()  # a national file is a million entries: see there
def build_plan(
    filename: str,
    data: bytes,
    *,
    actor,
    set_code: str | None = None,
    year: int | None = None,
    progress: Progress | None = None,
) -> Plan:
    """Read and check a whole file; the plan carries every error found (none means it can be written)."""
    report = progress or (lambda phase, done, total: None)
    report("read", 0, 0)
    read = read_upload(filename, data, set_code=set_code, year=year)
    plan = Plan(filename, shape=read.shape)
    plan.errors.extend(read.errors)
    groups: dict[tuple[str, int], list[Entry]] = defaultdict(list)
    for entry in read.entries:
        groups[(entry.set_code, entry.year)].append(entry)
    total, done = len(read.entries), 0
    for (group_set, group_year), entries in groups.items():
        offset = done
        _Checker(plan, actor, group_set, group_year).run(entries, partial(_checked, report, offset, total))
        done += len(entries)
    plan.errors.sort(key=_error_order(read))
    report("check", total, total)
    return plan


def _checked(report: Callable[[str, int, int], None], offset: int, total: int, n: int) -> None:
    report("check", offset + n, total)


def _error_order(read: ReadResult):
    sheets = {name: index for index, name in enumerate(read.sheets)}

    def key(error: RowError):
        column = error.column
        letters = column.isalpha() and column.isupper()
        return (sheets.get(error.sheet, 99), error.row, (len(column), column) if letters else (0, column))

    return key


class _Checker:
    """Checks the entries of one (set, year): one query for the units, one for the current values."""

    def __init__(self, plan: Plan, actor, set_code: str, year: int):
        self.plan, self.actor, self.set_code, self.year = plan, actor, set_code, year
        self.cset = catalog().get(set_code)
        self.day = year_era_date(year)
        self.level = SET_LEVEL_TO_UNIT_LEVEL[self.cset.level]
        self.indicators = {i.code: (c, i) for c in self.cset.criteria for i in c.indicators}
        self.criteria = {c.code: c for c in self.cset.criteria}
        self.applies = Applicability(set_code, year)
        self.check_scope = not is_system(actor)
        self._may_edit: dict[tuple[int, str], bool] = {}
        self._row_reported: set[tuple[str, int, str]] = set()
        self._values: dict[tuple, tuple[Any, str]] = {}

    def run(self, entries: list[Entry], progress: Callable[[int], None]) -> None:
        units = self._resolve_units(entries)
        accepted: list[tuple[Entry, int, Any]] = []
        seen: dict[tuple, Entry] = {}
        owner = {code: criterion for code, (criterion, _i) in self.indicators.items()}
        for index, entry in enumerate(entries):
            if index % 20000 == 0:
                progress(index)
            unit = units[entry.unit_ref]
            if isinstance(unit, str):
                self._row_error(entry, entry.unit_column, unit)
                continue
            if self.check_scope:
                criterion = self.criteria[entry.code] if entry.is_status else owner[entry.code]
                if not self._editable(unit, criterion):
                    self._row_error(
                        entry, entry.unit_column, f"bạn không có quyền nhập số liệu cho {unit.name}"
                    )
                    continue
            value, problem = self._value(entry)
            if problem:
                self._error(entry, entry.value_column, problem)
                continue

            key = (unit.id, entry.code, entry.is_status)
            first = seen.get(key)
            if first is not None:
                where = f"dòng {first.row}" + (
                    f" trang “{first.sheet}”" if first.sheet != entry.sheet else ""
                )
                what = "tiêu chí" if entry.is_status else "chỉ tiêu"
                self._error(entry, entry.value_column, f"trùng với {where}: cùng đơn vị, {what} {entry.code}")
                continue
            seen[key] = entry
            accepted.append((entry, unit.id, value))
        progress(len(entries))
        if accepted:
            self._plan(accepted)

    # units ----------------------------------------------------------------------------------------

    def _resolve_units(self, entries: list[Entry]) -> dict[str, AdminUnit | str]:
        """unit_ref -> unit, or -> the message explaining why the reference does not work."""
        refs = {e.unit_ref for e in entries}
        ids = {int(r[1:]) for r in refs if r.startswith("#") and r[1:].isdigit()}
        codes = {r: unit_code_text(r, self.level) for r in refs if not r.startswith("#")}
        qs = AdminUnit.objects.as_of(self.day)
        if len(refs) <= BULK_LOOKUP:
            qs = qs.filter(Q(pk__in=ids) | Q(code__in=set(codes.values())))
        else:
            qs = qs.filter(level=self.level)
        by_id, by_code = {}, defaultdict(list)
        for unit in qs:
            by_id[unit.pk] = unit
            if unit.code:
                by_code[unit.code].append(unit)
        missing_ids = ids - set(by_id)
        if missing_ids:
            by_id.update(AdminUnit.objects.in_bulk(list(missing_ids)))
        resolved: dict[str, AdminUnit | str] = {}
        for ref in refs:
            if ref.startswith("#"):
                unit = by_id.get(int(ref[1:])) if ref[1:].isdigit() else None
                resolved[ref] = self._usable(unit, ref)
            else:
                found = by_code.get(codes[ref], [])
                same_level = [u for u in found if u.level == self.level] or found
                if len(same_level) > 1:
                    resolved[ref] = (
                        f"mã “{ref}” trùng nhiều đơn vị: hãy dùng mẫu nhập (có mã ẩn) của hệ thống"
                    )
                else:
                    resolved[ref] = self._usable(same_level[0] if same_level else None, ref)
        return resolved

    def _usable(self, unit: AdminUnit | None, ref: str) -> AdminUnit | str:
        if unit is None:
            return (
                f"không có đơn vị mã “{ref}” có hiệu lực ngày {self.day:%d/%m/%Y} (số liệu năm {self.year})"
            )
        if not unit.in_force_on(self.day):
            return f"{unit.name} không có hiệu lực ngày {self.day:%d/%m/%Y} (số liệu năm {self.year})"
        if not self.applies(unit):
            return f"bộ {self.set_code} không áp dụng cho {unit.name} ({unit.get_kind_display().lower()})"
        self.plan.units[unit.pk] = unit
        return unit

    def _editable(self, unit: AdminUnit, criterion) -> bool:
        key = (unit.pk, criterion.code)
        if key not in self._may_edit:
            self._may_edit[key] = can_edit_criterion(self.actor, unit, criterion)
        return self._may_edit[key]

    # values ---------------------------------------------------------------------------------------

    def _value(self, entry: Entry) -> tuple[Any, str]:
        """(typed value, "") or (None, what is wrong). A national file repeats the same few texts
        ("có", "95,5") a million times, so each (indicator, cell) pair is interpreted once."""
        raw = entry.raw
        key = (entry.code, entry.is_status, raw.__class__, raw)
        found = self._values.get(key)
        if found is None:
            found = self._interpret(entry)
            if len(self._values) < VALUE_CACHE:
                self._values[key] = found
        return found

    def _interpret(self, entry: Entry) -> tuple[Any, str]:
        if entry.is_status:
            try:
                status = parse_recorded(entry.raw)
            except ValueError:
                return None, f"“{entry.raw}” không đọc được: ghi “Đạt” hoặc “Chưa đạt”"
            if status is Status.NOT_APPLICABLE:
                return None, "kết quả tiêu chí chỉ ghi “Đạt” hoặc “Chưa đạt”"
            return status is Status.MET, ""
        indicator = self.indicators[entry.code][1]
        if indicator.kind == "growth":  # the cell error says what to enter instead
            return None, f"được tính từ số liệu năm trước của chỉ tiêu {indicator.base}, không nhập"
        try:
            value = check_value(indicator, entry.raw)
        except RefusedValue as exc:
            return None, str(exc)
        return (NOT_APPLICABLE if value is NA else value), ""

    # errors ---------------------------------------------------------------------------------------

    def _error(self, entry: Entry, column: str, message: str) -> None:
        self.plan.errors.append(RowError(entry.sheet, entry.row, column, message))

    def _row_error(self, entry: Entry, column: str, message: str) -> None:
        """A unit problem is reported once per row, not once per value on that row."""
        key = (entry.sheet, entry.row, column)
        if key not in self._row_reported:
            self._row_reported.add(key)
            self._error(entry, column, message)

    # planning -------------------------------------------------------------------------------------

    def _plan(self, accepted: list[tuple[Entry, int, Any]]) -> None:
        unit_ids = {unit_id for _e, unit_id, _v in accepted}
        values = [a for a in accepted if not a[0].is_status]
        statuses = [a for a in accepted if a[0].is_status]
        if values:
            current = self._current(
                IndicatorValue.objects.filter(
                    is_current=True, set_code=self.set_code, period=str(self.year), disaggregation=""
                ),
                "indicator_code",
                "value",
                unit_ids,
            )
            self.plan.values.extend(_planned(values, current))
        if statuses:
            current = self._current(
                CriterionStatus.objects.filter(is_current=True, set_code=self.set_code, year=self.year),
                "criterion_code",
                "met",
                unit_ids,
            )
            self.plan.statuses.extend(_planned(statuses, current))

    @staticmethod
    def _current(qs, code_field: str, value_field: str, unit_ids: set[int]) -> dict:
        if len(unit_ids) <= BULK_LOOKUP:
            qs = qs.filter(unit_id__in=unit_ids)
        rows = qs.values_list("unit_id", code_field, "pk", "version", value_field)
        return {(u, code): (pk, version, value) for u, code, pk, version, value in rows if u in unit_ids}


def _planned(accepted, current) -> list[Planned]:
    planned: list[Planned] = []
    append = planned.append
    for entry, unit_id, value in accepted:
        old = current.get((unit_id, entry.code))
        if old is None:
            append(Planned(entry, unit_id, value, None, 0, None))
        else:
            append(Planned(entry, unit_id, value, *old))
    return planned


def summarize(plan: Plan, *, limit: int = 1000) -> tuple[dict, list[dict]]:
    """Preview counts (overall and per unit) and the first `limit` changes, old → new, for display."""
    per_unit: dict[int, Counter] = defaultdict(Counter)
    for kind, planned in (("value", plan.values), ("status", plan.statuses)):
        for p in planned:
            state = "unchanged" if not p.changed else ("new" if p.old_id is None else "changed")
            per_unit[p.unit_id][f"{kind}_{state}"] += 1
            if kind == "status" and p.changed:
                per_unit[p.unit_id]["status_written"] += 1
    units = [
        {"id": uid, "code": plan.units[uid].code, "name": plan.units[uid].name, **counts}
        for uid, counts in sorted(per_unit.items(), key=lambda item: sort_key(plan.units[item[0]].name))
    ]
    totals: Counter[str] = Counter()
    for counts in per_unit.values():
        totals.update(counts)
    changes = [_change_row(plan, p) for p in islice(chain(plan.value_changes, plan.status_changes), limit)]
    summary = {
        "totals": dict(totals),
        "units": units[:limit],
        "unit_count": len(units),
        "sets": sorted({f"{s} · {y}" for s, y in plan.touched}),
        "change_count": len(plan.value_changes) + len(plan.status_changes),
        "shape": plan.shape,
    }
    return summary, changes


def _change_row(plan: Plan, p: Planned) -> dict:
    entry = p.entry
    unit = plan.units[p.unit_id]
    if entry.is_status:
        shown = {True: "Đạt", False: "Chưa đạt", None: ""}
        old, new, label = shown[p.old_value], shown[p.value], f"TC {entry.code}"
    else:
        indicator = catalog().get(entry.set_code).indicator(entry.code)
        old = "" if p.old_value is None else _display(indicator, p.old_value)
        new = _display(indicator, p.value)
        label = entry.code
    return {
        "unit": unit.name,
        "set": entry.set_code,
        "year": entry.year,
        "code": label,
        "old": old,
        "new": new,
        "where": cell_ref(entry),
    }


def cell_ref(entry: Entry) -> str:
    """ "Giá trị chỉ tiêu!F7" for a spreadsheet cell; "CSV, dòng 3, cột Giá trị" for a CSV field."""
    column = entry.value_column
    if column.isalpha() and column.isupper() and len(column) <= 3:
        return f"{entry.sheet}!{column}{entry.row}"
    return f"{entry.sheet}, dòng {entry.row}, cột {column}"


def _display(indicator, value) -> str:
    return format_value(indicator, NA if value == NOT_APPLICABLE else value)
