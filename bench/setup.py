"""Preparing a benchmark database (Django side, run by `bench.worker`).

`units`: migrate, load the units with the project's own loader (`ntm units load`; at small scale
the same loader given only the chosen provinces and their post-reform successors), classify, add
the benchmark's administrator. `data`: migrate (a no-op unless the project gained migrations since
the template was built), bulk-load the dataset and the recognition decisions.
"""

from __future__ import annotations

import datetime
import time
from unittest import mock

from .common import SEED, Scale
from .dataset import Generator, classify, communes_for

BENCH_USER = "bench-admin"


def setup_units(scale: Scale) -> dict:
    from django.core.management import call_command

    from ntm.units import package_source
    from ntm.units.services import load_national_units

    started = time.perf_counter()
    call_command("migrate", interactive=False, verbosity=0)
    migrated = time.perf_counter()
    if scale.provinces is None:
        report = load_national_units(actor="ntm bench")
    else:
        original = package_source.read_units
        with mock.patch.object(package_source, "read_units", lambda: _subset(original(), scale.provinces)):
            report = load_national_units(actor="ntm bench")
    loaded = time.perf_counter()
    classes = classify(SEED)
    _bench_user()
    return {
        "migrate_s": round(migrated - started, 2),
        "units_load_s": round(loaded - migrated, 2),
        "units_created": sum(report.created.values()),
        "links_created": report.links_created,
        "classification": classes,
    }


def _subset(read, provinces: tuple[str, ...]):
    """The package's records for some pre-reform provinces, their post-reform successors (and
    those units' ancestors), and the lineage links between kept units."""
    from ntm.units.package_source import LEGACY

    records, links = read
    by_key = {r.key: r for r in records}

    def top(record):
        while record.parent:
            record = by_key[record.parent]
        return record

    keep = {r.key for r in records if r.era == LEGACY and top(r).code in provinces}
    for link in links:
        if link.predecessor in keep:
            record = by_key[link.successor]
            while record is not None:
                keep.add(record.key)
                record = by_key.get(record.parent) if record.parent else None
    return (
        [r for r in records if r.key in keep],
        [link for link in links if link.predecessor in keep and link.successor in keep],
    )


def _bench_user():
    from ntm.accounts.models import User

    user = User.objects.filter(username=BENCH_USER).first()
    if user is None:
        user = User(username=BENCH_USER, full_name="Benchmark", is_superuser=True, is_staff=True)
        user.set_unusable_password()
        user.save()
    return user


def bench_user():
    from ntm.accounts.models import User

    return User.objects.get(username=BENCH_USER)


def setup_data(scale: Scale) -> dict:
    from django.core.management import call_command
    from django.db import connection, transaction

    from bench.load import bulk_insert, status_rows, value_rows

    started = time.perf_counter()
    call_command("migrate", interactive=False, verbosity=0)
    out: dict = {"years": [], "values": 0, "statuses": 0}
    generators: dict[str, Generator] = {}
    load_started = time.perf_counter()
    for set_code, year in scale.years:
        generator = generators.setdefault(set_code, Generator(set_code, SEED))
        communes = communes_for(set_code, year)
        with transaction.atomic():
            rows = list(generator.rows(communes, year))
            n_values, n_statuses = bulk_insert(
                value_rows(set_code, year, rows), status_rows(set_code, year, rows)
            )
        out["years"].append(
            {
                "set": set_code,
                "year": year,
                "units": len(communes),
                "values": n_values,
                "statuses": n_statuses,
            }
        )
        out["values"] += n_values
        out["statuses"] += n_statuses
    out["decisions"] = _decisions(scale, generators)
    out["bulk_load_s"] = round(time.perf_counter() - load_started, 2)
    if connection.vendor == "postgresql":
        analyze_started = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
        out["vacuum_analyze_s"] = round(time.perf_counter() - analyze_started, 2)
    out["total_s"] = round(time.perf_counter() - started, 2)
    return out


def _decisions(scale: Scale, generators: dict[str, Generator]) -> int:
    """Recognition decisions: a commune is recognised in the first year its strength passes 0.6
    (recognition and the current assessment are different facts; where they disagree the matrix
    shows the revocation risk)."""
    from django.db import transaction

    from ntm.recognition.models import Decision
    from ntm.recognition.trend import forget_recognitions

    generator = generators.get("xa-ntm-2021")
    if generator is None:
        return 0
    years = sorted(y for s, y in scale.years if s == "xa-ntm-2021" and y < 2025)
    if not years:
        return 0
    first: dict[int, int] = {}
    communes = {c.pk: c for y in years for c in communes_for("xa-ntm-2021", y)}
    for commune in communes.values():
        for year in years:
            if generator.strength(commune, year) > 0.6:
                first[commune.pk] = year
                break
    rows = [
        Decision(
            unit_id=pk,
            set_code="xa-ntm-2021",
            year=year,
            kind=Decision.Kind.RECOGNISE,
            number=f"{pk}/QĐ-UBND-BENCH",
            date=datetime.date(year, 12, 15),
            authority="UBND tỉnh (dữ liệu đo hiệu năng)",
        )
        for pk, year in first.items()
    ]
    with transaction.atomic():
        Decision.objects.bulk_create(rows, batch_size=1000)
        forget_recognitions("xa-ntm-2021", min(first.values(), default=2021))
    return len(rows)
