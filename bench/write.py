"""(b) Write to visible: one value saved through `indicators.services.save_values` — permission,
validation, version check, appended version, audit record, re-evaluation, every roll-up above the
unit — until the transaction commits. Each write changes one indicator of a random commune
(a yes/no flipped, a number moved across its threshold's side); after each timed write the
assessment and every roll-up above the unit are checked to carry the new time (not timed)."""

from __future__ import annotations

import random
import time

from .common import SEED, Scale, summary_ms


def _new_value(indicator, old):
    if isinstance(old, bool):
        return not old
    if isinstance(old, int | float):
        if indicator.kind == "count":  # whole numbers: up when small, down when large
            step = max(1, round(old * 0.3))
            return int(old) + step if old < 40 else max(0, int(old) - step)
        if indicator.kind == "percent":
            return round(min(100.0, old + 20) if old < 50 else max(0.0, old - 20), 1)
        return round(old * (1.3 if old < 40 else 0.7), 1)
    if indicator.kind == "count":
        return 5
    return True if indicator.kind == "boolean" else 50.0


def run(scale: Scale, samples: int | None = None) -> dict:
    from django.utils import timezone

    from ntm.indicators.engine import catalog
    from ntm.indicators.models import Assessment, IndicatorValue, Rollup
    from ntm.indicators.rollups import rollup_parent_ids, units_counted
    from ntm.indicators.services import ValueChange, save_values

    from .setup import bench_user

    set_code, year = next((s, y) for s, y in scale.years if y == scale.report_year)
    cset = catalog().get(set_code)
    indicators = {i.code: i for i in cset.indicators()}
    user = bench_user()
    rng = random.Random(f"{SEED}|write")
    units = list(units_counted(None, set_code, year).order_by("code"))
    n = samples or scale.writes
    times, cpu, stale = [], [], 0
    for index in range(n + 3):  # three warm-up writes, not counted
        unit = rng.choice(units)
        current = {
            v.indicator_code: v
            for v in IndicatorValue.objects.filter(
                unit=unit, set_code=set_code, period=str(year), disaggregation="", is_current=True
            )
        }
        code = rng.choice(sorted(indicators))
        old = current.get(code)
        change = ValueChange(
            code=code,
            raw=_new_value(indicators[code], old.value if old else None),
            expected_version=old.version if old else 0,
            source="bench",
        )
        before = timezone.now()
        started, started_cpu = time.perf_counter(), time.process_time()
        save_values(
            actor=user,
            unit=unit,
            set_code=set_code,
            year=year,
            changes=[change],
            reason="bench: đo hiệu năng",
        )
        elapsed, elapsed_cpu = time.perf_counter() - started, time.process_time() - started_cpu
        if index >= 3:
            times.append(elapsed)
            cpu.append(elapsed_cpu)
        assessment = Assessment.objects.get(unit=unit, set_code=set_code, year=year)
        parents = rollup_parent_ids(unit)
        rollups = (
            Rollup.objects.filter(set_code=set_code, year=year)
            .filter(parent_id__in=[p for p in parents if p])
            .count()
            + Rollup.objects.filter(set_code=set_code, year=year, parent__isnull=True).count()
        )
        fresh = Rollup.objects.filter(set_code=set_code, year=year, computed_at__gte=before)
        fresh_count = (
            fresh.filter(parent_id__in=[p for p in parents if p]).count()
            + fresh.filter(parent__isnull=True).count()
        )
        if assessment.computed_at < before or fresh_count != len(parents) or rollups != len(parents):
            stale += 1
    return {
        "set": set_code,
        "year": year,
        "units_sampled_from": len(units),
        **summary_ms(times),
        "cpu": summary_ms(cpu),  # this process's CPU time (SQLite's work included, PostgreSQL's not)
        "not_visible": stale,
    }
