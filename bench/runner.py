"""Running the benchmarks: databases, one worker process per step, tables, BENCHMARKS.md.

The runner itself never connects Django to a database: it creates and copies the benchmark
databases (`bench.databases`), starts `python -m bench.worker STEP …` for each step, and collects
the JSON each one writes under `bench/out/runs/`. Results are merged into
`bench/out/results-<scale>.json` (so `--only` refreshes some figures and keeps the others) and the
block of that scale in the report file is rewritten.
"""

from __future__ import annotations

import datetime
import json
import subprocess
import sys
import time
from pathlib import Path

from . import databases, markdown
from .common import ENGINES, OUT, REPORT, ROOT, SCALES, Target, load_average, machine, write_json

BENCHMARKS = ("kernel", "e2e", "write", "reads", "import", "reports")
NEEDS_ASSESSMENTS = {"write", "reads", "reports"}


class Runner:
    def __init__(
        self,
        scale: str,
        only: list[str],
        engines: list[str],
        *,
        report: Path,
        fresh: bool,
        fresh_units: bool,
        profile: bool,
        command: str,
        log=print,
    ):
        self.scale = SCALES[scale]
        self.only = [b for b in BENCHMARKS if not only or b in only]
        self.engines = engines
        self.report = report
        self.fresh, self.fresh_units, self.profile = fresh, fresh_units, profile
        self.command = command
        self.log = log
        self.results_path = OUT / f"results-{scale}.json"
        self.results = json.loads(self.results_path.read_text()) if self.results_path.exists() else {}
        self.failures: list[str] = []

    # ---------------------------------------------------------------------------------- steps

    def step(self, case: str, engine: str, role: str = "main", **options) -> dict:
        stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
        result = OUT / "runs" / f"{self.scale.name}-{engine}-{case}-{stamp}.json"
        command = [
            sys.executable,
            "-m",
            "bench.worker",
            case,
            "--scale",
            self.scale.name,
            "--engine",
            engine,
            "--role",
            role,
            "--result",
            str(result),
        ]
        if self.profile and case not in ("setup-units", "setup-data", "import-files"):
            command += ["--profile", str(result.with_suffix(".profile.txt"))]
        for key, value in options.items():
            if value is True:
                command.append(f"--{key.replace('_', '-')}")
            elif value not in (None, False):
                command += [f"--{key.replace('_', '-')}", str(value)]
        self.log(f"[bench] {engine} · {case} …")
        started = time.perf_counter()
        process = subprocess.run(command, cwd=ROOT)
        record = json.loads(result.read_text()) if result.exists() else {"ok": False, "error": "no result"}
        record["command"] = self.command
        record["finished"] = datetime.datetime.now().astimezone().isoformat(timespec="seconds")
        if process.returncode or not record.get("ok"):
            self.failures.append(f"{engine} {case}: {record.get('error', f'exit {process.returncode}')}")
            self.log(f"[bench] {engine} · {case} FAILED: {record.get('error')}")
        else:
            self.log(
                f"[bench] {engine} · {case} done in {time.perf_counter() - started:.1f} s "
                f"(peak RSS {record.get('peak_rss_mb')} MB)"
            )
        return record

    def _store(self, engine: str, name: str, record) -> None:
        self.results.setdefault(engine, {})[name] = record
        self.results["machine"] = self.machine
        write_json(self.results_path, self.results)

    def _state(self, engine: str) -> dict:
        return self.results.get(engine, {}).get("_state", {})

    def _set_state(self, engine: str, **changes) -> None:
        state = {**self._state(engine), **changes}
        self._store(engine, "_state", state)

    # ---------------------------------------------------------------------------------- databases

    def prepare(self, engine: str) -> bool:
        units, main = Target(engine, self.scale.name, "units"), Target(engine, self.scale.name, "main")
        if self.fresh_units or not databases.exists(units) or not self._state(engine).get("units"):
            databases.create(units)
            record = self.step("setup-units", engine, role="units")
            self._store(engine, "setup-units", record)
            if not record.get("ok"):
                return False
            self._set_state(engine, units=True, data=False, assessed=False)
        if (
            self.fresh
            or self.fresh_units
            or not databases.exists(main)
            or not self._state(engine).get("data")
        ):
            databases.copy(units, main)
            record = self.step("setup-data", engine)
            record["database_bytes"] = databases.size(main)
            self._store(engine, "setup-data", record)
            if not record.get("ok"):
                return False
            self._set_state(engine, data=True, assessed=False)
        return True

    # ---------------------------------------------------------------------------------- benchmarks

    def run(self) -> int:
        self.machine = machine()
        self.machine["load_at_start"] = load_average()
        kernel_done = False
        for engine in self.engines:
            if engine == "postgres":
                reason = databases.postgres_available()
                if reason:
                    self.log(f"[bench] PostgreSQL skipped: {reason}")
                    self.failures.append(f"postgres: not reachable ({reason})")
                    continue
            if not self.prepare(engine):
                continue
            for name in self.only:
                if name == "kernel":
                    if kernel_done:
                        continue
                    self._store("any", "kernel", self.step("kernel", engine))
                    kernel_done = True
                elif name == "e2e":
                    self._e2e(engine)
                elif name == "import":
                    self._import(engine)
                else:
                    if not self._state(engine).get("assessed"):
                        self.log(f"[bench] {engine}: no assessments yet, running e2e first")
                        self._e2e(engine)
                    self._store(engine, name, self.step(name, engine))
        self.machine["load_at_end"] = load_average()
        self.results["machine"] = self.machine
        write_json(self.results_path, self.results)
        text = markdown.render_scale(self.scale.name, self.results)
        print(text)
        markdown.update_report(self.report, self.scale.name, text)
        self.log(f"[bench] results: {self.results_path}; report: {self.report}")
        for failure in self.failures:
            self.log(f"[bench] FAILED {failure}")
        return 1 if self.failures else 0

    def _e2e(self, engine: str) -> None:
        record = self.step("e2e", engine)
        self._store(engine, "e2e", record)
        if record.get("ok"):
            self._set_state(engine, assessed=True)

    def _import(self, engine: str) -> None:
        units, target = Target(engine, self.scale.name, "units"), Target(engine, self.scale.name, "import")
        files = self.step("import-files", engine, role="units")
        if not files.get("ok"):
            return
        runs = {"files": files}
        for fmt in ("xlsx", "csv", "bad"):
            databases.copy(units, target)
            runs[fmt] = self.step(f"import-{fmt}", engine, role="import")
        databases.drop(target)
        self._store(engine, "import", runs)


def main(
    scale: str,
    only: list[str],
    database: str,
    *,
    report: Path | None = None,
    fresh: bool = False,
    fresh_units: bool = False,
    profile: bool = False,
    command: str = "",
    log=None,
) -> int:
    engines = list(ENGINES) if database == "both" else [database]
    runner = Runner(
        scale,
        only,
        engines,
        report=report or REPORT,
        fresh=fresh,
        fresh_units=fresh_units,
        profile=profile,
        command=command
        or f"python -m bench --scale {scale} --database {database}"
        + (f" --only {' '.join(only)}" if only else ""),
        log=log or (lambda message: print(message, file=sys.stderr, flush=True)),
    )
    return runner.run()


def drop_all() -> None:
    """Drop every benchmark database (PostgreSQL) and file (SQLite) of every scale."""
    for scale in SCALES:
        for role in ("units", "main", "import"):
            databases.drop(Target("sqlite", scale, role))
            if databases.postgres_available() is None:
                databases.drop(Target("postgres", scale, role))
