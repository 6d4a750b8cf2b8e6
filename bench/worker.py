"""One benchmark step in a process of its own, so that its peak memory is its own.

    python -m bench.worker CASE --scale small|national --engine sqlite|postgres --result FILE
        [--role main|units|import] [--profile FILE.txt] [--sample N] [--no-load]

Points Django at the benchmark database (DATABASE_URL) before it starts, runs the step, and
writes its result with the wall time, the peak RSS (`getrusage`) and the load average.
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import time
import traceback
from pathlib import Path

from .common import SCALES, Target, load_average, write_json

CASES = (
    "setup-units",
    "setup-data",
    "kernel",
    "e2e",
    "write",
    "reads",
    "import-files",
    "import-xlsx",
    "import-csv",
    "import-bad",
    "reports",
)


def _run(case: str, args) -> dict:
    scale = SCALES[args.scale]
    if case == "setup-units":
        from . import setup

        return setup.setup_units(scale)
    if case == "setup-data":
        from . import setup

        return setup.setup_data(scale)
    if case == "kernel":
        from . import kernel

        return kernel.run(scale)
    if case == "e2e":
        from . import e2e

        return e2e.run(scale, sample=args.sample)
    if case == "write":
        from . import write

        return write.run(scale, samples=args.sample)
    if case == "reads":
        from . import reads

        return reads.run(scale, load=not args.no_load)
    if case == "import-files":
        from . import imports

        return imports.files(scale)
    if case.startswith("import-"):
        from . import imports

        return imports.run(scale, case.removeprefix("import-"))
    if case == "reports":
        from . import reports

        return reports.run(scale)
    raise ValueError(case)


def _vacuum() -> float:
    """VACUUM (ANALYZE) the benchmark database before a step, untimed: what autovacuum does on a
    server between two national re-evaluations (each replaces every assessment in place, leaving
    the old row versions dead). Without it, and with autovacuum off (as on the test machine's
    server), every run would read a larger table than the last."""
    from django.db import connection

    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM (ANALYZE)")
    return round(time.perf_counter() - started, 2)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.worker")
    parser.add_argument("case", choices=CASES)
    parser.add_argument("--scale", choices=sorted(SCALES), required=True)
    parser.add_argument("--engine", choices=("sqlite", "postgres"), required=True)
    parser.add_argument("--role", default="main", choices=("main", "units", "import"))
    parser.add_argument("--result", type=Path, required=True)
    parser.add_argument("--profile", type=Path)
    parser.add_argument("--sample", type=int)
    parser.add_argument("--no-load", action="store_true")
    args = parser.parse_args(argv)

    target = Target(args.engine, args.scale, args.role)
    os.environ["DATABASE_URL"] = target.url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ntm.settings")
    import django

    django.setup()
    record = {"case": args.case, "scale": args.scale, "engine": args.engine, "database": target.name}
    if args.engine == "postgres" and not args.case.startswith("setup-"):
        record["vacuum_s"] = _vacuum()
    record["load_before"] = load_average()
    started = time.perf_counter()
    profiler = None
    if args.profile:
        from pyinstrument import Profiler

        profiler = Profiler(interval=0.005)
        profiler.start()
    try:
        record["result"] = _run(args.case, args)
        record["ok"] = True
    except Exception as exc:  # the runner reports the failure and goes on with the next step
        record["ok"] = False
        record["error"] = f"{type(exc).__name__}: {exc}"
        record["traceback"] = traceback.format_exc()
    finally:
        if profiler:
            profiler.stop()
            args.profile.parent.mkdir(parents=True, exist_ok=True)
            args.profile.write_text(profiler.output_text(unicode=True, color=False, show_all=False))
    record["wall_s"] = round(time.perf_counter() - started, 2)
    record["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    record["load_after"] = load_average()
    write_json(args.result, record)
    if not record["ok"]:
        print(record["traceback"], file=sys.stderr)
    return 0 if record["ok"] else 1


if __name__ == "__main__":
    sys.exit(main())
