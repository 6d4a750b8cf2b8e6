"""Batch-evaluation timing on a country-sized synthetic dataset (a script, not a test).

    uv run --frozen python tests/core/bench_batch.py [communes] [years]

10,000 communes × 5 years × the 57 indicators of xa-ntm-2021 ≈ 2.85 million comparisons.
"""

import random
import sys
import time

from ntm.core import Planner, UnitInput, UnitProfile, evaluate_batch, evaluate_unit, load_catalog
from ntm.core.model import REGIONS


def synthetic_units(catalog, communes: int, years: range, seed: int = 1) -> list[UnitInput]:
    rng = random.Random(seed)
    indicators = catalog.get("xa-ntm-2021").indicators()
    units = []
    for n in range(communes):
        profile = UnitProfile.build(
            province_code=f"{rng.randint(1, 96):02d}", region=rng.choice(REGIONS), dbkk=rng.random() < 0.2
        )
        for year in years:
            values = {
                i.code: (rng.random() < 0.9) if i.kind == "boolean" else round(rng.uniform(0, 100), 1)
                for i in indicators
                if rng.random() < 0.97  # a few values missing, as in real data
            }
            units.append(UnitInput(id=f"xa-{n:05d}", profile=profile, values=values, year=year))
    return units


def main() -> None:
    communes = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    years = range(2021, 2021 + (int(sys.argv[2]) if len(sys.argv) > 2 else 5))
    catalog = load_catalog()
    started = time.perf_counter()
    units = synthetic_units(catalog, communes, years)
    print(f"generated {len(units):,} unit-years in {time.perf_counter() - started:.2f} s")
    comparisons = sum(len(u.values) for u in units)
    planner = Planner(catalog)
    for label in ("cold plan cache", "warm plan cache"):
        started = time.perf_counter()
        rows = evaluate_batch(catalog, "xa-ntm-2021", units, planner=planner)
        elapsed = time.perf_counter() - started
        print(
            f"evaluate_batch ({label}): {len(rows):,} unit-years, {comparisons:,} indicator values "
            f"in {elapsed:.2f} s ({comparisons / elapsed / 1e6:.2f} M values/s); {planner.compiled} plans"
        )
    sample = units[:2_000]
    started = time.perf_counter()
    for unit in sample:
        evaluate_unit(catalog, "xa-ntm-2021", unit)
    per_unit = (time.perf_counter() - started) / len(sample)
    total = per_unit * len(units)
    print(f"evaluate (full explanation): {per_unit * 1e3:.3f} ms per unit, {total:.0f} s for all")


if __name__ == "__main__":
    main()
