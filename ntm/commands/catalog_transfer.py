"""`ntm catalog export | import | sample`: criteria sets through the decision-layout workbook.

Export writes a version from the database (the latest published by default) as the workbook of
`ntm.core.workbook` or as YAML; import reads one back, stops with every cell error, prints what it
changes against the latest published version, and stores it as a draft through
`ntm.criteria.services.create_draft` (scope, validation and audit are the service's). Sample needs no
database. Django is loaded only inside the commands that use it.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

import yaml

SYSTEM_ACTOR = "ntm catalog import"


def export_set(args: argparse.Namespace) -> int:
    from . import setup_django

    setup_django()
    from ntm.core.catalog import document_from_json
    from ntm.criteria.models import Document
    from ntm.criteria.services import latest_published

    doc = Document.objects.filter(code=args.code).first()
    versions = doc.versions.filter(number=args.version) if doc and args.version else None
    version = (versions.first() if versions is not None else latest_published(doc)) if doc else None
    if version is None:
        known = ", ".join(Document.objects.order_by("code").values_list("code", flat=True))
        what = f"phiên bản {args.version} của “{args.code}”" if doc else f"bộ tiêu chí “{args.code}”"
        print(f"Không có {what} (có: {known}).", file=sys.stderr)
        return 2
    default = Path(f"{args.code}.xlsx") if args.fmt == "xlsx" else None
    return _write(document_from_json(version.content), args.fmt, args.output or default)


def export_sample(args: argparse.Namespace) -> int:
    from ntm.demo.sample_catalog import sample_2026_document

    return _write(sample_2026_document(), args.fmt, args.output or Path(f"mau-xa-ntm-2026.{args.fmt}"))


def _write(document: dict[str, Any], fmt: str, output: Path | None) -> int:
    from ntm.core.workbook import write_workbook

    if fmt == "xlsx":
        data = write_workbook(document)
    else:
        data = yaml.safe_dump(document, allow_unicode=True, sort_keys=False, width=110).encode("utf-8")
    if output is None:
        sys.stdout.write(data.decode("utf-8"))
        return 0
    try:
        output.write_bytes(data)
    except OSError as exc:
        print(f"Không ghi được {output}: {exc.strerror}", file=sys.stderr)
        return 2
    print(f"Đã ghi {output}")
    return 0


def import_set(args: argparse.Namespace) -> int:
    """Check the file (every error with its sheet and cell), print its changes, then store a draft."""
    from . import setup_django

    setup_django()
    from django.core.exceptions import PermissionDenied

    from ntm.commands.data import _UnknownUser, _user
    from ntm.core.catalog_diff import describe_changes
    from ntm.criteria.documents import diff, to_json
    from ntm.criteria.models import Document
    from ntm.criteria.services import DraftInvalid, create_draft, document_code, latest_published

    document = _read_document(args.file)
    if document is None:
        return 1
    code = args.code or document_code(document)
    target = Document.objects.filter(code=code).first()
    base = latest_published(target) if target else None
    changes = describe_changes(
        diff(base.content if base else None, to_json(document)), str(document.get("dimension", "none"))
    )
    heading = f"{code}, so với {base.label}" if base else f"{code} (mới)"
    print(f"{heading}: {len(changes)} thay đổi" if changes else f"{heading}: không có thay đổi.")
    print("\n".join(f"  {line}" for line in changes))
    if args.dry_run:
        print("Chạy thử (--dry-run): không lưu gì.")
        return 0
    try:
        actor = _user(args.user) or SYSTEM_ACTOR
        reason = args.reason or f"Nhập từ tệp {args.file.name}"
        version = create_draft(code, document, actor, reason)
    except _UnknownUser as exc:
        print(exc, file=sys.stderr)
        return 2
    except PermissionDenied as exc:
        print(f"Không được phép: {exc}", file=sys.stderr)
        return 2
    except DraftInvalid as exc:
        print("\n".join([*exc.errors, f"{len(exc.errors)} lỗi; không lưu gì."]), file=sys.stderr)
        return 1
    print(f"Đã lưu bản nháp {version.label}: chờ người thứ hai đối chiếu rồi ban hành.")
    return 0


def _read_document(path: Path) -> dict[str, Any] | None:
    """The document in a workbook (or a YAML file), or None after printing every error."""
    from ntm import tabular
    from ntm.core.catalog import document_errors, load_catalog
    from ntm.core.workbook import LIMITS, WorkbookInvalid, read_workbook

    try:
        data = path.read_bytes()
    except OSError as exc:
        print(f"Không đọc được {path}: {exc.strerror}", file=sys.stderr)
        return None
    errors: list[str] = []
    document: Any = None
    if path.suffix.lower() in {".yaml", ".yml"}:
        try:
            document = yaml.safe_load(data.decode("utf-8"))
        except (yaml.YAMLError, UnicodeDecodeError) as exc:
            errors = [f"{path.name}: không phải YAML hợp lệ ({exc})"]
        if not errors and not isinstance(document, dict):
            errors = [f"{path.name}: không phải một bộ tiêu chí"]
        elif not errors:
            kind = "override" if "province_code" in document else "set"
            name = str(document.get("code") or path.stem)
            errors = [str(e) for e in document_errors(kind, name, document, load_catalog())]
    else:
        try:
            tabular.check_size(data)  # sizes and declared dimensions, before anything is unpacked
            document = read_workbook(data, {name: tabular.limit(name) for name in LIMITS})
        except tabular.TableError as exc:
            errors = [str(exc)]
        except WorkbookInvalid as exc:
            errors = [str(e) for e in exc.errors]
    if errors:
        print("\n".join([*errors, f"{len(errors)} lỗi; không lưu gì."]), file=sys.stderr)
        return None
    return document
