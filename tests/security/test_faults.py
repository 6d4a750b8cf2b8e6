"""F11 and issue 13 item 8, on PostgreSQL: the database connection is lost under a running site,
an import and a re-evaluation. Each case runs real `ntm` processes on a database of its own (units
only), and PostgreSQL's `pg_terminate_backend` does the killing.

To kill a write in the middle, the test holds a lock on the roll-up table, which an import and a
re-evaluation write last: the process writes its values, audit records and assessments, then waits
for the lock; the test sees it waiting (pg_stat_activity) and terminates it there."""

import csv
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from ntm.indicators.engine import catalog

URL = os.environ.get("DATABASE_URL", "")
pytestmark = pytest.mark.skipif(
    not URL.startswith(("postgres://", "postgresql://")), reason="connection faults are tested on PostgreSQL"
)

SET, YEAR, COMMUNE = "xa-ntm-2021", 2024, "03424"  # Bản Bo, before the 2025 reform
WAIT = 120  # seconds before a process that never reaches the expected state fails the test


def _ntm(env, *args, app="ntm-test", **kwargs):
    return subprocess.run(
        [sys.executable, "-m", "ntm.cli", *args],
        env={**env, "PGAPPNAME": app},
        capture_output=True,
        text=True,
        **kwargs,
    )


def _shell(env, code: str) -> str:
    result = _ntm(env, "manage", "shell", "--no-imports", "-c", code)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """A fresh PostgreSQL database with the national units, and the environment to reach it."""
    import psycopg

    base, _, name = URL.rpartition("/")
    db, maintenance = f"{name}_faults_{os.getpid()}", f"{base}/postgres"
    with psycopg.connect(maintenance, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{db}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{db}"')
    var = tmp_path_factory.mktemp("faults")
    env = {**os.environ, "DATABASE_URL": f"{base}/{db}", "NTM_VAR_DIR": str(var)}
    try:
        result = _ntm(env, "setup", "--no-demo")
        assert result.returncode == 0, result.stderr
        yield env
    finally:
        with psycopg.connect(maintenance, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{db}" WITH (FORCE)')


def _sql(env, query: str, *params):
    import psycopg

    with psycopg.connect(env["DATABASE_URL"], autocommit=True) as conn:
        return conn.execute(query, params).fetchall()


def _terminate(env, app: str, *, waiting_for=None) -> int:
    """Terminate the backends of `app`; `waiting_for` a process: wait until its backend has written
    in its transaction and waits for a lock, and terminate it there."""
    condition = "wait_event_type = 'Lock' AND backend_xid IS NOT NULL" if waiting_for else "true"
    deadline = time.monotonic() + WAIT
    while True:
        rows = _sql(
            env,
            f"SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            f"WHERE application_name = %s AND datname = current_database() AND {condition}",
            app,
        )
        if rows or not waiting_for:
            return len(rows)
        assert waiting_for.poll() is None, waiting_for.communicate()
        assert time.monotonic() < deadline, f"{app} never reached the write under test"
        time.sleep(0.2)


class RollupLock:
    """Holds an exclusive lock on the roll-up table until released."""

    def __init__(self, env):
        import psycopg

        self.conn = psycopg.connect(env["DATABASE_URL"])
        self.conn.execute("LOCK TABLE indicators_rollup IN ACCESS EXCLUSIVE MODE")

    def release(self):
        self.conn.rollback()
        self.conn.close()


def _values_file(folder: Path) -> tuple[Path, int]:
    indicators = [i for i in catalog().get(SET).indicators() if i.numeric][:12]
    path = folder / "ban-bo-2024.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["Mã đơn vị", "Bộ tiêu chí", "Chỉ tiêu", "Năm", "Giá trị"])
        for indicator in indicators:
            writer.writerow([COMMUNE, SET, indicator.code, YEAR, 50 if indicator.kind == "percent" else 10])
    return path, len(indicators)


def _counts(env) -> dict[str, int]:
    unit = "(SELECT id FROM units_adminunit WHERE code = %s AND valid_from IS NULL)"
    return {
        "values": _sql(
            env, f"SELECT count(*) FROM indicators_indicatorvalue WHERE unit_id = {unit}", COMMUNE
        )[0][0],
        "assessments": _sql(
            env, f"SELECT count(*) FROM indicators_assessment WHERE unit_id = {unit}", COMMUNE
        )[0][0],
        "rollups": _sql(env, "SELECT count(*) FROM indicators_rollup")[0][0],
        "imports": _sql(env, "SELECT count(*) FROM audit_auditrecord WHERE action = 'data.import'")[0][0],
        "corrections": _sql(env, "SELECT count(*) FROM indicators_thresholdcorrection")[0][0],
    }


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_next_request_succeeds_after_the_connection_is_killed(site):
    raw = _shell(
        site,
        "from ntm.accounts.models import User; from ntm.api.models import ApiToken; "
        "u = User.objects.create(username='kiemthu.api'); t = ApiToken(user=u, name='kiểm thử'); "
        "raw = t.set_new_key(); t.save(); print(raw)",
    ).splitlines()[-1]
    port = _free_port()
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "ntm.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "1",
        ],
        env={**site, "PGAPPNAME": "ntm-fault-web"},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )

    def me() -> int:
        request = urllib.request.Request(
            f"http://127.0.0.1:{port}/api/me", headers={"Authorization": f"Bearer {raw}"}
        )
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return response.status
        except urllib.error.HTTPError as error:
            return error.code

    try:
        deadline = time.monotonic() + WAIT
        while True:
            try:
                first = me()
                break
            except OSError:
                assert time.monotonic() < deadline and server.poll() is None, "the site did not start"
                time.sleep(0.3)
        assert first == 200
        for _ in range(3):
            assert _terminate(site, "ntm-fault-web") == 1  # the worker's kept connection
            assert me() == 200
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_import_killed_mid_write_leaves_nothing_and_a_retry_writes_everything(site, tmp_path):
    path, count = _values_file(tmp_path)
    before = _counts(site)
    lock = RollupLock(site)
    job = subprocess.Popen(
        [sys.executable, "-m", "ntm.cli", "import", str(path), "--reason", "số liệu 2024"],
        env={**site, "PGAPPNAME": "ntm-fault-import"},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert _terminate(site, "ntm-fault-import", waiting_for=job) == 1
    finally:
        lock.release()
    _out, err = job.communicate(timeout=WAIT)
    assert job.returncode != 0
    assert "terminating connection" in err
    assert _counts(site) == before  # no value, assessment, roll-up or audit record of the import

    retry = _ntm(site, "import", str(path), "--reason", "số liệu 2024")
    assert retry.returncode == 0, retry.stderr
    after = _counts(site)
    assert after["values"] == before["values"] + count
    assert after["imports"] == before["imports"] + 1
    assert after["assessments"] == before["assessments"] + 1
    assert after["rollups"] > before["rollups"]


def test_reevaluation_killed_mid_write_leaves_nothing_and_a_retry_applies(site, tmp_path):
    path, _count = _values_file(tmp_path)
    assert _ntm(site, "import", str(path), "--reason", "số liệu 2024").returncode == 0
    indicator = next(i for i in catalog().get(SET).indicators() if i.kind == "percent")
    _shell(
        site,
        "from ntm.accounts.models import User; "
        "User.objects.get_or_create(username='kiemthu.quantri', defaults={'is_superuser': True})",
    )
    correct = (
        "from ntm.accounts.models import User; from ntm.indicators.corrections import correct_threshold; "
        f"correct_threshold(actor=User.objects.get(username='kiemthu.quantri'), set_code='{SET}', "
        f"indicator_code='{indicator.code}', value=40, verified=True, source='Quyết định kiểm thử', "
        "reason='kiểm thử sự cố')"
    )
    computed = "SELECT computed_at FROM indicators_assessment ORDER BY id"
    before, stamps = _counts(site), _sql(site, computed)
    lock = RollupLock(site)
    job = subprocess.Popen(
        [sys.executable, "-m", "ntm.cli", "manage", "shell", "--no-imports", "-c", correct],
        env={**site, "PGAPPNAME": "ntm-fault-reevaluate"},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert _terminate(site, "ntm-fault-reevaluate", waiting_for=job) == 1
    finally:
        lock.release()
    job.communicate(timeout=WAIT)
    assert job.returncode != 0
    assert _counts(site) == before and _sql(site, computed) == stamps  # nothing half re-evaluated

    _shell(site, correct)
    assert _counts(site)["corrections"] == before["corrections"] + 1
    assert all(new > old for (new,), (old,) in zip(_sql(site, computed), stamps, strict=True))
