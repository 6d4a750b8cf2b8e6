"""(a-i) The batch kernel against its DuckDB peer, same inputs, same run, same answers.

Inputs: every unit-year of the dataset's indicator sets, generated in memory (the values the
database holds). The kernel is `evaluate_batch` with a fresh `Planner` (plan compilation included);
the peer is one DuckDB query over in-memory tables holding the same values (building the tables is
reported apart, like building the kernel's `UnitInput`s). Each is run `repeat` times; the best and
the median are kept, and every run's per-unit results are compared.

Equality with the explaining engine: every unit-year is evaluated once more by `evaluate` and the
compact results (`core.compact`: every criterion's status and basis, counts, standard, provisional
marks, missing values, gap, revocation outcome) must be equal, field for field.

The kernel runs twice: in this one process, and on one forked process per core (`_on_processes`),
as DuckDB runs its query on one thread per core; DuckDB is also timed on one thread. The ratios
compare like with like: one process with one thread, all cores with all cores.
"""

from __future__ import annotations

import multiprocessing
import os
import resource
import statistics
import time

from ntm.core import Planner, UnitInput, evaluate_batch, evaluate_unit, load_catalog
from ntm.core.compact import differences, from_result, from_row

from .common import KERNEL_SETS, OUT, SEED, Scale
from .dataset import Generator, communes_for
from .peer import Peer


def _rss_mb() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def answers(rows) -> dict:
    """What both sides are compared on, the full status vector: (unit, year) -> (criteria met,
    standard, every criterion's status in the set's order)."""
    return {
        (int(r.unit_id), r.year): (r.met_count, str(r.standard), tuple(map(str, r.criteria.values())))
        for r in rows
    }


_SHARED: tuple = ()  # (catalog, set code, units): what forked workers read, inherited, not pickled


def _share(bounds: tuple[int, int]) -> dict:
    catalog, set_code, units = _SHARED
    return answers(evaluate_batch(catalog, set_code, units[bounds[0] : bounds[1]], planner=Planner(catalog)))


def _on_processes(catalog, set_code: str, units: list, processes: int) -> dict:
    """The kernel on `processes` forked workers, each evaluating a contiguous share of the units
    (the inputs are inherited at the fork, the answers come back pickled); the pool's start and
    stop are timed with it. DuckDB's peer likewise runs on one thread per core."""
    global _SHARED
    _SHARED = (catalog, set_code, units)
    step = -(-len(units) // processes)
    bounds = [(start, min(start + step, len(units))) for start in range(0, len(units), step)]
    try:
        with multiprocessing.get_context("fork").Pool(processes) as pool:
            answer: dict = {}
            for part in pool.map(_share, bounds):
                answer.update(part)
    finally:
        _SHARED = ()
    return answer


def engine_check(catalog, set_code: str, units: list[UnitInput], rows) -> dict:
    """The bulk rows against the explaining engine, unit-year by unit-year, on every field."""
    started = time.perf_counter()
    mismatches = []
    for unit, row in zip(units, rows, strict=True):
        found = differences(from_result(evaluate_unit(catalog, set_code, unit)), from_row(row))
        if found:
            mismatches.append({"unit": unit.id, "year": unit.year, "differences": found[:3]})
    return {
        "engine_identical": not mismatches,
        "engine_mismatches": len(mismatches),
        "engine_examples": mismatches[:5],
        "engine_s": round(time.perf_counter() - started, 2),
    }


def run(scale: Scale, repeat: int = 5, threads: int | None = None) -> dict:
    catalog = load_catalog()
    out: dict = {"sets": []}
    for set_code in KERNEL_SETS:
        years = [y for s, y in scale.years if s == set_code]
        if not years:
            continue
        started = time.perf_counter()
        generator = Generator(set_code, SEED, catalog)
        units: list[UnitInput] = []
        for year in years:
            for commune, values, recorded in generator.rows(communes_for(set_code, year), year):
                units.append(
                    UnitInput(
                        id=str(commune.pk),
                        profile=commune.profile,
                        values=values,
                        recorded=recorded,
                        year=year,
                    )
                )
        n_values = sum(len(u.values) for u in units)
        inputs_s = time.perf_counter() - started
        rss_inputs = _rss_mb()

        kernel_times, kernel = [], None
        for _ in range(repeat):
            started = time.perf_counter()
            rows = evaluate_batch(catalog, set_code, units, planner=Planner(catalog))
            kernel_times.append(time.perf_counter() - started)
            result = answers(rows)
            kernel = kernel or result
            if result != kernel:
                raise AssertionError("the kernel gave different results on a repeat")
        rss_kernel = _rss_mb()
        engine = engine_check(catalog, set_code, units, rows)
        processes = os.cpu_count() or 1
        parallel_times = []
        for _ in range(repeat):
            started = time.perf_counter()
            result = _on_processes(catalog, set_code, units, processes)
            parallel_times.append(time.perf_counter() - started)
            if result != kernel:
                raise AssertionError("the kernel on several processes gave different results")

        started = time.perf_counter()
        peer = Peer(catalog, set_code, OUT / "tmp", threads=threads)
        peer.load((int(u.id), u.year, u.profile, u.values, u.recorded) for u in units)
        peer_load_s = time.perf_counter() - started
        peer_times, mismatches = [], []
        for _ in range(repeat):
            started = time.perf_counter()
            result = peer.run()
            peer_times.append(time.perf_counter() - started)
            answer = peer.answers(result)
            mismatches = [key for key in kernel if kernel[key] != answer.get(key)]
            mismatches += [key for key in answer if key not in kernel]
        rss_peer = _rss_mb()
        threads = peer.db.execute("SELECT current_setting('threads')").fetchone()[0]
        peer.db.execute("SET threads = 1")
        single = []
        for _ in range(repeat):
            started = time.perf_counter()
            peer.run()
            single.append(time.perf_counter() - started)
        peer.db.execute(f"SET threads = {int(threads)}")
        examples = [
            {"unit": k[0], "year": k[1], "kernel": kernel.get(k), "duckdb": answer.get(k)}
            for k in mismatches[:5]
        ]
        standard_met = sum(1 for v in kernel.values() if v[1] == "met")
        out["sets"].append(
            {
                "set": set_code,
                "years": years,
                "unit_years": len(units),
                "values": n_values,
                "standard_met": standard_met,
                "mean_criteria_met": round(statistics.fmean(v[0] for v in kernel.values()), 2),
                "inputs_s": round(inputs_s, 2),
                "kernel_s": [round(t, 3) for t in kernel_times],
                "kernel_best_s": round(min(kernel_times), 3),
                "kernel_median_s": round(statistics.median(kernel_times), 3),
                "kernel_values_per_s": round(n_values / min(kernel_times)),
                "peer_load_s": round(peer_load_s, 2),
                "peer_s": [round(t, 3) for t in peer_times],
                "peer_best_s": round(min(peer_times), 3),
                "peer_median_s": round(statistics.median(peer_times), 3),
                "ratio_best": round(min(kernel_times) / min(peer_times), 2),
                "ratio_median": round(statistics.median(kernel_times) / statistics.median(peer_times), 2),
                **engine,
                "identical": not mismatches,
                "mismatches": len(mismatches),
                "mismatch_examples": examples,
                "rss_after_inputs_mb": rss_inputs,
                "rss_after_kernel_mb": rss_kernel,
                "rss_after_peer_mb": rss_peer,
                "duckdb_threads": threads,
                "kernel_processes": processes,
                "kernel_parallel_s": [round(t, 3) for t in parallel_times],
                "kernel_parallel_best_s": round(min(parallel_times), 3),
                "kernel_parallel_median_s": round(statistics.median(parallel_times), 3),
                "ratio_parallel_best": round(min(parallel_times) / min(peer_times), 2),
                "ratio_parallel_median": round(
                    statistics.median(parallel_times) / statistics.median(peer_times), 2
                ),
                "peer_1thread_best_s": round(min(single), 3),
                "peer_1thread_median_s": round(statistics.median(single), 3),
                "ratio_1thread_best": round(min(kernel_times) / min(single), 2),
            }
        )
    out["identical"] = all(s["identical"] and s["engine_identical"] for s in out["sets"])
    return out
