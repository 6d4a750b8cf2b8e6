"""(d) Import of values from XLSX and from CSV through the project's own path: `ntm import FILE`
(`ntm/commands/data.py` → `dataio.plan.build_plan` checks the whole file, `dataio.apply.apply_plan`
writes everything in one transaction and re-evaluates), run as a separate process on a fresh copy
of the units database, so every value is new. Then the same CSV with one unreadable value in its
last row: the import must refuse it and write nothing.

The file is a long table (Mã đơn vị, Bộ tiêu chí, Chỉ tiêu, Năm, Giá trị): the dataset's values of
`xa-ntm-2021` from 2022 on (the catalog dates the set from 8/3/2022, so `ntm import` refuses 2021),
year by year and commune by commune, cut at `scale.import_values`.
"""

from __future__ import annotations

import json
import os
import re
import resource
import subprocess
import sys
import time
from pathlib import Path

from .common import OUT, ROOT, SEED, Scale

SET_CODE = "xa-ntm-2021"
LABELS = {
    "Đọc tệp": "read",
    "Kiểm tra": "check",
    "Ghi": "write",
    "Đánh giá lại": "assess",
}  # ntm.commands.data


def files(scale: Scale) -> dict:
    """The CSV and XLSX for a scale, written once (reused while the parameters are the same)."""
    from .dataset import Generator, communes_for
    from .load import import_entries, spoil_csv, write_csv, write_xlsx

    OUT.mkdir(parents=True, exist_ok=True)
    stem = OUT / f"import-{scale.name}"
    paths = {
        "csv": stem.with_suffix(".csv"),
        "xlsx": stem.with_suffix(".xlsx"),
        "bad": OUT / f"import-{scale.name}-bad.csv",
    }
    meta_path = stem.with_suffix(".json")
    years = [y for s, y in scale.years if s == SET_CODE and y >= 2022]
    wanted = {"seed": SEED, "limit": scale.import_values, "years": years, "version": 1}
    if meta_path.exists() and all(p.exists() for p in paths.values()):
        meta = json.loads(meta_path.read_text())
        if meta.get("params") == wanted:
            return {**meta, "paths": {k: str(v) for k, v in paths.items()}}
    generator = Generator(SET_CODE, SEED)
    plan = [(year, communes_for(SET_CODE, year)) for year in years]
    started = time.perf_counter()
    rows = write_csv(paths["csv"], import_entries(generator, plan, scale.import_values))
    csv_s = time.perf_counter() - started
    started = time.perf_counter()
    write_xlsx(paths["xlsx"], import_entries(generator, plan, scale.import_values))
    xlsx_s = time.perf_counter() - started
    spoil_csv(paths["csv"], paths["bad"])
    meta = {
        "params": wanted,
        "rows": rows,
        "csv_bytes": paths["csv"].stat().st_size,
        "xlsx_bytes": paths["xlsx"].stat().st_size,
        "write_csv_s": round(csv_s, 1),
        "write_xlsx_s": round(xlsx_s, 1),
    }
    meta_path.write_text(json.dumps(meta, indent=2))
    return {**meta, "paths": {k: str(v) for k, v in paths.items()}}


def run_import(path: Path, expect_ok: bool = True) -> dict:
    """`ntm import PATH` in a child process; phases timed from its progress lines."""
    command = [
        sys.executable,
        "-m",
        "ntm.cli",
        "import",
        str(path),
        "--reason",
        "bench: đo hiệu năng nhập tệp",
    ]
    started = time.perf_counter()
    process = subprocess.Popen(
        command, cwd=ROOT, env=os.environ.copy(), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    phases: dict[str, float] = {}
    order: list[str] = []
    errors = 0
    for line in process.stderr:
        now = time.perf_counter() - started
        match = re.match(r"\s+(.+?)…", line)
        if match and match.group(1) in LABELS and match.group(1) not in phases:
            phases[match.group(1)] = now
            order.append(match.group(1))
        elif line.startswith("  "):
            errors += 1
    stdout = process.stdout.read()
    code = process.wait()
    elapsed = time.perf_counter() - started
    durations = {}
    for index, name in enumerate(order):
        end = phases[order[index + 1]] if index + 1 < len(order) else elapsed
        durations[LABELS[name]] = round(end - phases[name], 2)
    return {
        "exit_code": code,
        "seconds": round(elapsed, 2),
        "startup_s": round(phases[order[0]], 2) if order else None,
        "phases_s": durations,
        "stdout_tail": stdout.strip().splitlines()[-1] if stdout.strip() else "",
        "error_lines": errors,
        "child_peak_rss_mb": round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, 1),
        "ok": (code == 0) == expect_ok,
    }


def run(scale: Scale, fmt: str) -> dict:
    from ntm.indicators.models import Assessment, IndicatorValue

    meta = files(scale)
    path = Path(meta["paths"]["bad" if fmt == "bad" else fmt])
    before = IndicatorValue.objects.count()
    result = run_import(path, expect_ok=fmt != "bad")
    written = IndicatorValue.objects.count() - before
    return {
        "format": fmt,
        "file": path.name,
        "file_bytes": path.stat().st_size,
        "rows": meta["rows"],
        **result,
        "values_written": written,
        "assessments": Assessment.objects.count(),
        "all_or_nothing": written == 0 if fmt == "bad" else written == meta["rows"],
        "file_generation": {k: meta[k] for k in ("write_csv_s", "write_xlsx_s")},
    }
