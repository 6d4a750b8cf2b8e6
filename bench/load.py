"""Loading the dataset: straight into the database (bulk) and as files for `ntm import`.

The bulk path writes what `indicators.services.save_values` / `record_statuses` would leave for a
first value (version 1, current, actor, reason, time) — without audit records or re-evaluation:
the benchmarks measure those separately. PostgreSQL gets COPY, SQLite a multi-row executemany.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from bench.dataset import NA_TEXT, Commune, Generator

ACTOR = "ntm bench"
REASON = "Dữ liệu đo hiệu năng (bench)"
SOURCE = "bench"
LONG_HEADER = ["Mã đơn vị", "Bộ tiêu chí", "Chỉ tiêu", "Năm", "Giá trị"]


def value_rows(set_code: str, year: int, rows: Iterable[tuple[Commune, dict, dict]]) -> Iterator[tuple]:
    for commune, values, _recorded in rows:
        for code, value in values.items():
            yield (commune.pk, set_code, year, code, value)


def status_rows(set_code: str, year: int, rows: Iterable[tuple[Commune, dict, dict]]) -> Iterator[tuple]:
    for commune, _values, recorded in rows:
        for code, met in recorded.items():
            yield (commune.pk, set_code, year, code, met)


def bulk_insert(values: Iterable[tuple], statuses: Iterable[tuple]) -> tuple[int, int]:
    """Insert current version-1 values (unit_id, set, year, code, value) and recorded statuses
    (unit_id, set, year, criterion, met). Call inside a transaction."""
    from django.db import connection
    from django.utils import timezone

    now = timezone.now()
    common = (SOURCE, REASON, ACTOR, now, None, True, False, None)
    common_cols = (
        "source",
        "reason",
        "actor",
        "created_at",
        "superseded_at",
        "is_current",
        "is_demo",
        "author_id",
    )
    value_cols = (
        "unit_id",
        "set_code",
        "year",
        "period",
        "disaggregation",
        "indicator_code",
        "version",
        "value",
    )
    status_cols = ("unit_id", "set_code", "year", "criterion_code", "version", "met")
    v = (
        (unit, set_code, year, str(year), "", code, 1, json.dumps(value), *common)
        for unit, set_code, year, code, value in values
    )
    s = ((unit, set_code, year, code, 1, met, *common) for unit, set_code, year, code, met in statuses)
    writer = _copy if connection.vendor == "postgresql" else _executemany
    n_values = writer("indicators_indicatorvalue", (*value_cols, *common_cols), v)
    n_statuses = writer("indicators_criterionstatus", (*status_cols, *common_cols), s)
    return n_values, n_statuses


def _copy(table: str, columns: tuple[str, ...], rows: Iterable[tuple]) -> int:
    from django.db import connection

    count = 0
    with connection.cursor() as cursor:
        sql = f"COPY {table} ({', '.join(columns)}) FROM STDIN"
        with cursor.cursor.copy(sql) as copy:
            for row in rows:
                copy.write_row(row)
                count += 1
    return count


def _executemany(table: str, columns: tuple[str, ...], rows: Iterable[tuple]) -> int:
    from django.db import connection

    adapt = connection.ops.adapt_datetimefield_value
    sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join(['%s'] * len(columns))})"
    index = columns.index("created_at")
    count, batch = 0, []
    stamp = None
    with connection.cursor() as cursor:
        for row in rows:
            if stamp is None:
                stamp = adapt(row[index])
            batch.append((*row[:index], stamp, *row[index + 1 :]))
            if len(batch) == 20_000:
                cursor.executemany(sql, batch)
                count += len(batch)
                batch = []
        if batch:
            cursor.executemany(sql, batch)
            count += len(batch)
    return count


# ------------------------------------------------------------------------------ files for `ntm import`


def cell_text(value: Any) -> str:
    """How an office would type the value: có / không, 38.5, không áp dụng."""
    from ntm.dataio import layout

    if isinstance(value, bool):
        return layout.YES_WORD if value else layout.NO_WORD
    if value == NA_TEXT:
        return layout.NA_WORD
    return repr(value) if isinstance(value, float) else str(value)


def import_entries(
    generator: Generator, plan: list[tuple[int, list[Commune]]], limit: int | None
) -> Iterator[tuple[str, str, str, int, Any]]:
    """(unit code, set, indicator, year, value) of the long table, year by year, unit by unit."""
    count = 0
    for year, communes in plan:
        for commune, values, _recorded in generator.rows(communes, year):
            for code, value in values.items():
                if limit is not None and count >= limit:
                    return
                yield commune.code, generator.cset.code, code, year, value
                count += 1


def write_csv(path: Path, entries: Iterable[tuple]) -> int:
    count = 0
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\r\n")
        writer.writerow(LONG_HEADER)
        for unit, set_code, code, year, value in entries:
            writer.writerow([unit, set_code, code, year, cell_text(value)])
            count += 1
    return count


def write_xlsx(path: Path, entries: Iterable[tuple]) -> int:
    """One sheet, the same long table; numbers as numbers, unit codes as text (leading zeros)."""
    import xlsxwriter

    workbook = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    sheet = workbook.add_worksheet("Số liệu")
    sheet.write_row(0, 0, LONG_HEADER)
    count = 0
    for row, (unit, set_code, code, year, value) in enumerate(entries, start=1):
        sheet.write_string(row, 0, unit)
        sheet.write_string(row, 1, set_code)
        sheet.write_string(row, 2, code)
        sheet.write_number(row, 3, year)
        if isinstance(value, float):
            sheet.write_number(row, 4, value)
        else:
            sheet.write_string(row, 4, cell_text(value))
        count += 1
    workbook.close()
    return count


def spoil_csv(source: Path, target: Path) -> None:
    """The same CSV with one unreadable value in its last row: the import must write nothing."""
    data = source.read_bytes()
    lines = data.rstrip(b"\r\n").split(b"\r\n")
    cells = next(csv.reader(io.StringIO(lines[-1].decode("utf-8"))))
    cells[4] = "không rõ"
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerow(cells)
    lines[-1] = buffer.getvalue().rstrip("\r\n").encode("utf-8")
    target.write_bytes(b"\r\n".join(lines) + b"\r\n")
