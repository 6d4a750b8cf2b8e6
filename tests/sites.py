"""A real site for tests that need real processes: a database of its own prepared by `ntm setup`
(as the README's first command does), on which `ntm serve` processes run, each with its worker.

PostgreSQL when the suite runs on it (a fresh database per site), SQLite otherwise."""

import os
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import psutil


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Site:
    def __init__(self, var_dir: Path, name: str):
        self.var_dir = var_dir
        self.env = {**os.environ, "NTM_VAR_DIR": str(var_dir), "NTM_LOGIN_FAILURE_LIMIT": "50"}
        url = os.environ.get("DATABASE_URL", "")
        self.admin_url = self.db_name = None
        if url.startswith(("postgres://", "postgresql://")):
            import psycopg

            base, _, _ = url.rpartition("/")
            # the maintenance database: the one named in DATABASE_URL may not exist (pytest adds test_)
            self.admin_url, self.db_name = f"{base}/postgres", f"{name}_{os.getpid()}"
            with psycopg.connect(self.admin_url, autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{self.db_name}" WITH (FORCE)')
                conn.execute(f'CREATE DATABASE "{self.db_name}"')
            self.env["DATABASE_URL"] = f"{base}/{self.db_name}"
        else:
            self.env.pop("DATABASE_URL", None)
        self.servers: list[subprocess.Popen] = []

    @property
    def postgresql(self) -> bool:
        return self.db_name is not None

    def setup(self) -> None:
        command = [sys.executable, "-m", "ntm.cli", "setup"]
        subprocess.run(command, env=self.env, check=True, capture_output=True)

    def serve(self, workers: int = 2, worker: bool = True) -> tuple[subprocess.Popen, str]:
        """`ntm serve` on a free port (`worker=False`: web only), once it answers: (process, url)."""
        port = free_port()
        command = ["serve", "--port", str(port), "--workers", str(workers)]
        if not worker:
            command.append("--no-worker")
        server = subprocess.Popen(
            [sys.executable, "-m", "ntm.cli", *command],
            env=self.env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        self.servers.append(server)
        url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(f"{url}/login/", timeout=10)
                return server, url
            except OSError:  # refused while gunicorn starts, or a first response slower than the timeout
                if time.monotonic() > deadline or server.poll() is not None:
                    raise RuntimeError("the site did not start") from None
                time.sleep(0.3)

    def worker(self) -> subprocess.Popen:
        """A standalone `ntm worker`."""
        worker = subprocess.Popen(
            [sys.executable, "-m", "ntm.cli", "worker"],
            env=self.env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        self.servers.append(worker)
        return worker

    @staticmethod
    def kill(server: subprocess.Popen) -> None:
        """SIGKILL `ntm serve` itself (as a crash would), then wait until its children are gone too."""
        children = psutil.Process(server.pid).children(recursive=True)
        server.kill()
        server.wait(timeout=30)
        psutil.wait_procs(children, timeout=60)

    def query(self, sql: str, params: tuple = ()) -> list[tuple]:
        """Rows of the site's database, read beside the site (`%s` placeholders)."""
        if self.postgresql:
            import psycopg

            with psycopg.connect(self.env["DATABASE_URL"], autocommit=True) as conn:
                return conn.execute(sql, params).fetchall()
        with sqlite3.connect(self.var_dir / "ntm.sqlite3", timeout=30) as conn:
            return conn.execute(sql.replace("%s", "?"), params).fetchall()

    def wait_for(self, sql: str, params: tuple, expected, timeout: float = 120) -> None:
        """Poll until the query's first row's first column is `expected` (or in it, for a set)."""
        deadline = time.monotonic() + timeout
        while True:
            rows = self.query(sql, params)
            value = rows[0][0] if rows else None
            if value == expected or (isinstance(expected, set) and value in expected):
                return
            if time.monotonic() > deadline:
                raise AssertionError(f"still {value!r}, waited for {expected!r}: {sql}")
            time.sleep(0.3)

    def stop(self) -> None:
        """Stop every process started here (SIGTERM: a worker finishes its task first)."""
        for server in self.servers:
            if server.poll() is None:
                server.terminate()
                try:
                    server.wait(timeout=60)
                except subprocess.TimeoutExpired:
                    self.kill(server)
        self.servers.clear()

    def close(self) -> None:
        self.stop()
        if self.db_name:
            import psycopg

            with psycopg.connect(self.admin_url, autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{self.db_name}" WITH (FORCE)')
