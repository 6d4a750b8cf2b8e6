"""`ntm backup` then `ntm restore` into an empty database reproduces every table, row for row, and
every stored file; a database that already holds data is refused. Runs on the suite's database:
SQLite, or PostgreSQL when DATABASE_URL points at it."""

import datetime
import decimal
import json
import subprocess
import sys
import zipfile

import pytest
from django.core.files.base import ContentFile
from django.db import connection

from ntm import backup, storage
from ntm.settings import file_storages
from tests.sites import Site

pytestmark = pytest.mark.django_db


def _tables() -> list[str]:
    return sorted(t for t in connection.introspection.table_names() if t != "django_migrations")


def _normal(value):
    """One form for a value read by Django's cursor (SQLite: converted to bool, datetime, Decimal;
    PostgreSQL: json as text) and by a plain driver connection (SQLite: 1, text, float; PostgreSQL:
    json decoded). Both sides go through it, so reading a text as JSON is harmless."""
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            return value
    if isinstance(value, bool | int | float | decimal.Decimal):
        return float(value)
    if isinstance(value, datetime.date | datetime.time):
        return str(value)
    if isinstance(value, memoryview):
        return bytes(value)
    if isinstance(value, dict | list):
        return json.dumps(value, sort_keys=True)
    return value


def _sorted(rows) -> list[tuple]:
    return sorted((tuple(_normal(v) for v in row) for row in rows), key=repr)


def _rows(table: str) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
        return _sorted(cursor.fetchall())


@pytest.fixture
def evidence_file(settings, tmp_path):
    settings.STORAGES = {**settings.STORAGES, **file_storages("local", tmp_path / "var", {})}
    name = storage.save(storage.named("default"), "2024/minh-chung-ban-bo.pdf", ContentFile(b"%PDF-1.4 mau"))
    return name


def test_restore_into_an_empty_database_reproduces_every_table_and_file(tmp_path, evidence_file):
    archive = tmp_path / "ntm.zip"
    manifest = backup.backup(archive)
    assert set(manifest["tables"]) == set(_tables())  # every table but migrate's own bookkeeping
    assert manifest["files"]["default"] == [evidence_file]

    target = Site(tmp_path / "restored", "ntm_restore")
    try:
        restore = [sys.executable, "-m", "ntm.cli", "restore", str(archive)]
        done = subprocess.run(restore, env=target.env, capture_output=True, text=True)
        assert done.returncode == 0, done.stderr
        assert "Đã khôi phục" in done.stdout
        quote = connection.ops.quote_name
        for table in _tables():
            restored = target.query(f"SELECT * FROM {quote(table)}")
            assert _sorted(restored) == _rows(table), table
            assert len(restored) == manifest["tables"][table]["rows"]
        assert (tmp_path / "restored" / "evidence" / evidence_file).read_bytes() == b"%PDF-1.4 mau"

        # Again, onto the data now there: refused, nothing changed.
        again = subprocess.run(restore, env=target.env, capture_output=True, text=True)
        assert again.returncode == 2
        assert "--replace" in again.stderr
        assert target.query("SELECT COUNT(*) FROM units_adminunit") == [
            (manifest["tables"]["units_adminunit"]["rows"],)
        ]
    finally:
        target.close()


def test_a_file_that_is_not_a_backup_is_refused(tmp_path):
    bogus = tmp_path / "not-a-backup.zip"
    with zipfile.ZipFile(bogus, "w") as archive:
        archive.writestr("hello.txt", "xin chào")
    with pytest.raises(backup.RestoreRefused, match="không phải tệp sao lưu"):
        backup.restore(bogus)
