"""Tables of results (printed, and written into the report between markers of their scale)."""

from __future__ import annotations

from pathlib import Path

PEER_NOTE = "DuckDB's tables in the same process: the peer's memory, not ntm's"
ROLLUP_PAGES = ("trend", "rollup")  # the pages the read goals apply to
ENGINE_NAMES = {"sqlite": "SQLite", "postgres": "PostgreSQL", "any": "—"}
RSS_GOAL_MB = 500


def _table(head: list[str], rows: list[list]) -> list[str]:
    out = ["| " + " | ".join(head) + " |", "|" + "|".join("---" for _ in head) + "|"]
    for row in rows:
        out.append("| " + " | ".join("" if c is None else str(c) for c in row) + " |")
    return out


def _num(value, digits: int = 2) -> str:
    if value is None:
        return "—"
    if isinstance(value, int):
        return f"{value:,}"
    return f"{value:,.{digits}f}"


def _pair(stats: dict | None) -> str:
    stats = stats or {}
    return f"{_num(stats.get('p50_ms'))} / {_num(stats.get('p95_ms'))}"


def _ok(flag) -> str:
    return "✅ met" if flag else "❌ missed"


def _records(results: dict, name: str):
    for engine in ("sqlite", "postgres"):
        record = results.get(engine, {}).get(name)
        if record:
            yield engine, record


def _source(record: dict) -> str:
    load = f"load {record.get('load_before')} → {record.get('load_after')}"
    return f"`{record.get('command', '')}` ({record.get('finished', '')}, {load})"


def _sharing(m: dict) -> str:
    """A warning when the machine was busier than the benchmark itself: its steps keep at most the
    cores busy (with wrk beside the server), so a load above cores + 1 is someone else's."""
    loads = [m.get("load_at_start") or [0], m.get("load_at_end") or [0]]
    cores = m.get("cores") or 1
    if any(load[0] > cores + 1 for load in loads if load):
        return " — other work shared the machine: the figures are slower than on a quiet one"
    return " (the benchmark's own load)"


def _kernel_goals(s: dict, pairs: list[tuple]) -> list[list[str]]:
    """One core each (kernel in one process, DuckDB on one thread), and each at its fastest."""
    out = []
    if s.get("peer_1thread_best_s"):
        ratio = s["kernel_best_s"] / s["peer_1thread_best_s"]
        out.append(
            [
                "bulk path vs lean DuckDB peer, full status vector (ratio ≤ 1.0), one core each",
                f"{s['set']}: kernel 1 process, DuckDB 1 thread",
                f"{ratio:.2f}",
                _ok(ratio <= 1.0),
            ]
        )
    kernel = [(best, label) for label, best, _m, *_peer in pairs if label and best is not None]
    peer = [(best, label) for *_kernel, label, best, _m in pairs if best is not None]
    if kernel and peer:
        (k_best, k_label), (p_best, p_label) = min(kernel), min(peer)
        out.append(
            [
                "bulk path vs lean DuckDB peer, full status vector (ratio ≤ 1.0), each at its fastest",
                f"{s['set']}: kernel {k_label}, DuckDB {p_label}",
                f"{k_best / p_best:.2f}",
                _ok(k_best <= p_best),
            ]
        )
    return out


def render_scale(scale: str, results: dict) -> str:
    m = results.get("machine", {})
    lines = [f"## Scale `{scale}`", ""]
    dirty = " with uncommitted changes" if m.get("git_dirty") else ""
    lines += [
        f"Measured {m.get('date', '?')} on `{m.get('host', '?')}`: {m.get('cpu', '?')}, "
        f"{m.get('cores', '?')} cores, {m.get('memory', '?')} RAM; {m.get('os', '')}. "
        f"Python {m.get('python')}, Django {m.get('django')}, DuckDB {m.get('duckdb')}, "
        f"SQLite {m.get('sqlite')}, PostgreSQL {m.get('postgresql') or '—'}, {m.get('wrk') or 'no wrk'}; "
        f"code at `{m.get('git')}`{dirty}. Load average (1, 5, 15 min) {m.get('load_at_start')} at the "
        f"start, {m.get('load_at_end')} at the end{_sharing(m)}.",
        "",
    ]
    if m.get("postgresql_settings"):
        lines += [
            "PostgreSQL settings (the server's own, unchanged by the benchmark): "
            + ", ".join(f"`{setting}`" for setting in m["postgresql_settings"])
            + ". Each step after the setup starts on a vacuumed database (`VACUUM (ANALYZE)`, untimed: "
            "what autovacuum does between two runs on a server where it is on).",
            "",
        ]
    goals: list[list] = []
    memory: list[list] = []

    def note_memory(engine, step, record, extra=""):
        if record and record.get("peak_rss_mb") is not None:
            memory.append([ENGINE_NAMES[engine], step, _num(record["peak_rss_mb"], 0), extra])

    # dataset
    rows = []
    for engine, record in _records(results, "setup-data"):
        r = record.get("result") or {}
        units = results.get(engine, {}).get("setup-units", {}).get("result") or {}
        years = ", ".join(f"{y['set']} {y['year']}: {y['units']:,}" for y in r.get("years", []))
        rows.append(
            [
                ENGINE_NAMES[engine],
                years,
                _num(r.get("values")),
                _num(r.get("statuses")),
                _num(r.get("decisions")),
                _num(r.get("bulk_load_s")),
                _num(units.get("units_load_s")),
                _num((record.get("database_bytes") or 0) / 2**20, 0),
            ]
        )
        note_memory(engine, "setup: bulk load", record)
    if rows:
        lines += ["### Dataset", ""]
        lines += _table(
            [
                "DB",
                "communes per set and year",
                "values",
                "recorded statuses",
                "recognition decisions",
                "bulk load s",
                "`ntm units load` s",
                "DB MB",
            ],
            rows,
        )
        classes = next(
            (r.get("result", {}).get("classification") for _e, r in _records(results, "setup-units")), None
        )
        if classes:
            lines += ["", f"Classification: {classes}."]
        lines += ["", "Command: " + "; ".join(_source(r) for _e, r in _records(results, "setup-data")), ""]

    # (a-i) kernel
    record = results.get("any", {}).get("kernel")
    if record and record.get("result"):
        lines += ["### (a-i) Bulk path vs lean DuckDB peer, full status vector (values in memory)", ""]
        rows = []
        for s in record["result"]["sets"]:
            pairs = [
                (
                    "1 process",
                    s["kernel_best_s"],
                    s["kernel_median_s"],
                    "1 thread",
                    s.get("peer_1thread_best_s"),
                    s.get("peer_1thread_median_s"),
                ),
                (
                    f"{s['kernel_processes']} processes" if s.get("kernel_processes") else None,
                    s.get("kernel_parallel_best_s"),
                    s.get("kernel_parallel_median_s"),
                    f"{s['duckdb_threads']} threads",
                    s["peer_best_s"],
                    s["peer_median_s"],
                ),
                (
                    "1 process",
                    s["kernel_best_s"],
                    s["kernel_median_s"],
                    f"{s['duckdb_threads']} threads",
                    s["peer_best_s"],
                    s["peer_median_s"],
                ),
            ]
            for k_label, k_best, k_median, p_label, p_best, p_median in pairs:
                if k_label is None or k_best is None or p_best is None:
                    continue
                ratio_best = k_best / p_best
                ratio_median = k_median / p_median if k_median and p_median else None
                rows.append(
                    [
                        s["set"],
                        f"{min(s['years'])}–{max(s['years'])}",
                        _num(s["unit_years"]),
                        _num(s["values"]),
                        f"kernel, {k_label}",
                        f"{k_best:.3f} / {k_median:.3f}" if k_median else f"{k_best:.3f}",
                        f"DuckDB, {p_label}",
                        f"{p_best:.3f} / {p_median:.3f}" if p_median else f"{p_best:.3f}",
                        f"{ratio_best:.2f} / {ratio_median:.2f}" if ratio_median else f"{ratio_best:.2f}",
                        "yes" if s["identical"] else f"NO ({s['mismatches']})",
                    ]
                )
            goals += _kernel_goals(s, pairs[:2])
        lines += _table(
            [
                "set",
                "years",
                "unit-years",
                "values",
                "kernel",
                "s best / median",
                "peer",
                "s best / median",
                "ratio best / median",
                "identical status vector per unit",
            ],
            rows,
        )
        s0 = record["result"]["sets"][0] if record["result"]["sets"] else {}
        lines += [
            "",
            f"DuckDB table load {s0.get('peer_load_s')} s (not in the peer's time, as building the kernel's "
            f"inputs is not in the kernel's: {s0.get('inputs_s')} s).",
            "",
            f"Standard met in {s0.get('standard_met', 0):,} unit-years; mean criteria met "
            f"{s0.get('mean_criteria_met')}. Peak RSS after inputs / kernel / DuckDB: "
            f"{s0.get('rss_after_inputs_mb')} / {s0.get('rss_after_kernel_mb')} / "
            f"{s0.get('rss_after_peer_mb')} MB.",
            "",
            *(
                f"Bulk path = explaining engine on every field of every unit-year ({s['set']}, "
                f"{_num(s['unit_years'])} unit-years; engine {s['engine_s']} s): "
                + (
                    "yes"
                    if s["engine_identical"]
                    else f"NO ({s['engine_mismatches']}: {s['engine_examples']})"
                )
                for s in record["result"]["sets"]
                if "engine_identical" in s
            ),
            "",
            "Command: " + _source(record),
            "",
        ]
        if s0.get("rss_after_kernel_mb") is not None:
            memory.append(["—", "kernel (inputs built, batch run)", _num(s0["rss_after_kernel_mb"], 0), ""])
        note_memory("any", "kernel + DuckDB peer", record, PEER_NOTE)

    # (a-ii) e2e
    rows = []
    for engine, record in _records(results, "e2e"):
        r = record.get("result") or {}
        passes = r.get("passes") or [{"pass": "first", **r}]
        for p in passes:
            per_year = ", ".join(f"{y['year']}: {y['seconds']:.1f}" for y in p.get("years", []))
            rows.append(
                [
                    ENGINE_NAMES[engine],
                    p["pass"],
                    _num(p.get("units")),
                    _num(p.get("seconds")),
                    _num(p.get("ms_per_unit")),
                    per_year,
                    _num(r.get("rollups")),
                    _num((r.get("assessment_bytes") or 0) / 2**20, 0),
                    _num(record.get("peak_rss_mb"), 0),
                ]
            )
            limit = 5 if engine == "postgres" else 10
            if p.get("seconds") is not None:
                goals.append(
                    [
                        f"end to end ≤ {limit} s",
                        f"{ENGINE_NAMES[engine]}, {p['pass']} pass",
                        f"{p['seconds']:.1f} s",
                        _ok(p["seconds"] <= limit),
                    ]
                )
        note_memory(engine, "e2e re-evaluation (two passes)", record)
    if rows:
        lines += [
            "### (a-ii) End to end from the database (`reassess_many`, assessments and roll-ups stored)",
            "",
            "`first`: no assessments or roll-ups beforehand; `again`: every assessment replaced.",
            "",
        ]
        lines += _table(
            [
                "DB",
                "pass",
                "unit-years",
                "total s",
                "ms / unit",
                "s per year",
                "roll-ups",
                "assessment storage MB",
                "peak RSS MB",
            ],
            rows,
        )
        lines += ["", "Command: " + "; ".join(_source(r) for _e, r in _records(results, "e2e")), ""]

    # (b) write
    rows = []
    for engine, record in _records(results, "write"):
        r = record.get("result") or {}
        cpu = r.get("cpu") or {}
        rows.append(
            [
                ENGINE_NAMES[engine],
                _num(r.get("n")),
                _num(r.get("p50_ms")),
                _num(r.get("p95_ms")),
                _num(r.get("max_ms")),
                f"{_num(cpu.get('p50_ms'))} / {_num(cpu.get('p95_ms'))}",
                _num(r.get("not_visible")),
                _num(record.get("peak_rss_mb"), 0),
            ]
        )
        if r.get("p95_ms") is not None:
            goals.append(
                [
                    "write to visible p95 ≤ 20 ms",
                    ENGINE_NAMES[engine],
                    f"{r['p95_ms']:.1f} ms",
                    _ok(r["p95_ms"] <= 20),
                ]
            )
        note_memory(engine, "write to visible", record)
    if rows:
        lines += ["### (b) Write to visible (`save_values` → assessment → every roll-up above)", ""]
        lines += _table(
            [
                "DB",
                "writes",
                "p50 ms",
                "p95 ms",
                "max ms",
                "client CPU p50 / p95 ms",
                "not visible after commit",
                "peak RSS MB",
            ],
            rows,
        )
        lines += ["", "Command: " + "; ".join(_source(r) for _e, r in _records(results, "write")), ""]

    # (c) reads
    rows, load_rows, units_line = [], [], ""
    for engine, record in _records(results, "reads"):
        r = record.get("result") or {}
        units_line = units_line or ", ".join(f"{k}: {v}" for k, v in (r.get("units") or {}).items())
        for row in r.get("server", []):
            rows.append(
                [
                    ENGINE_NAMES[engine],
                    row["page"],
                    row["level"],
                    _num(row["n"]),
                    _num(row["p50_ms"]),
                    _num(row["p95_ms"]),
                    _pair(row.get("cpu")),
                    _num(row["bytes"]),
                    row["status"],
                ]
            )
            if row["page"] in ROLLUP_PAGES:
                goals.append(
                    [
                        f"roll-up read p95 ≤ 20 ms ({row['page']})",
                        f"{ENGINE_NAMES[engine]} {row['level']}",
                        f"{row['p95_ms']:.1f} ms",
                        _ok(row["p95_ms"] <= 20),
                    ]
                )
        load = r.get("load") or {}
        for row in load.get("rows", []):
            load_rows.append(
                [
                    ENGINE_NAMES[engine],
                    row["page"],
                    row["level"],
                    row.get("client"),
                    _num(row.get("req_per_s"), 1),
                    _num(row.get("requests")),
                    _num(row.get("p50_ms")),
                    _num(row.get("p99_ms")),
                    row.get("errors"),
                ]
            )
            if engine == "postgres" and row.get("req_per_s") is not None and row["page"] in ROLLUP_PAGES:
                goals.append(
                    [
                        f"≥ 300 req/s at 32 clients ({row['page']})",
                        f"PostgreSQL {row['level']}",
                        f"{row['req_per_s']:.0f} req/s",
                        _ok(row["req_per_s"] >= 300),
                    ]
                )
        note_memory(engine, "reads (client process, all pages)", record)
        if r.get("rss_before_national_matrix_mb"):
            memory.append(
                [
                    ENGINE_NAMES[engine],
                    "reads before the national matrix page",
                    _num(r["rss_before_national_matrix_mb"], 0),
                    "trend, roll-up, province and district pages",
                ]
            )
        if load.get("server_rss"):
            memory.append(
                [
                    ENGINE_NAMES[engine],
                    f"gunicorn, {load.get('workers')} workers (after load)",
                    _num(load["server_rss"].get("max_process_mb"), 0),
                    f"total {load['server_rss'].get('total_mb')} MB",
                ]
            )
    if rows:
        lines += [
            "### (c) Roll-up reads",
            "",
            f"Units: {units_line}.",
            "",
            "The goals apply to the pages served from roll-ups (trend, roll-up API). The dashboard (an "
            "office's home page: banding from the roll-ups, but a map of every commune read from its "
            "assessment) and the matrix (every unit below the parent with each criterion's status) are "
            "shown for information (the national matrix, one row per province, reads roll-ups).",
            "",
            "Server time (Django test client, in process):",
            "",
        ]
        lines += _table(
            [
                "DB",
                "page",
                "level",
                "requests",
                "p50 ms",
                "p95 ms",
                "client CPU p50 / p95 ms",
                "bytes",
                "HTTP",
            ],
            rows,
        )
        if load_rows:
            load = next(
                (
                    r["result"]["load"]
                    for _e, r in _records(results, "reads")
                    if (r.get("result") or {}).get("load")
                ),
                {},
            )
            lines += [
                "",
                f"Throughput: gunicorn with {load.get('workers')} sync workers on 127.0.0.1, "
                f"{load.get('connections')} connections for {load.get('seconds')} s per page "
                "(client and server share the machine's cores):",
                "",
            ]
            lines += _table(
                ["DB", "page", "level", "client", "req/s", "requests", "p50 ms", "p99 ms", "non-2xx"],
                load_rows,
            )
        lines += ["", "Command: " + "; ".join(_source(r) for _e, r in _records(results, "reads")), ""]

    # (d) import
    rows, rows_note = [], ""
    for engine, runs in _records(results, "import"):
        files = (runs.get("files") or {}).get("result") or {}
        for fmt in ("xlsx", "csv", "bad"):
            record = runs.get(fmt) or {}
            r = record.get("result") or {}
            if not r:
                if record:
                    rows.append(
                        [
                            ENGINE_NAMES[engine],
                            fmt,
                            "—",
                            "—",
                            "failed: " + str(record.get("error")),
                            "",
                            "",
                            "",
                            "",
                        ]
                    )
                continue
            phases = ", ".join(f"{k} {v:.1f}" for k, v in (r.get("phases_s") or {}).items())
            rows.append(
                [
                    ENGINE_NAMES[engine],
                    "CSV, last value spoiled" if fmt == "bad" else fmt.upper(),
                    _num(r.get("rows")),
                    _num(r.get("file_bytes", 0) / 2**20, 1),
                    _num(r.get("seconds")),
                    phases,
                    r.get("exit_code"),
                    "yes" if r.get("all_or_nothing") else "NO",
                    _num(r.get("child_peak_rss_mb"), 0),
                ]
            )
            if fmt != "bad" and r.get("seconds") is not None:
                goals.append(
                    [
                        f"import of {r.get('rows', 0):,} values ≤ 20 s",
                        f"{ENGINE_NAMES[engine]} {fmt.upper()}",
                        f"{r['seconds']:.1f} s",
                        _ok(r["seconds"] <= 20 and r.get("exit_code") == 0),
                    ]
                )
            if r.get("child_peak_rss_mb") is not None:
                memory.append(
                    [ENGINE_NAMES[engine], f"`ntm import` {fmt}", _num(r["child_peak_rss_mb"], 0), ""]
                )
        if files:
            rows_note = (
                f"Files written by the generator (not timed as import): CSV in {files.get('write_csv_s')} s, "
                f"XLSX in {files.get('write_xlsx_s')} s."
            )
    if rows:
        lines += ["### (d) Import through `ntm import` (checked, all or nothing, re-evaluated)", ""]
        lines += _table(
            ["DB", "file", "values", "MB", "total s", "phases s", "exit", "all or nothing", "peak RSS MB"],
            rows,
        )
        lines += [
            "",
            rows_note,
            "",
            "Command: " + "; ".join(_source(r.get("csv") or {}) for _e, r in _records(results, "import")),
            "",
        ]

    # (e) reports
    rows, official = [], []
    for engine, record in _records(results, "reports"):
        r = record.get("result") or {}
        for o in r.get("official") or []:
            when = f"as of {o['as_of']}" if o.get("as_of") else "stored assessments"
            official.append(
                [
                    ENGINE_NAMES[engine],
                    when,
                    _num(o.get("build_seconds")),
                    _num(o.get("queries")),
                    _num(o.get("render_seconds")),
                    _num(o.get("seconds")),
                ]
            )
            goals.append(
                [
                    f"official province report XLSX ({when}) ≤ 1 s",
                    ENGINE_NAMES[engine],
                    f"{o['seconds']:.2f} s, {o['queries']} queries",
                    _ok(o["seconds"] <= 1),
                ]
            )
        tables = ", ".join(f"{t['what']} {t['seconds']:.2f}" for t in r.get("province_tables", []))
        national = r.get("national") or {}
        rows.append(
            [
                ENGINE_NAMES[engine],
                r.get("province"),
                tables,
                _num(r.get("province_seconds")),
                _num(national.get("rows")),
                _num(national.get("seconds")),
                _num((national.get("bytes") or 0) / 2**20, 1),
                _num(record.get("peak_rss_mb"), 0),
            ]
        )
        if r.get("province_seconds") is not None:
            goals.append(
                [
                    "province XLSX ≤ 1 s",
                    ENGINE_NAMES[engine],
                    f"{r['province_seconds']:.2f} s (3 tables)",
                    _ok(r["province_seconds"] <= 1),
                ]
            )
        if national.get("seconds") is not None:
            goals.append(
                [
                    "national XLSX ≤ 30 s",
                    ENGINE_NAMES[engine],
                    f"{national['seconds']:.1f} s",
                    _ok(national["seconds"] <= 30),
                ]
            )
        note_memory(engine, "reports", record)
    if rows:
        lines += ["### (e) Reports (XLSX)", ""]
        lines += _table(
            [
                "DB",
                "province",
                "province tables s",
                "province total s",
                "national rows",
                "national s",
                "national MB",
                "peak RSS MB",
            ],
            rows,
        )
        if official:
            lines += [
                "",
                "Official province report (`ntm report tables`, the same province and year): "
                "build with its query count, then the XLSX render.",
                "",
            ]
            lines += _table(["DB", "data", "build s", "queries", "render s", "total s"], official)
        lines += ["", "Command: " + "; ".join(_source(r) for _e, r in _records(results, "reports")), ""]

    # (f) memory
    if memory:
        lines += ["### (f) Peak memory (RSS of each step's own process)", ""]
        lines += _table(["DB", "step", "peak RSS MB", "note"], memory)
        lines += [""]
        over = [
            f"{row[0]} {row[1]} ({row[2]} MB)"
            for row in memory
            if float(row[2].replace(",", "") or 0) > RSS_GOAL_MB and row[3] != PEER_NOTE
        ]
        goals.append(
            [
                "peak RSS ≤ 500 MB",
                "every step",
                "over: " + "; ".join(over) if over else "all under",
                _ok(not over),
            ]
        )

    if goals:
        lines += ["### Goals", ""]
        lines += _table(["goal", "where", "measured", ""], goals)
        lines += [""]
    return "\n".join(lines)


def _markers(scale: str) -> tuple[str, str]:
    return f"<!-- bench:{scale}:begin -->", f"<!-- bench:{scale}:end -->"


def update_report(path: Path, scale: str, text: str) -> None:
    """Replace the generated block of `scale` in the report, keeping everything else."""
    begin, end = _markers(scale)
    block = f"{begin}\n{text}\n{end}"
    current = path.read_text() if path.exists() else "# Benchmarks\n"
    if begin in current and end in current:
        head, rest = current.split(begin, 1)
        _old, tail = rest.split(end, 1)
        current = head + block + tail
    else:
        current = current.rstrip("\n") + "\n\n" + block + "\n"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(current)
