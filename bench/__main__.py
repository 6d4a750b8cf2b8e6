"""`python -m bench`: the national-scale benchmarks (issue #6), run from the repository checkout.

    python -m bench [--scale small|medium|national] [--only NAME …] [--database sqlite|postgres|both]

`--scale small` (two provinces, one year) takes well under a minute once its template database
exists and is what CI runs; `--scale national` is the full run (every commune of both eras,
2021–2026) and takes a long time. Results go to `bench/out/` and into `bench/BENCHMARKS.md`.
The benchmarks are not part of the `ntm` command: `bench/` is not in the wheel.
"""

import argparse
import sys
from pathlib import Path

from bench import runner
from bench.common import SCALES

BENCHMARK_NAMES = ("kernel", "e2e", "write", "reads", "import", "reports")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m bench",
        description="benchmarks: kernel vs DuckDB, re-evaluation, writes, reads, import, reports",
    )
    parser.add_argument("--scale", choices=sorted(SCALES), default="small", help="dataset size")
    parser.add_argument(
        "--only",
        nargs="+",
        choices=BENCHMARK_NAMES,
        default=[],
        metavar="NAME",
        help=", ".join(BENCHMARK_NAMES),
    )
    parser.add_argument("--database", choices=("sqlite", "postgres", "both"), default="both")
    parser.add_argument("--report", type=Path, help="report file to update (default bench/BENCHMARKS.md)")
    parser.add_argument("--fresh", action="store_true", help="reload the dataset into a fresh database")
    parser.add_argument(
        "--fresh-units", action="store_true", help="also rebuild the template database (migrate, units load)"
    )
    parser.add_argument("--profile", action="store_true", help="write a pyinstrument profile of every step")
    parser.add_argument("--drop", action="store_true", help="drop every benchmark database and exit")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.drop:
        runner.drop_all()
        return 0
    return runner.main(
        args.scale,
        args.only,
        args.database,
        report=args.report,
        fresh=args.fresh,
        fresh_units=args.fresh_units,
        profile=args.profile,
        command=" ".join(["python -m bench", *(sys.argv[1:] if argv is None else argv)]),
    )


if __name__ == "__main__":
    sys.exit(main())
