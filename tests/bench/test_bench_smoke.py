"""`python -m bench --scale small` runs every benchmark to the end, the DuckDB peer agrees with the
kernel and the kernel with the explaining engine on every field of every unit-year. No timings are
asserted: they depend on the machine and its load."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

pytest.importorskip("duckdb")


def test_small_scale_completes_and_the_peer_agrees(tmp_path):
    out = tmp_path / "out"
    report = tmp_path / "BENCHMARKS.md"
    env = {**os.environ, "NTM_BENCH_OUT": str(out)}
    env.pop("DATABASE_URL", None)
    process = subprocess.run(
        [
            sys.executable,
            "-m",
            "bench",
            "--scale",
            "small",
            "--database",
            "sqlite",
            "--report",
            str(report),
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=1200,
    )
    assert process.returncode == 0, process.stderr[-4000:]
    results = json.loads((out / "results-small.json").read_text())
    kernel = results["any"]["kernel"]
    assert kernel["ok"], kernel.get("error")
    (xa,) = kernel["result"]["sets"]
    assert xa["unit_years"] > 100 and xa["values"] > 5000
    assert xa["identical"], xa["mismatch_examples"]
    assert xa["engine_identical"], xa["engine_examples"]  # bulk path = explaining engine, every field
    sqlite = results["sqlite"]
    for name in ("e2e", "write", "reads", "reports"):
        assert sqlite[name]["ok"], (name, sqlite[name].get("error"))
    assert sqlite["write"]["result"]["not_visible"] == 0
    assert all(row["status"] == 200 for row in sqlite["reads"]["result"]["server"])
    stored, as_of = sqlite["reports"]["result"]["official"]  # `ntm report tables`, then "as of" today
    assert stored["as_of"] is None and as_of["as_of"] and stored["bytes"] > 0 and as_of["bytes"] > 0
    assert as_of["queries"] < 100  # one evaluation's queries per commune would be several hundred
    imports = sqlite["import"]
    assert imports["csv"]["result"]["exit_code"] == 0 and imports["csv"]["result"]["all_or_nothing"]
    assert imports["xlsx"]["result"]["exit_code"] == 0 and imports["xlsx"]["result"]["all_or_nothing"]
    assert imports["bad"]["result"]["exit_code"] == 1 and imports["bad"]["result"]["all_or_nothing"]
    text = report.read_text()
    assert "<!-- bench:small:begin -->" in text and "Bulk path vs lean DuckDB peer" in text
