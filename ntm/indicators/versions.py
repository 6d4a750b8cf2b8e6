"""The versioned write of indicator values and recorded criterion statuses, written once.

Every door — the data-entry page and the API (`services.save_values` / `record_statuses`), the
import (`dataio.apply`) and the demo loader — appends versions through here:

1. read the current version of each (unit, set, year, code), locked (`write`), or take the one the
   caller read earlier (`apply`, for an import checked before it is confirmed);
2. refuse the whole write when a version is not the one the caller saw (optimistic concurrency:
   `ValueConflict`, carrying the real current version, value and author), when a change of an
   existing value has no reason (`InvalidInput`); skip values equal to the current one;
3. check that every unit and the author exist, locking them as a foreign key would (one query per
   few hundred units: the tables have no database foreign key, which checked each row), supersede
   the old versions (one guarded UPDATE per few hundred rows: a row someone else superseded
   meanwhile is a conflict), insert version + 1 with `staging.append` (a staging table and one
   INSERT … SELECT in index order for many rows);
4. audit, in the same transaction, through `audit.record_many`.

Before anything is appended, every write guard registered with `add_write_guard` may refuse the
whole write (`InvalidInput`): the reporting rounds (`ntm.rounds.locks`) refuse values and statuses of
a unit and year whose report the level above has approved.

Two clients creating the same value at once both find no current row to lock; the database's unique
constraints refuse the second insert, which then reads the winner's row and raises `ValueConflict`
like any other stale write (never an integrity error). Re-evaluation is the caller's: one unit
(`assess.reassess`) or many (`assess.reassess_many`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from itertools import islice
from typing import Any, Literal, NamedTuple

from django.db import IntegrityError, connection, transaction
from django.db.models import Model
from django.utils import timezone

from ntm.accounts.actors import actor_name, person
from ntm.accounts.models import User
from ntm.audit import services as audit
from ntm.units.models import AdminUnit

from . import staging
from .bulk import prepare
from .models import CriterionStatus, IndicatorValue

CHUNK = 500  # ids per guarded UPDATE and per IN (...) list
BATCH = 20_000  # changes guarded, checked and superseded at a time while they stream to the insert
AuditMode = Literal["each", "corrections", "none"]


# ---- what is written -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Kind:
    """What differs between values and statuses: the table, its code and value columns, the audit."""

    model: type[Model]
    code_field: str
    value_field: str
    action: str
    what: str  # how a conflict names the thing: "chỉ tiêu" / "tiêu chí"
    label_prefix: str  # "TC" before a criterion code in audit labels
    reason_missing: str

    def key_filter(self, set_code: str, year: int) -> dict:
        if self.model is IndicatorValue:  # yearly values only: period "2024", no disaggregation
            return {"set_code": set_code, "year": year, "period": str(year), "disaggregation": ""}
        return {"set_code": set_code, "year": year}

    @property
    def unique_fields(self) -> list[str]:
        """The key of the one-current unique index, the order a bulk append inserts in."""
        if self.model is IndicatorValue:
            return ["set_code", "indicator_code", "unit", "period", "disaggregation"]
        return ["set_code", "criterion_code", "unit", "year"]

    @property
    def own_fields(self) -> list[str]:
        """The columns naming what a version is of, in the order of `own_values`."""
        if self.model is IndicatorValue:
            return ["set_code", "indicator_code", "unit", "period", "year", "disaggregation"]
        return ["set_code", "criterion_code", "unit", "year"]

    def own_values(self, p: Planned) -> tuple:
        if self.model is IndicatorValue:
            return (p.set_code, p.code, p.unit_id, str(p.year), p.year, "")
        return (p.set_code, p.code, p.unit_id, p.year)


VALUES = Kind(
    IndicatorValue,
    "indicator_code",
    "value",
    "value.save",
    "chỉ tiêu",
    "",
    "cần ghi lý do khi sửa giá trị đã có",
)
STATUSES = Kind(
    CriterionStatus,
    "criterion_code",
    "met",
    "status.record",
    "tiêu chí",
    "TC",
    "cần ghi lý do khi sửa kết quả đã ghi nhận",
)


class Change(NamedTuple):
    """A value (in its stored form) someone wants current; `expected_version` is the version they
    saw (0: none), None when the write does not check (imports compare at confirmation, the demo)."""

    unit_id: int
    set_code: str
    year: int
    code: str
    value: Any
    source: str = ""
    expected_version: int | None = None


class Current(NamedTuple):
    pk: int
    version: int
    value: Any
    author_id: int | None
    actor: str


class Planned(NamedTuple):
    """A change with the current version it supersedes (`old_id` None: the first version).

    `apply` reads only these attributes: the import passes its own planned entries
    (`dataio.plan.Planned`), which have them too."""

    unit_id: int
    set_code: str
    year: int
    code: str
    value: Any
    source: str
    old_id: int | None
    old_version: int
    old_value: Any


@dataclass
class Written:
    planned: Sequence = ()  # the `Planned` changes written
    unchanged: list[Change] = field(default_factory=list)
    now: datetime | None = None
    ids: dict[tuple, int] = field(default_factory=dict)  # (unit, set, year, code) -> new row id

    def rows(self, kind: Kind) -> list:
        """The new versions, in the order they were asked for."""
        rows = kind.model._default_manager.select_related("author").in_bulk(list(self.ids.values()))
        return [rows[pk] for pk in self.ids.values()]


# ---- refusals -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Conflict:
    code: str
    expected_version: int
    current_version: int
    current_value: Any
    author: str
    what: str = "chỉ tiêu"  # "tiêu chí" for a recorded criterion status

    def __str__(self) -> str:
        return (
            f"{self.what} {self.code}: {self.author} đã lưu giá trị mới “{self.current_value}” "
            f"(phiên bản {self.current_version}) sau khi bạn mở biểu mẫu"
        )


class ValueConflict(Exception):
    """Someone saved a newer version since the form was opened: nothing was written."""

    def __init__(self, conflicts: list[Conflict]):
        self.conflicts = conflicts
        super().__init__("; ".join(str(c) for c in conflicts))


class InvalidInput(ValueError):
    """One or more values cannot be saved; `errors` maps indicator code to the message."""

    def __init__(self, errors: dict[str, str]):
        self.errors = errors
        super().__init__("; ".join(f"{code}: {message}" for code, message in errors.items()))


# ---- guards ---------------------------------------------------------------------------------------

_guards: list[Callable[[Kind, Sequence[Any]], None]] = []


def add_write_guard(guard: Callable[[Kind, Sequence[Any]], None]) -> None:
    """Register `guard(kind, planned)`, called before every append; it raises `InvalidInput` to
    refuse the write. Higher apps hand their checks down this way (an app's `ready`)."""
    if guard not in _guards:
        _guards.append(guard)


# ---- the write ------------------------------------------------------------------------------------


def write(
    kind: Kind,
    *,
    actor,
    changes: Sequence[Change],
    units: Mapping[int, AdminUnit],
    reason: str = "",
    is_demo: bool = False,
    audit_mode: AuditMode = "each",
) -> Written:
    """Lock the current versions, check and append: all or nothing. Call inside a transaction."""
    current = read_current(kind, changes, lock=True)
    conflicts, errors, planned, unchanged = [], {}, [], []
    for change in changes:
        old = current.get(_key(change))
        old_version = old.version if old else 0
        if change.expected_version is not None and change.expected_version != old_version:
            conflicts.append((change, old))
            continue
        if (old.value if old else None) == change.value:
            unchanged.append(change)
            continue
        if old is not None and old.value is not None and not reason.strip():
            errors[change.code] = kind.reason_missing
            continue
        planned.append(Planned(*change[:6], old.pk if old else None, old_version, old.value if old else None))
    if conflicts:
        raise ValueConflict(_conflicts(kind, conflicts))
    if errors:
        raise InvalidInput(errors)
    written = apply(
        kind, planned, actor=actor, units=units, reason=reason, is_demo=is_demo, audit_mode=audit_mode
    )
    written.unchanged = unchanged
    return written


def apply(
    kind: Kind,
    planned: Sequence[Any],  # `Planned`, or anything with its attributes (`dataio.plan.Planned`)
    *,
    actor,
    units: Mapping[int, AdminUnit],
    reason: str,
    source: str = "",
    is_demo: bool = False,
    audit_mode: AuditMode = "each",
    now: datetime | None = None,
    on_chunk: Callable[[int], None] | None = None,
) -> Written:
    """Supersede and append versions planned from a read of the current ones (by `write`, or
    earlier by the caller); `ValueConflict` if any of them changed since. `source` is the default
    for changes without their own; `audit_mode` "corrections" audits only changes of an existing
    value (an import summarises the rest in its own record), "none" leaves the audit to the caller.
    The changes are guarded, checked and superseded a batch at a time as they stream into the
    insert: `planned` may be a lazy sequence (`dataio.plan.PlannedView`), iterated once."""
    now = now or timezone.now()
    written = Written(planned=planned, now=now)
    if not planned:
        return written
    audited: list = []
    try:
        with transaction.atomic():
            _insert(
                kind,
                _checked(kind, planned, person(actor), now, audited, audit_mode),
                actor=actor,
                reason=reason,
                source=source,
                is_demo=is_demo,
                now=now,
                on_chunk=on_chunk,
            )
    except (IntegrityError, _Superseded):
        # Someone appended a version of the same value since it was read: report theirs.
        conflicts = _stale(kind, planned)
        if not conflicts:
            raise  # not a concurrent write (e.g. one key twice in `planned`): a bug to see
        raise ValueConflict(conflicts) from None
    written.ids = new_ids(kind, audited, now)
    if audited:
        audit.record_many(
            actor=actor,
            action=kind.action,
            object_type=kind.model._meta.label_lower,
            entries=(_entry(kind, p, units, written.ids) for p in audited),
            reason=reason,
        )
    return written


def read_current(kind: Kind, changes: Iterable, *, lock: bool = False) -> dict[tuple, Current]:
    """The current version of each change's (unit, set, year, code), by that key; locked for the
    rest of the transaction when `lock`."""
    wanted: dict[tuple[str, int], dict[int, set[str]]] = defaultdict(lambda: defaultdict(set))
    for change in changes:
        wanted[(change.set_code, change.year)][change.unit_id].add(change.code)
    out: dict[tuple, Current] = {}
    for (set_code, year), by_unit in wanted.items():
        codes = set().union(*by_unit.values())
        unit_ids = sorted(by_unit)
        for start in range(0, len(unit_ids), CHUNK):
            rows = kind.model._default_manager.filter(
                **kind.key_filter(set_code, year),
                is_current=True,
                unit_id__in=unit_ids[start : start + CHUNK],
                **{f"{kind.code_field}__in": codes},
            ).order_by("pk")
            if lock:
                rows = rows.select_for_update()
            for pk, unit_id, code, value, version, author_id, actor in rows.values_list(
                "pk", "unit_id", kind.code_field, kind.value_field, "version", "author_id", "actor"
            ):
                out[(unit_id, set_code, year, code)] = Current(pk, version, value, author_id, actor)
    return out


def new_ids(kind: Kind, planned: Sequence[Planned], now: datetime) -> dict[tuple, int]:
    """(unit, set, year, code) -> id of the version written at `now`, in the order of `planned`."""
    ids = {}
    for (set_code, year), unit_ids in _groups(planned).items():
        ordered = sorted(unit_ids)
        for start in range(0, len(ordered), CHUNK):
            rows = kind.model._default_manager.filter(
                **kind.key_filter(set_code, year),
                is_current=True,
                created_at=now,
                unit_id__in=ordered[start : start + CHUNK],
            ).values_list("unit_id", kind.code_field, "pk")
            ids.update({(unit_id, set_code, year, code): pk for unit_id, code, pk in rows})
    return {_key(p): ids[_key(p)] for p in planned}


# ---- the steps ------------------------------------------------------------------------------------


class _Superseded(Exception):
    """A version to supersede is no longer current."""


def _key(p) -> tuple:
    return (p.unit_id, p.set_code, p.year, p.code)


def _groups(planned: Iterable[Planned]) -> dict[tuple[str, int], set[int]]:
    groups: dict[tuple[str, int], set[int]] = defaultdict(set)
    for p in planned:
        groups[(p.set_code, p.year)].add(p.unit_id)
    return groups


def _check_references(unit_ids: set[int], author: User | None) -> None:
    """What the database's foreign keys would check, once per write rather than once per row: every
    unit (and the author) exists, locked against deletion until the transaction ends (PostgreSQL's
    FOR KEY SHARE, the lock a foreign key check takes; SQLite writes one transaction at a time)."""
    lock = " FOR KEY SHARE" if connection.vendor == "postgresql" else ""
    quote = connection.ops.quote_name
    wanted = [(AdminUnit, sorted(unit_ids))] + ([(User, [author.pk])] if author is not None else [])
    with connection.cursor() as cursor:
        for model, ids in wanted:
            table = quote(model._meta.db_table)
            for start in range(0, len(ids), CHUNK):
                chunk = ids[start : start + CHUNK]
                marks = ", ".join(["%s"] * len(chunk))
                cursor.execute(
                    f"SELECT {quote('id')} FROM {table} WHERE {quote('id')} IN ({marks}){lock}", chunk
                )
                found = {row[0] for row in cursor.fetchall()}
                if len(found) != len(chunk):
                    missing = sorted(set(chunk) - found)[:5]
                    raise IntegrityError(f"{model._meta.label} {missing} do not exist")


def _checked(
    kind: Kind, planned: Iterable, author: User | None, now: datetime, audited: list, audit_mode: AuditMode
) -> Iterator:
    """`planned`, a batch at a time (a national import is a million changes: never all of them
    materialised at once), each batch passed by the write guards, its units checked (`author`
    with the first), its old versions superseded and those to audit kept in `audited`."""
    iterator, checked = iter(planned), set[int]()
    while batch := list(islice(iterator, BATCH)):
        for guard in _guards:
            guard(kind, batch)
        units = {p.unit_id for p in batch} - checked
        _check_references(units, author if not checked else None)
        checked |= units
        _supersede(kind, batch, now)
        if audit_mode == "each":
            audited.extend(batch)
        elif audit_mode == "corrections":
            audited.extend(p for p in batch if p.old_id is not None)
        yield from batch


def _supersede(kind: Kind, planned: Sequence[Planned], now: datetime) -> None:
    old_ids = [p.old_id for p in planned if p.old_id is not None]
    for start in range(0, len(old_ids), CHUNK):
        chunk = old_ids[start : start + CHUNK]
        updated = kind.model._default_manager.filter(pk__in=chunk, is_current=True).update(
            is_current=False, superseded_at=now
        )
        if updated != len(chunk):
            raise _Superseded


def _insert(kind: Kind, planned, actor, reason: str, source: str, is_demo: bool, now, on_chunk) -> None:
    user = person(actor)
    shared = (
        reason,
        user.pk if user else None,
        actor_name(actor),
        prepare(kind.model, "created_at", now),
        True,
        is_demo,
    )
    names = [*kind.own_fields, "version", kind.value_field, "source"]
    names += ["reason", "author", "actor", "created_at", "is_current", "is_demo"]
    prepared: dict = {}

    def stored(value):  # JSON (values) is adapted once per distinct value
        if kind.model is not IndicatorValue:
            return value
        key = (value.__class__, value)
        if key not in prepared:
            prepared[key] = prepare(kind.model, "value", value)
        return prepared[key]

    rows = (
        (*kind.own_values(p), p.old_version + 1, stored(p.value), p.source or source, *shared)
        for p in planned
    )
    staging.append(kind.model, names, rows, order_by=kind.unique_fields, on_chunk=on_chunk)


def _entry(kind: Kind, p: Planned, units: Mapping[int, AdminUnit], ids: dict) -> audit.Entry:
    name = kind.value_field
    return audit.Entry(
        object_id=str(ids[_key(p)]),
        label=f"{units[p.unit_id].name} · {p.set_code} · {kind.label_prefix}{p.code} · {p.year}",
        old=None if p.old_id is None else {name: p.old_value, "version": p.old_version},
        new={name: p.value, "version": p.old_version + 1},
    )


def _stale(kind: Kind, planned: Sequence[Planned]) -> list[Conflict]:
    """The changes whose current version is no longer the one they supersede, with the current one."""
    current = read_current(kind, planned)
    stale = []
    for p in planned:
        old = current.get(_key(p))
        if (old.version if old else 0) != p.old_version:
            stale.append((p, old))
    return _conflicts(kind, stale)


def _conflicts(kind: Kind, pairs: list[tuple[Any, Current | None]]) -> list[Conflict]:
    authors = User.objects.in_bulk({old.author_id for _c, old in pairs if old and old.author_id})
    conflicts = []
    for change, old in pairs:
        author = ""
        if old is not None:
            author = str(authors[old.author_id]) if old.author_id in authors else old.actor
        expected = getattr(change, "expected_version", None)
        conflicts.append(
            Conflict(
                change.code,
                expected if expected is not None else change.old_version,
                old.version if old else 0,
                old.value if old else None,
                author,
                kind.what,
            )
        )
    return conflicts
