"""(a-ii) National re-evaluation from the database, assessments and roll-ups stored.

The project's path for re-evaluating many units — what a threshold correction
(`indicators.corrections.reevaluate_set`) and an import (`dataio.apply`) run: for each set and
year, `indicators.assess.reassess_many` over every commune the set counts, in one transaction
(values read, engine run, assessment stored, roll-ups rebuilt). Run on a database that holds the
dataset; the first run creates the assessments, a second run (`again=True`) replaces them.
"""

from __future__ import annotations

import time

from .common import Scale


def run(scale: Scale, sample: int | None = None) -> dict:
    from django.db import connection, transaction

    from ntm.indicators.assess import reassess_many
    from ntm.indicators.models import Assessment, Rollup
    from ntm.indicators.rollups import units_counted

    out: dict = {"years": [], "sample": sample}
    total = 0.0
    units_total = 0
    for set_code, year in scale.years:
        units = list(units_counted(None, set_code, year).order_by("code"))
        if sample:
            units = units[:sample]
        started = time.perf_counter()
        with transaction.atomic():
            count = reassess_many(units, set_code, year)
        seconds = time.perf_counter() - started
        total += seconds
        units_total += count
        out["years"].append({"set": set_code, "year": year, "units": count, "seconds": round(seconds, 2)})
    out["seconds"] = round(total, 2)
    out["units"] = units_total
    out["ms_per_unit"] = round(total / units_total * 1e3, 2) if units_total else None
    out["assessments"] = Assessment.objects.count()
    out["rollups"] = Rollup.objects.count()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT pg_total_relation_size('indicators_assessment')")
        else:
            cursor.execute("SELECT sum(length(result)) FROM indicators_assessment")
        out["assessment_bytes"] = cursor.fetchone()[0]
    return out
