"""(a-ii) National re-evaluation from the database, assessments and roll-ups stored.

The project's path for re-evaluating many units — what a threshold correction
(`indicators.corrections.reevaluate_set`), a classification change and an import (`dataio.apply`)
run: for each set and year, `indicators.assess.reassess_many` over every commune the set counts,
in one transaction (values read, the bulk path run, compact assessments stored, roll-ups rebuilt).

Two passes over the whole dataset: `first` starts from no assessments and no roll-ups (deleted
beforehand, not timed), as the first evaluation of a loaded country; `again` replaces every
assessment, as a threshold correction does.
"""

from __future__ import annotations

import time

from .common import Scale


def run(scale: Scale, sample: int | None = None) -> dict:
    from django.db import connection, transaction

    from ntm.indicators.assess import reassess_many
    from ntm.indicators.models import Assessment, Rollup
    from ntm.indicators.rollups import units_counted

    sets = sorted({s for s, _y in scale.years})
    started = time.perf_counter()
    with transaction.atomic():
        Rollup.objects.filter(set_code__in=sets).delete()
        Assessment.objects.filter(set_code__in=sets).delete()
    out: dict = {"sample": sample, "delete_s": round(time.perf_counter() - started, 2), "passes": []}
    for label in ("first", "again"):
        years, total, units_total = [], 0.0, 0
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
            years.append({"set": set_code, "year": year, "units": count, "seconds": round(seconds, 2)})
        out["passes"].append(
            {
                "pass": label,
                "seconds": round(total, 2),
                "units": units_total,
                "ms_per_unit": round(total / units_total * 1e3, 2) if units_total else None,
                "years": years,
            }
        )
    first, again = out["passes"]
    out.update(seconds=first["seconds"], seconds_again=again["seconds"], units=first["units"])
    out["ms_per_unit"] = first["ms_per_unit"]
    out["assessments"] = Assessment.objects.count()
    out["rollups"] = Rollup.objects.count()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT pg_total_relation_size('indicators_assessment')")
        else:
            cursor.execute("SELECT sum(length(result)) FROM indicators_assessment")
        out["assessment_bytes"] = cursor.fetchone()[0]
    return out
