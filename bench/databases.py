"""Creating, copying and dropping the benchmark databases (no Django here: the runner's side).

Each scale has, per engine, a `units` database (migrated, units loaded and classified: the
template), a `main` one (a copy with the dataset loaded) and an `import` one (a fresh copy of the
template for every import run). PostgreSQL copies with `CREATE DATABASE … TEMPLATE`, SQLite copies
the file. Only databases named `ntm_bench…` on 127.0.0.1 are ever created or dropped.
"""

from __future__ import annotations

import shutil

from .common import PG_HOST, PG_PORT, PG_USER, Target


def _admin():
    import psycopg

    return psycopg.connect(host=PG_HOST, port=PG_PORT, user=PG_USER, dbname="postgres", autocommit=True)


def postgres_available() -> str | None:
    """None when the server answers, else the reason."""
    try:
        with _admin() as conn:
            conn.execute("SELECT 1")
        return None
    except Exception as exc:  # any connection problem means: skip PostgreSQL
        return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__


def _check(target: Target) -> None:
    if target.engine == "postgres" and not target.name.startswith("ntm_bench"):
        raise ValueError(f"refusing to touch database {target.name!r}")


def exists(target: Target) -> bool:
    if target.engine == "sqlite":
        from pathlib import Path

        return Path(target.name).exists()
    with _admin() as conn:
        return (
            conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [target.name]).fetchone() is not None
        )


def drop(target: Target) -> None:
    _check(target)
    if target.engine == "sqlite":
        from pathlib import Path

        for suffix in ("", "-journal", "-wal", "-shm"):
            Path(target.name + suffix).unlink(missing_ok=True)
        return
    with _admin() as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{target.name}" WITH (FORCE)')


def create(target: Target) -> None:
    _check(target)
    drop(target)
    if target.engine == "sqlite":
        from pathlib import Path

        Path(target.name).parent.mkdir(parents=True, exist_ok=True)
        return
    with _admin() as conn:
        conn.execute(f'CREATE DATABASE "{target.name}"')


def copy(source: Target, target: Target) -> None:
    """A fresh copy of `source` named `target` (dropped first)."""
    _check(target)
    drop(target)
    if target.engine == "sqlite":
        shutil.copyfile(source.name, target.name)
        return
    with _admin() as conn:
        conn.execute(f'CREATE DATABASE "{target.name}" TEMPLATE "{source.name}"')


def size(target: Target) -> int | None:
    """Bytes on disk."""
    if target.engine == "sqlite":
        from pathlib import Path

        path = Path(target.name)
        return path.stat().st_size if path.exists() else None
    with _admin() as conn:
        row = conn.execute("SELECT pg_database_size(%s)", [target.name]).fetchone()
        return row[0] if row else None
