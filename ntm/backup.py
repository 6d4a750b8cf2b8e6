"""`ntm backup` / `ntm restore`: every table and every stored file in one portable zip.

Format (chosen over `dumpdata`/`loaddata`, measured in docs/deploy.md "Backups"): `manifest.json`
(format, date, applied migrations, row count of every table, the files), `tables/<table>.jsonl` (one
JSON array of column values per row, in primary-key order) and `files/<storage>/<name>`. Rows are
read through the ORM and written back with plain INSERTs of the same primary keys, so the copy is
exact (ids, auto_now dates, audit records), no signal fires, it moves from SQLite to PostgreSQL and
back, and the zip is a thirtieth of dumpdata's JSON.

A restore runs `migrate` first, so it works on a new, empty database; it refuses a database that
holds data unless told to replace it, and a backup made by another schema version (apply it with
the version that made it, then upgrade). The tables are replaced in one transaction: nothing
changes when a row fails.
"""

import base64
import datetime
import decimal
import io
import json
import uuid
import zipfile
from collections.abc import Callable
from pathlib import Path

from django.apps import apps
from django.core.files import File
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection, models, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone
from django.utils.duration import duration_iso_string

from ntm import storage
from ntm.core.values import format_number as number  # 1.700: Vietnamese groups thousands with dots

FORMAT = "ntm-backup-1"
# Rows `migrate` itself writes (Django's tables, and the shipped defaults seeded after every migrate:
# criteria documents, the reporting calendar, recognition procedures): replaced by the backup's,
# never counted as "data already there". The seeds' audit records end in ".seed".
MIGRATE_WRITES = {
    "django_content_type",
    "auth_permission",
    "criteria_document",
    "criteria_version",
    "criteria_cell",
    "rounds_reportkind",
    "recognition_procedure",
    "recognition_procedurestep",
}
AUDIT_TABLE = "audit_auditrecord"
CHUNK = 2000


class RestoreRefused(Exception):
    """The restore would lose or mix data; the message says why and what to do."""


def _models() -> list[type[models.Model]]:
    """Every table's model, many-to-many tables included, each table once."""
    found: dict[str, type[models.Model]] = {}
    for model in apps.get_models(include_auto_created=True):
        meta = model._meta
        if meta.managed and not meta.proxy and not meta.swapped:
            found.setdefault(meta.db_table, model)
    return [found[table] for table in sorted(found)]


def _fields(model) -> list[models.Field]:
    return list(model._meta.local_concrete_fields)


def _encode(field: models.Field, value):
    if value is None or isinstance(field, models.JSONField):
        return value
    if isinstance(value, bytes | memoryview):
        return base64.b64encode(bytes(value)).decode()
    if isinstance(value, datetime.timedelta):
        return duration_iso_string(value)
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()  # microseconds and offset kept
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    return value


def _migrations() -> list[list[str]]:
    return sorted([app, name] for app, name in MigrationRecorder(connection).applied_migrations())


def _snapshot() -> None:
    """Every table read as of one moment while the site keeps working: PostgreSQL reads one
    snapshot (REPEATABLE READ); SQLite's transaction (BEGIN IMMEDIATE in settings) holds writers
    back until the tables are read, readers go on."""
    if connection.vendor == "postgresql" and len(connection.atomic_blocks) == 1:  # not inside a caller's
        with connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")


def backup(target: Path, progress: Callable[[str], None] = lambda message: None) -> dict:
    """Write every table and stored file to the zip `target`; return the manifest."""
    manifest: dict = {
        "format": FORMAT,
        "created": timezone.now().isoformat(),
        "database": connection.vendor,
        "migrations": _migrations(),
        "tables": {},
        "files": {},
    }
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        with transaction.atomic():
            _snapshot()
            for model in _models():
                fields = _fields(model)
                table = model._meta.db_table
                count = 0
                with archive.open(f"tables/{table}.jsonl", "w") as out:
                    rows = model._base_manager.order_by("pk").values_list(*(f.attname for f in fields))
                    for row in rows.iterator(chunk_size=CHUNK):
                        line = [_encode(f, v) for f, v in zip(fields, row, strict=True)]
                        out.write(json.dumps(line, ensure_ascii=False).encode() + b"\n")
                        count += 1
                manifest["tables"][table] = {"columns": [f.column for f in fields], "rows": count}
                progress(f"{table}: {number(count)}")
        for alias in storage.areas():
            names = sorted(storage.stored_names(alias))
            for name in names:
                with storage.named(alias).open(name, "rb") as stored:
                    archive.writestr(f"files/{alias}/{name}", stored.read())
            manifest["files"][alias] = names
            progress(f"{alias}: {len(names)} tệp")
        archive.writestr("manifest.json", json.dumps(manifest, ensure_ascii=False, indent=1))
    return manifest


def _data_tables() -> list[str]:
    """Tables of this database that already hold rows (besides those `migrate` fills)."""
    found = []
    for m in _models():
        table = m._meta.db_table
        if table in MIGRATE_WRITES:
            continue
        rows = m._base_manager.all()
        if table == AUDIT_TABLE:
            rows = rows.exclude(action__endswith=".seed")
        if rows.exists():
            found.append(table)
    return found


def _stored_files() -> list[str]:
    return [f"{alias}/{name}" for alias in storage.areas() for name in storage.stored_names(alias)]


def restore(
    source: Path, *, replace: bool = False, progress: Callable[[str], None] = lambda message: None
) -> dict:
    """Load the zip `source` into this database and its storages; return its manifest."""
    with zipfile.ZipFile(source) as archive:
        try:
            manifest = json.loads(archive.read("manifest.json"))
        except KeyError:
            raise RestoreRefused(f"{source} không phải tệp sao lưu của ntm (thiếu manifest.json).") from None
        if manifest.get("format") != FORMAT:
            raise RestoreRefused(f"{source}: định dạng sao lưu {manifest.get('format')!r} không đọc được.")
        call_command("migrate", interactive=False, verbosity=0)
        if manifest["migrations"] != _migrations():
            raise RestoreRefused(
                "Bản sao lưu được tạo bởi một phiên bản ntm khác (cấu trúc cơ sở dữ liệu khác). Hãy khôi "
                "phục bằng đúng phiên bản đã tạo bản sao lưu, rồi mới nâng cấp."
            )
        if not replace and (_data_tables() or _stored_files()):
            raise RestoreRefused(
                "Cơ sở dữ liệu hoặc kho tệp đã có dữ liệu; khôi phục sẽ thay thế toàn bộ. Nếu chắc chắn, "
                "chạy lại với --replace (nên sao lưu dữ liệu hiện có trước)."
            )
        by_table = {m._meta.db_table: m for m in _models()}
        missing = set(manifest["tables"]) ^ set(by_table)
        if missing:
            raise RestoreRefused(f"Các bảng không khớp với bản sao lưu: {', '.join(sorted(missing))}.")
        written = _restore_files(archive, manifest)
        try:
            with transaction.atomic():
                for table, model in by_table.items():
                    _restore_table(archive, model, manifest["tables"][table])
                    progress(f"{table}: {number(manifest['tables'][table]['rows'])}")
                _reset_sequences(list(by_table.values()))
        except BaseException:
            for alias, name in written:
                storage.remove(storage.named(alias), name)
            raise
    return manifest


def _restore_table(archive: zipfile.ZipFile, model, spec: dict) -> None:
    fields = _fields(model)
    columns = [str(f.column) for f in fields]
    if columns != spec["columns"]:
        raise RestoreRefused(f"Bảng {model._meta.db_table}: các cột khác với bản sao lưu.")
    quote = connection.ops.quote_name
    table = model._meta.db_table
    insert = "INSERT INTO {} ({}) VALUES ({})".format(
        quote(table), ", ".join(map(quote, columns)), ", ".join(["%s"] * len(columns))
    )
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {quote(table)}")  # foreign keys are checked at commit
        batch: list[list] = []
        with archive.open(f"tables/{table}.jsonl") as lines:
            for line in io.TextIOWrapper(lines, encoding="utf-8"):
                values = json.loads(line)
                batch.append([_decode(f, v) for f, v in zip(fields, values, strict=True)])
                if len(batch) == CHUNK:
                    cursor.executemany(insert, batch)
                    batch = []
        if batch:
            cursor.executemany(insert, batch)


def _decode(field: models.Field, value):
    if value is not None and not isinstance(field, models.JSONField):
        value = field.to_python(value)
    return field.get_db_prep_save(value, connection)


def _reset_sequences(all_models: list) -> None:
    """PostgreSQL: the id sequences continue after the restored ids."""
    statements = connection.ops.sequence_reset_sql(no_style(), all_models)
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)


def _restore_files(archive: zipfile.ZipFile, manifest: dict) -> list[tuple[str, str]]:
    """Store the backup's files under their names (a file of the same name is replaced)."""
    written = []
    for alias, names in manifest["files"].items():
        target = storage.named(alias)
        for name in names:
            storage.remove(target, name)
            with archive.open(f"files/{alias}/{name}") as content:
                stored = storage.save(target, name, File(content, name=name))
            if stored != name:
                raise RestoreRefused(f"Không ghi được tệp {alias}/{name} đúng tên của nó.")
            written.append((alias, name))
    return written
