"""Appending many versions: a staging table, then one INSERT … SELECT in the order of the index.

Measured on a national import (perf review 2026-12 §4), writing a million rows straight into the
values table spent two thirds of its time keeping the unique indexes up to date while rows came in
file order, and 6–7.5 s at commit checking a deferred foreign key once per row. Here:

1. the rows go into a temporary table with no index or constraint (COPY on PostgreSQL, `executemany`
   on SQLite), dropped at the end of the write;
2. one `INSERT … SELECT … ORDER BY` moves them into the table, sorted by the key of its unique
   index, so the index grows from one end instead of at random places (on SQLite this also lets a
   bounded page cache do: `SQLITE_CACHE_KIB`);
3. the caller checks the units and authors once for the whole write (`versions.apply`), which is why
   the versioned tables carry no database foreign key.

A write of a few rows (a form's save) skips the staging table: creating one costs more than it saves.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from itertools import count, islice

from django.db import connection

STAGE_ABOVE = 2000  # rows: fewer are inserted directly
CHUNK = 5000  # rows per COPY / executemany batch (and per progress report)
SQLITE_CACHE_KIB = 65536  # page cache while the rows move in: enough for sorted index appends
_names = count(1)


def append(
    model,
    fields: Sequence[str],
    rows: Iterable[tuple],
    *,
    order_by: Sequence[str],
    on_chunk: Callable[[int], None] | None = None,
    on_conflict: str = "",
) -> int:
    """INSERT every row (tuples in `fields` order, values in database form), through a staging table
    sorted by `order_by` when there are many; `on_chunk(count)` after each batch staged;
    `on_conflict` (an `ON CONFLICT …` clause) ends the INSERT, making it an upsert."""
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    columns = ", ".join(quote(model._meta.get_field(name).column) for name in fields)
    iterator = iter(rows)
    first = list(islice(iterator, STAGE_ABOVE + 1))
    with connection.cursor() as cursor:
        if len(first) <= STAGE_ABOVE:
            marks = ", ".join(["%s"] * len(fields))
            cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({marks}) {on_conflict}", first)
            if on_chunk:
                on_chunk(len(first))
            return len(first)
        stage = quote(f"ntm_stage_{model._meta.db_table}_{next(_names)}")
        keep = " ON COMMIT DROP" if connection.vendor == "postgresql" else ""
        cursor.execute(f"CREATE TEMPORARY TABLE {stage}{keep} AS SELECT {columns} FROM {table} WHERE 1 = 0")
        total = _stage(cursor, stage, columns, len(fields), _chunks(first, iterator), on_chunk)
        order = ", ".join(quote(model._meta.get_field(name).column) for name in order_by)
        with _bounded_cache(cursor):
            # WHERE true: SQLite reads an upsert after a SELECT only with a WHERE clause
            cursor.execute(
                f"INSERT INTO {table} ({columns}) SELECT {columns} FROM {stage} WHERE true "
                f"ORDER BY {order} {on_conflict}"
            )
        # Dropped only after success: a failed insert aborts a PostgreSQL transaction, whose
        # rollback (the caller's atomic block) removes the table with everything else.
        cursor.execute(f"DROP TABLE {stage}")
    return total


def _stage(cursor, stage: str, columns: str, width: int, chunks: Iterator[list[tuple]], on_chunk) -> int:
    total = 0
    if connection.vendor == "postgresql":
        for chunk in chunks:
            with (
                connection.wrap_database_errors,
                cursor.cursor.copy(f"COPY {stage} ({columns}) FROM STDIN") as copy,
            ):
                for row in chunk:
                    copy.write_row(row)
            total += len(chunk)
            if on_chunk:
                on_chunk(total)
        return total
    sql = f"INSERT INTO {stage} ({columns}) VALUES ({', '.join(['%s'] * width)})"
    for chunk in chunks:
        cursor.executemany(sql, chunk)
        total += len(chunk)
        if on_chunk:
            on_chunk(total)
    return total


@contextmanager
def _bounded_cache(cursor) -> Iterator[None]:
    """SQLite: a fixed page cache (`SQLITE_CACHE_KIB`) while the sorted rows move in, then the
    connection's own again. PostgreSQL manages its buffers itself."""
    if connection.vendor != "sqlite":
        yield
        return
    cursor.execute("PRAGMA cache_size")
    before = int(cursor.fetchone()[0])
    cursor.execute(f"PRAGMA cache_size = {-SQLITE_CACHE_KIB}")  # negative: KiB
    try:
        yield
    finally:
        cursor.execute(f"PRAGMA cache_size = {before}")


def _chunks(first: list[tuple], rest: Iterator[tuple]) -> Iterator[list[tuple]]:
    for start in range(0, len(first), CHUNK):
        yield first[start : start + CHUNK]
    while chunk := list(islice(rest, CHUNK)):
        yield chunk
