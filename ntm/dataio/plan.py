"""Checking entries against the database and planning the write: units in force, scope, values
readable for their kind, duplicates, and what each value changes (new, changed, unchanged).

Built to scale to a national file: units and current values are fetched once per (set, year) and
every row is then checked with dict lookups, never a query per row.
"""

from __future__ import annotations

import array
import zlib
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator, Sequence
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

from .entries import Entries, Entry
from .errors import ErrorLog
from .reader import read_upload
from .scope import SET_LEVEL_TO_UNIT_LEVEL, Applicability, unit_code_text

BULK_LOOKUP = 500  # above this many distinct units, fetch the whole level instead of an IN list
VALUE_CACHE = 200_000  # distinct (indicator, cell text) pairs remembered while checking one file
CURRENT_CHUNK = 5000  # current versions fetched at a time
Progress = Callable[[str, int, int], None]


class Planned(NamedTuple):
    """One entry that passed every check, with the current version it would supersede (`old_id`
    None: none). The first nine fields are what `indicators.versions.apply` reads of a change."""

    unit_id: int
    set_code: str
    year: int
    code: str
    value: Any  # the JSON form stored (values) or True / False (statuses)
    source: str
    old_id: int | None
    old_version: int
    old_value: Any
    sheet: str  # where the entry is in the file (`cell_ref`)
    row: int
    value_column: str
    is_status: bool

    @property
    def changed(self) -> bool:
        return self.old_value != self.value


class PlannedColumns(Sequence):
    """The planned values (or statuses) of a file, column by column; `planned[i]` is a `Planned`.

    About 30 bytes per entry besides the read entries it points into (a million `Planned` tuples
    took about 180 MB). The old value is kept only where it differs from the new one: equal
    means unchanged, and a national re-import is mostly that."""

    def __init__(self, entries: Entries):
        self.entries = entries
        self.entry = array.array("I")  # position in `entries`
        self.unit_id = array.array("I")
        self.value: list = []
        self.old_id = array.array("q")  # 0: no current version
        self.old_version = array.array("I")
        self.old_values: dict[int, Any] = {}

    def add(self, entry: int, unit_id: int, value: Any) -> int:
        self.entry.append(entry)
        self.unit_id.append(unit_id)
        self.value.append(value)
        self.old_id.append(0)
        self.old_version.append(0)
        return len(self.value) - 1

    def supersedes(self, position: int, pk: int, version: int, value: Any) -> None:
        """Record the current version of a planned entry."""
        self.old_id[position], self.old_version[position] = pk, version
        if value != self.value[position]:
            self.old_values[position] = value
        else:
            self.old_values.pop(position, None)

    def changed(self, position: int) -> bool:
        return not self.old_id[position] or position in self.old_values

    def changes(self) -> PlannedView:
        return PlannedView(self, array.array("I", (i for i in range(len(self.value)) if self.changed(i))))

    def __len__(self) -> int:
        return len(self.value)

    def __getitem__(self, position):  # type: ignore[override]
        if isinstance(position, slice):
            return [self.at(i) for i in range(*position.indices(len(self)))]
        return self.at(position + len(self) if position < 0 else position)

    def at(self, position: int) -> Planned:
        entries, text = self.entries, self.entries.texts.texts
        k, old_id, value = self.entry[position], self.old_id[position], self.value[position]
        return Planned(
            self.unit_id[position],
            text[entries.set_code[k]],
            entries.year[k],
            text[entries.code[k]],
            value,
            text[entries.source[k]],
            old_id or None,
            self.old_version[position],
            self.old_values.get(position, value) if old_id else None,
            text[entries.sheet[k]],
            entries.row[k],
            text[entries.value_column[k]],
            bool(entries.is_status[k]),
        )

    def __iter__(self) -> Iterator[Planned]:
        return map(self.at, range(len(self.value)))


class PlannedView(Sequence):
    """Some of the planned entries (the changes), by position, as `Planned`."""

    def __init__(self, columns: PlannedColumns, positions: array.array):
        self.columns, self.positions = columns, positions

    def __len__(self) -> int:
        return len(self.positions)

    def __getitem__(self, index):  # type: ignore[override]
        if isinstance(index, slice):
            return [self.columns.at(p) for p in self.positions[index]]
        return self.columns.at(self.positions[index])

    def __iter__(self) -> Iterator[Planned]:
        return map(self.columns.at, self.positions)

    def corrections(self) -> int:
        """How many replace a current version (the others are new)."""
        old_id = self.columns.old_id
        return sum(1 for position in self.positions if old_id[position])


@dataclass
class Plan:
    filename: str
    errors: list[RowError] = field(default_factory=list)  # the first `errors.KEPT`, in file order
    error_count: int = 0
    entries: Entries = field(default_factory=Entries)
    units: dict[int, AdminUnit] = field(default_factory=dict)
    shape: str = ""

    def __post_init__(self) -> None:
        self.values = PlannedColumns(self.entries)
        self.statuses = PlannedColumns(self.entries)

    @property
    def ok(self) -> bool:
        return not self.errors

    @cached_property
    def value_changes(self) -> PlannedView:
        return self.values.changes()

    @cached_property
    def status_changes(self) -> PlannedView:
        return self.statuses.changes()

    def versions(self) -> array.array:
        """The version of every planned value and status the check compared against, in plan order."""
        return self.values.old_version + self.statuses.old_version

    def seen_versions(self) -> bytes:
        return zlib.compress(self.versions().tobytes())

    @cached_property
    def touched(self) -> dict[tuple[str, int], set[int]]:
        """(set, year) -> ids of the units whose values or statuses change."""
        touched: dict[tuple[str, int], set[int]] = defaultdict(set)
        entries, text = self.entries, self.entries.texts.texts
        for changes in (self.value_changes, self.status_changes):
            columns = changes.columns
            for position in changes.positions:
                k = columns.entry[position]
                touched[(text[entries.set_code[k]], entries.year[k])].add(columns.unit_id[position])
        return dict(touched)


def changed_since(plan: Plan, seen: bytes) -> list[tuple[Planned, int]]:
    """Entries whose current version differs from the one seen at preview: (entry, version seen)."""
    before = array.array("I")
    before.frombytes(zlib.decompress(seen))
    now = plan.versions()
    planned = chain(plan.values, plan.statuses)
    if len(before) != len(now):
        return [(p, 0) for p in planned]  # the file no longer reads the same: treat all as changed
    differ = [i for i, (old, new) in enumerate(zip(before, now, strict=True)) if old != new]
    split = len(plan.values)
    return [(plan.values[i] if i < split else plan.statuses[i - split], before[i]) for i in differ]


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
    """Read and check a whole file; the plan carries the errors found (none means it can be
    written): the first `errors.KEPT` in file order, and how many there were."""
    report = progress or (lambda phase, done, total: None)
    report("read", 0, 0)
    read = read_upload(filename, data, set_code=set_code, year=year)
    entries = read.entries
    plan = Plan(filename, entries=entries, shape=read.shape)
    text = entries.texts.texts
    total, done = len(entries), 0
    for (group_set, group_year), positions in _groups(entries).items():
        offset = done
        checker = _Checker(plan, read.errors, actor, text[group_set], group_year)
        checker.run(positions, partial(_checked, report, offset, total))
        done += len(positions)
    entries.forget_cells()
    plan.errors, plan.error_count = read.errors.first(), read.errors.count
    report("check", total, total)
    return plan


def _groups(entries: Entries) -> dict[tuple[int, int], Sequence[int]]:
    """(set text number, year) -> positions of its entries, in file order."""
    keys = dict.fromkeys(zip(entries.set_code, entries.year, strict=True))
    if len(keys) == 1:
        return {next(iter(keys)): range(len(entries))}
    groups: dict[tuple[int, int], array.array] = {key: array.array("I") for key in keys}
    for position, key in enumerate(zip(entries.set_code, entries.year, strict=True)):
        groups[key].append(position)
    return dict(groups)


def _checked(report: Callable[[str, int, int], None], offset: int, total: int, n: int) -> None:
    report("check", offset + n, total)


class _Checker:
    """Checks the entries of one (set, year): one query for the units, one for the current values.

    Two entries of the same unit and code are found with a table of (unit, code) slots holding
    the position of the first one planned (4 bytes a slot), not a dict of a million keys."""

    def __init__(self, plan: Plan, errors: ErrorLog, actor, set_code: str, year: int):
        self.plan, self.errors, self.actor, self.set_code, self.year = plan, errors, actor, set_code, year
        self.entries = plan.entries
        self.cset = catalog().get(set_code)
        self.day = year_era_date(year)
        self.level = SET_LEVEL_TO_UNIT_LEVEL[self.cset.level]
        self.indicators = {i.code: (c, i) for c in self.cset.criteria for i in c.indicators}
        self.criteria = {c.code: c for c in self.cset.criteria}
        self.applies = Applicability(set_code, year)
        self.check_scope = not is_system(actor)
        self._may_edit: dict[tuple[int, str], bool] = {}
        self._row_reported: set[tuple[int, int, str]] = set()
        self._values: dict[tuple, tuple[Any, str]] = {}
        # (code text number, is status) -> slot of the code; values first, then statuses
        self._code_slots: dict[tuple[int, int], int] = {}
        self._width = len(self.indicators) + len(self.criteria)
        self._unit_slots: dict[int, int] = {}  # unit id -> its row of slots

    def run(self, positions: Sequence[int], progress: Callable[[int], None]) -> None:
        entries, text = self.entries, self.entries.texts.texts
        units = self._resolve_units({entries.unit_ref[i] for i in positions})
        usable = sum(1 for unit in units.values() if not isinstance(unit, str))
        slots = array.array("i", [-1]) * (usable * self._width)
        owner = {code: criterion for code, (criterion, _i) in self.indicators.items()}
        unit_ref, code_of, is_status, raw_of = entries.unit_ref, entries.code, entries.is_status, entries.raw
        for index, i in enumerate(positions):
            if index % 20000 == 0:
                progress(index)
            unit = units[unit_ref[i]]
            if isinstance(unit, str):
                self._row_error(i, text[entries.unit_column[i]], unit)
                continue
            status, code_no = is_status[i], code_of[i]
            if self.check_scope:
                code = text[code_no]
                criterion = self.criteria[code] if status else owner[code]
                if not self._editable(unit, criterion):
                    self._row_error(
                        i, text[entries.unit_column[i]], f"bạn không có quyền nhập số liệu cho {unit.name}"
                    )
                    continue
            value, problem = self._value(code_no, status, raw_of[i])
            if problem:
                self._error(i, text[entries.value_column[i]], problem)
                continue
            slot = self._slot(unit.pk, code_no, status)
            columns = self.plan.statuses if status else self.plan.values
            first = slots[slot]
            if first >= 0:
                self._duplicate(i, columns.entry[first])
                continue
            slots[slot] = columns.add(i, unit.pk, value)
        progress(len(positions))
        if self._unit_slots:
            self._current(slots)

    def _slot(self, unit_id: int, code_no: int, status: int) -> int:
        row = self._unit_slots.get(unit_id)
        if row is None:
            row = self._unit_slots[unit_id] = len(self._unit_slots) * self._width
        key = (code_no, status)
        column = self._code_slots.get(key)
        if column is None:
            column = self._code_slots[key] = len(self._code_slots)
        return row + column

    # units ----------------------------------------------------------------------------------------

    def _resolve_units(self, ref_numbers: set[int]) -> dict[int, AdminUnit | str]:
        """unit_ref text number -> unit, or -> the message explaining why the reference does not work."""
        text = self.entries.texts.texts
        refs = {number: text[number] for number in ref_numbers}
        ids = {int(r[1:]) for r in refs.values() if r.startswith("#") and r[1:].isdigit()}
        codes = {r: unit_code_text(r, self.level) for r in refs.values() if not r.startswith("#")}
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
        resolved: dict[int, AdminUnit | str] = {}
        for number, ref in refs.items():
            if ref.startswith("#"):
                unit = by_id.get(int(ref[1:])) if ref[1:].isdigit() else None
                resolved[number] = self._usable(unit, ref)
            else:
                found = by_code.get(codes[ref], [])
                same_level = [u for u in found if u.level == self.level] or found
                if len(same_level) > 1:
                    resolved[number] = (
                        f"mã “{ref}” trùng nhiều đơn vị: hãy dùng mẫu nhập (có mã ẩn) của hệ thống"
                    )
                else:
                    resolved[number] = self._usable(same_level[0] if same_level else None, ref)
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

    def _value(self, code_no: int, is_status: int, raw) -> tuple[Any, str]:
        """(typed value, "") or (None, what is wrong). A national file repeats the same few texts
        ("có", "95,5") a million times, so each (indicator, cell) pair is interpreted once."""
        key = (code_no, is_status, raw.__class__, raw)
        found = self._values.get(key)
        if found is None:
            found = self._interpret(self.entries.texts.texts[code_no], bool(is_status), raw)
            if len(self._values) < VALUE_CACHE:
                self._values[key] = found
        return found

    def _interpret(self, code: str, is_status: bool, raw) -> tuple[Any, str]:
        if is_status:
            try:
                status = parse_recorded(raw)
            except ValueError:
                return None, f"“{raw}” không đọc được: ghi “Đạt” hoặc “Chưa đạt”"
            if status is Status.NOT_APPLICABLE:
                return None, "kết quả tiêu chí chỉ ghi “Đạt” hoặc “Chưa đạt”"
            return status is Status.MET, ""
        indicator = self.indicators[code][1]
        if indicator.kind == "growth":  # the cell error says what to enter instead
            return None, f"được tính từ số liệu năm trước của chỉ tiêu {indicator.base}, không nhập"
        try:
            value = check_value(indicator, raw)
        except RefusedValue as exc:
            return None, str(exc)
        return (NOT_APPLICABLE if value is NA else value), ""

    # errors ---------------------------------------------------------------------------------------

    def _error(self, i: int, column: str, message: str) -> None:
        entries = self.entries
        self.errors.append(RowError(entries.texts.texts[entries.sheet[i]], entries.row[i], column, message))

    def _row_error(self, i: int, column: str, message: str) -> None:
        """A unit problem is reported once per row, not once per value on that row."""
        key = (self.entries.sheet[i], self.entries.row[i], column)
        if key not in self._row_reported:
            self._row_reported.add(key)
            self._error(i, column, message)

    def _duplicate(self, i: int, first: int) -> None:
        entries, text = self.entries, self.entries.texts.texts
        sheet = entries.sheet[first]
        where = f"dòng {entries.row[first]}"
        if sheet != entries.sheet[i]:
            where += f" trang “{text[sheet]}”"
        what = "tiêu chí" if entries.is_status[i] else "chỉ tiêu"
        message = f"trùng với {where}: cùng đơn vị, {what} {text[entries.code[i]]}"
        self._error(i, text[entries.value_column[i]], message)

    # planning -------------------------------------------------------------------------------------

    def _current(self, slots: array.array) -> None:
        """The current version of every planned entry, read a few thousand rows at a time."""
        unit_ids = set(self._unit_slots)
        codes = self.entries.texts.numbers
        for status, columns, qs, code_field, value_field in (
            (
                0,
                self.plan.values,
                IndicatorValue.objects.filter(
                    is_current=True, set_code=self.set_code, period=str(self.year), disaggregation=""
                ),
                "indicator_code",
                "value",
            ),
            (
                1,
                self.plan.statuses,
                CriterionStatus.objects.filter(is_current=True, set_code=self.set_code, year=self.year),
                "criterion_code",
                "met",
            ),
        ):
            wanted = {code: column for (code, s), column in self._code_slots.items() if s == status}
            if not wanted:
                continue
            if len(unit_ids) <= BULK_LOOKUP:
                qs = qs.filter(unit_id__in=unit_ids)
            rows = qs.values_list("unit_id", code_field, "pk", "version", value_field)
            for unit_id, code, pk, version, value in rows.iterator(chunk_size=CURRENT_CHUNK):
                row = self._unit_slots.get(unit_id)
                column = wanted.get(codes.get(code, -1))
                if row is None or column is None:
                    continue
                position = slots[row + column]
                if position >= 0:
                    columns.supersedes(position, pk, version, value)


def summarize(plan: Plan, *, limit: int = 1000) -> tuple[dict, list[dict]]:
    """Preview counts (overall and per unit) and the first `limit` changes, old → new, for display."""
    per_unit: dict[int, Counter] = defaultdict(Counter)
    for kind, columns in (("value", plan.values), ("status", plan.statuses)):
        new, changed, unchanged = f"{kind}_new", f"{kind}_changed", f"{kind}_unchanged"
        old_id, old_values = columns.old_id, columns.old_values
        for position, unit_id in enumerate(columns.unit_id):
            counts = per_unit[unit_id]
            state = new if not old_id[position] else (changed if position in old_values else unchanged)
            counts[state] += 1
            if kind == "status" and state is not unchanged:
                counts["status_written"] += 1
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
    unit = plan.units[p.unit_id]
    if p.is_status:
        shown = {True: "Đạt", False: "Chưa đạt", None: ""}
        old, new, label = shown[p.old_value], shown[p.value], f"TC {p.code}"
    else:
        indicator = catalog().get(p.set_code).indicator(p.code)
        old = "" if p.old_value is None else _display(indicator, p.old_value)
        new = _display(indicator, p.value)
        label = p.code
    return {
        "unit": unit.name,
        "set": p.set_code,
        "year": p.year,
        "code": label,
        "old": old,
        "new": new,
        "where": cell_ref(p),
    }


def cell_ref(entry: Entry | Planned) -> str:
    """ "Giá trị chỉ tiêu!F7" for a spreadsheet cell; "CSV, dòng 3, cột Giá trị" for a CSV field."""
    column = entry.value_column
    if column.isalpha() and column.isupper() and len(column) <= 3:
        return f"{entry.sheet}!{column}{entry.row}"
    return f"{entry.sheet}, dòng {entry.row}, cột {column}"


def _display(indicator, value) -> str:
    return format_value(indicator, NA if value == NOT_APPLICABLE else value)
