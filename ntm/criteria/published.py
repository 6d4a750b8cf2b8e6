"""The catalog in force, built from the published versions in the database (the engine's source).

Each set and override file has versions published with an effective date; the version in force
in a year is the one published last among those effective on or before 31 December of that year
(the first version for years before any): a later decision replaces an earlier one from its date.
Catalogs are built once per combination of versions and kept in memory. A
publish clears them in its own process at commit; other processes notice at their next request or
task (`refresh_if_changed` compares a count and the latest publication time, one small query).

No database (before `migrate`, or Python code run without one, as the pure tests are): the source
answers None and the engine reads the shipped YAML files.
"""

import datetime
import threading
from dataclasses import dataclass

from django.db import DatabaseError
from django.db.models import Count, Max

from ntm.core.catalog import Catalog, catalog_from_documents

from .models import Document, Version

PUBLIC_STATES = (Version.State.PUBLISHED, Version.State.SUPERSEDED)


@dataclass(frozen=True)
class _Row:
    pk: int
    code: str
    kind: str
    province_code: str
    number: int
    effective_from: datetime.date | None


def in_force(rows: list[_Row], year: int) -> _Row | None:
    """The version of one document in force in `year` (rows of one document)."""
    end = datetime.date(year, 12, 31)
    dated = [r for r in rows if r.effective_from is None or r.effective_from <= end]
    pool = dated or rows[-1:]
    return max(pool, key=lambda r: r.number) if pool else None


class PublishedSource:
    def __init__(self):
        self._lock = threading.Lock()
        self._rows: dict[str, list[_Row]] | None = None
        self._stamp: tuple | None = None
        self._catalogs: dict[tuple[int, ...], Catalog] = {}
        self._by_year: dict[int, Catalog] = {}
        self._unavailable = False
        self._labels: dict[tuple[str, int, str], str | None] = {}
        self._contents: dict[int, dict] = {}

    # -- the engine's CatalogSource ------------------------------------------------------------

    def catalog(self, year: int | None) -> Catalog | None:
        year = year or datetime.date.today().year
        known = self._by_year.get(year)
        if known is not None:
            return known
        rows = self._documents()
        if not rows:
            return None
        chosen = tuple(sorted(r.pk for r in (in_force(v, year) for v in rows.values()) if r))
        found = self._catalogs.get(chosen)
        if found is None:
            found = self._build(chosen, rows)
            self._catalogs[chosen] = found
        self._by_year[year] = found
        return found

    def version(self, set_code: str, year: int, province_code: str) -> str | None:
        key = (set_code, year, province_code)
        if key not in self._labels:
            self._labels[key] = self._version(set_code, year, province_code)
        return self._labels[key]

    def _version(self, set_code: str, year: int, province_code: str) -> str | None:
        rows = self._documents()
        if not rows or set_code not in rows:
            return None
        parts = [in_force(rows[set_code], year)]
        for v in rows.values():
            if v[0].kind == Document.Kind.OVERRIDE and v[0].province_code == province_code:
                row = in_force(v, year)
                if row and set_code in (self._content(row.pk).get("sets") or ()):
                    parts.append(row)
        return " + ".join(f"{r.code} v{r.number}" for r in parts if r)

    def _content(self, pk: int) -> dict:
        if pk not in self._contents:
            self._contents[pk] = Version.objects.values_list("content", flat=True).get(pk=pk)
        return self._contents[pk]

    def version_id(self, code: str, year: int) -> int | None:
        """The id of the document's version in force in `year`."""
        rows = self._documents() or {}
        row = in_force(rows[code], year) if code in rows else None
        return row.pk if row else None

    # -- cache ---------------------------------------------------------------------------------

    def invalidate(self, **_signal) -> None:
        with self._lock:
            self._rows, self._stamp, self._catalogs, self._contents = None, None, {}, {}
            self._by_year, self._unavailable, self._labels = {}, False, {}

    def refresh_if_changed(self, **_signal) -> None:
        """Forget the cached catalogs when another process published since they were read."""
        if self._rows is None:
            self._unavailable = False
            return
        try:
            stamp = self._current_stamp()
        except (DatabaseError, RuntimeError):
            return
        if stamp != self._stamp:
            self.invalidate()

    @staticmethod
    def _current_stamp() -> tuple:
        agg = Version.objects.filter(state__in=PUBLIC_STATES).aggregate(
            n=Count("id"), last=Max("published_at")
        )
        return (agg["n"], agg["last"])

    def _documents(self) -> dict[str, list[_Row]] | None:
        if self._rows is not None:
            return self._rows
        if self._unavailable:
            return None
        try:
            stamp = self._current_stamp()
            rows: dict[str, list[_Row]] = {}
            query = Version.objects.filter(state__in=PUBLIC_STATES).values_list(
                "pk",
                "document__code",
                "document__kind",
                "document__province_code",
                "number",
                "effective_from",
            )
            for values in query.order_by("-number"):
                row = _Row(*values)
                rows.setdefault(row.code, []).append(row)
        # DatabaseError: no table yet (before migrate). RuntimeError: code run where the database
        # may not be used (pytest-django outside a database test, e.g. at import time).
        except (DatabaseError, RuntimeError):
            self._unavailable = True  # tried again after `invalidate` or at the next request
            return None
        with self._lock:
            self._rows, self._stamp = rows, stamp
        return rows

    def _build(self, chosen: tuple[int, ...], rows: dict[str, list[_Row]]) -> Catalog:
        missing = [pk for pk in chosen if pk not in self._contents]
        if missing:
            self._contents.update(Version.objects.filter(pk__in=missing).values_list("pk", "content"))
        by_pk = {r.pk: r for v in rows.values() for r in v}
        sets = {by_pk[pk].code: self._contents[pk] for pk in chosen if by_pk[pk].kind == Document.Kind.SET}
        overrides = {
            by_pk[pk].code: self._contents[pk] for pk in chosen if by_pk[pk].kind == Document.Kind.OVERRIDE
        }
        return catalog_from_documents(sets, overrides)


SOURCE = PublishedSource()


def catalog_with(code: str, content: dict, year: int) -> Catalog:
    """The catalog of `year` with one document replaced by `content` (a draft's impact preview)."""
    rows = SOURCE._documents() or {}
    chosen = [r.pk for c, v in rows.items() if c != code and (r := in_force(v, year))]
    missing = [pk for pk in chosen if pk not in SOURCE._contents]
    if missing:
        SOURCE._contents.update(Version.objects.filter(pk__in=missing).values_list("pk", "content"))
    by_pk = {r.pk: r for v in rows.values() for r in v}
    sets = {by_pk[pk].code: SOURCE._contents[pk] for pk in chosen if by_pk[pk].kind == Document.Kind.SET}
    overrides = {
        by_pk[pk].code: SOURCE._contents[pk] for pk in chosen if by_pk[pk].kind == Document.Kind.OVERRIDE
    }
    kind = next((v[0].kind for c, v in rows.items() if c == code), Document.Kind.SET)
    (sets if kind == Document.Kind.SET else overrides)[code] = content
    return catalog_from_documents(sets, overrides)
