"""Benchmarks of ntm at national scale (issue #6).

A seeded dataset built on the real administrative units (every commune of both eras), loaded into
benchmark databases of their own (a SQLite file under `bench/out/` and the PostgreSQL database
`ntm_bench`), then one process per benchmark so that each reports its own peak memory:

- `kernel`  the pure-Python batch engine against the same rule checks as one DuckDB query;
- `e2e`     national re-evaluation from the database, assessments and roll-ups stored;
- `write`   one value saved through the service layer until every roll-up above it is updated;
- `reads`   roll-up pages (national, province, district): server time and throughput under load;
- `import`  1,000,000 values from XLSX and from CSV through `ntm import`;
- `reports` one province's XLSX tables and the national XLSX.

Run with `python -m bench [--scale small|national] [--only NAME…] [--database sqlite|postgres|both]`;
results go to `bench/out/` and `bench/BENCHMARKS.md`. See `docs/benchmarks.md`.
"""
