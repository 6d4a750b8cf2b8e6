"""Scales, benchmark databases, timing helpers and the machine description."""

from __future__ import annotations

import datetime
import json
import os
import platform
import statistics
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = Path(os.environ.get("NTM_BENCH_OUT") or ROOT / "bench" / "out")  # scratch, gitignored
REPORT = ROOT / "bench" / "BENCHMARKS.md"
SEED = 20250701
PG_HOST, PG_PORT, PG_USER = "127.0.0.1", 5432, "postgres"
ENGINES = ("sqlite", "postgres")


@dataclass(frozen=True)
class Scale:
    name: str
    provinces: tuple[str, ...] | None  # pre-reform province codes loaded; None: the whole country
    years: tuple[tuple[str, int], ...]  # (criteria set, year) of the dataset
    writes: int  # write-to-visible samples
    read_requests: int  # in-process requests per page for server time
    load_seconds: int  # duration of each throughput run
    import_values: int | None  # values in the import files; None: every value of the first years
    report_year: int  # the year of the pages, exports and write samples


SCALES = {
    "small": Scale(
        name="small",
        provinces=("12", "06"),  # Lai Châu and Bắc Kạn (pre-reform codes)
        years=(("xa-ntm-2021", 2024),),
        writes=30,
        read_requests=20,
        load_seconds=2,
        import_values=None,
        report_year=2024,
    ),
    # Between the two, for a machine too loaded for the national run: Thanh Hóa, Nghệ An, Lai Châu
    # and Bắc Kạn (the two largest provinces and the small scale's two), three years.
    "medium": Scale(
        name="medium",
        provinces=("38", "40", "12", "06"),
        years=(("xa-ntm-2021", 2022), ("xa-ntm-2021", 2023), ("xa-ntm-2021", 2024)),
        writes=30,
        read_requests=20,
        load_seconds=2,
        import_values=None,
        report_year=2024,
    ),
    "national": Scale(
        name="national",
        provinces=None,
        years=(
            ("xa-ntm-2021", 2021),
            ("xa-ntm-2021", 2022),
            ("xa-ntm-2021", 2023),
            ("xa-ntm-2021", 2024),
            ("xa-ntm-2021", 2025),
            ("xa-ntm-2026", 2026),
        ),
        writes=300,
        read_requests=100,
        load_seconds=10,
        import_values=1_000_000,
        report_year=2024,
    ),
}

# Sets whose values the kernel benchmark evaluates (xa-ntm-2026 has no indicators yet: statuses only).
KERNEL_SETS = ("xa-ntm-2021",)


@dataclass(frozen=True)
class Target:
    """One benchmark database: `role` is units (the template), main (the dataset) or import (empty)."""

    engine: str
    scale: str
    role: str

    @property
    def name(self) -> str:
        if self.engine == "sqlite":
            return str(OUT / f"{self.scale}-{self.role}.sqlite3")
        prefix = f"ntm_bench{os.environ.get('NTM_BENCH_DB_SUFFIX', '')}"  # two checkouts, one server
        base = prefix if self.scale == "national" else f"{prefix}_{self.scale}"
        return base if self.role == "main" else f"{base}_{self.role}"

    @property
    def url(self) -> str:
        if self.engine == "sqlite":
            return f"sqlite:///{self.name}"
        return f"postgres://{PG_USER}@{PG_HOST}:{PG_PORT}/{self.name}"


def percentile(samples: list[float], q: float) -> float:
    """Nearest-rank percentile (q in 0..100) of a non-empty list."""
    ordered = sorted(samples)
    rank = max(1, min(len(ordered), round(q / 100 * len(ordered) + 0.5)))
    return ordered[rank - 1]


def summary_ms(samples: list[float]) -> dict:
    """p50 / p95 / max / mean in milliseconds of samples in seconds."""
    return {
        "n": len(samples),
        "p50_ms": round(percentile(samples, 50) * 1e3, 2),
        "p95_ms": round(percentile(samples, 95) * 1e3, 2),
        "max_ms": round(max(samples) * 1e3, 2),
        "mean_ms": round(statistics.fmean(samples) * 1e3, 2),
    }


class Stopwatch:
    def __enter__(self):
        self.started = time.perf_counter()
        return self

    def __exit__(self, *exc):
        self.seconds = time.perf_counter() - self.started


def load_average() -> list[float]:
    return [round(x, 2) for x in os.getloadavg()]


def _command(args: list[str]) -> str:
    try:
        return subprocess.run(args, capture_output=True, text=True, timeout=10).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return ""


# The server settings that move these figures, stated with them (the review found the defaults used
# unsaid); docs/deploy.md gives the values recommended for an office's server.
PG_SETTINGS_QUERY = (
    "SELECT name, current_setting(name) FROM pg_settings WHERE name IN ('shared_buffers', "
    "'work_mem', 'maintenance_work_mem', 'effective_cache_size', 'synchronous_commit', 'fsync', "
    "'max_parallel_workers_per_gather', 'jit', 'autovacuum') ORDER BY name"
)


def machine() -> dict:
    """What the figures were measured on."""
    import django
    import duckdb

    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = ""
    try:
        import psutil

        memory = f"{psutil.virtual_memory().total / 2**30:.1f} GiB"
    except ImportError:
        pass
    import sqlite3

    pg = _command(["psql", "-h", PG_HOST, "-U", PG_USER, "-At", "-c", "show server_version"])
    pg_settings = _command(
        ["psql", "-h", PG_HOST, "-U", PG_USER, "-At", "-F", " = ", "-c", PG_SETTINGS_QUERY]
    ).splitlines()
    wrk = _command(["wrk", "--version"]).splitlines()
    return {
        "date": datetime.datetime.now().astimezone().isoformat(timespec="seconds"),
        "host": platform.node(),
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory": memory,
        "os": platform.platform(),
        "python": platform.python_version(),
        "django": django.get_version(),
        "duckdb": duckdb.__version__,
        "sqlite": sqlite3.sqlite_version,
        "postgresql": pg,
        "postgresql_settings": pg_settings,
        "wrk": wrk[0] if wrk else "",
        "git": _command(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"]),
        "git_dirty": bool(
            _command(["git", "-C", str(ROOT), "status", "--porcelain", "--untracked-files=no"])
        ),
    }


def write_json(path: Path, data) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2, default=str))
