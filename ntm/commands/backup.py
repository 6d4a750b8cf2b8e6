"""`ntm backup FILE` and `ntm restore FILE`: every table and every stored file in one zip (see
ntm/backup.py for the format and why)."""

import sys
from pathlib import Path

from ntm.core.values import format_number as number  # 1.700: Vietnamese groups thousands with dots

from . import setup_django


def register(subparsers) -> None:
    backup = subparsers.add_parser(
        "backup",
        help="save every table and every stored file to one zip file",
        description="Sao lưu toàn bộ: mọi bảng của cơ sở dữ liệu (SQLite hoặc PostgreSQL) và mọi tệp "
        "đã lưu (minh chứng, báo cáo, tệp nhập) vào một tệp zip. Chạy được khi trang web đang chạy.",
    )
    backup.add_argument("file", type=Path, help="the zip file to write, e.g. ntm-2026-12-06.zip")
    backup.add_argument("--force", action="store_true", help="overwrite FILE when it exists")
    backup.set_defaults(func=backup_command)

    restore = subparsers.add_parser(
        "restore",
        help="load a backup zip into this database and its file storage",
        description="Khôi phục từ tệp sao lưu của `ntm backup` vào cơ sở dữ liệu đang cấu hình "
        "(DATABASE_URL), kể cả một cơ sở dữ liệu mới, trống. Dừng trang web trước khi khôi phục.",
    )
    restore.add_argument("file", type=Path, help="the zip file written by `ntm backup`")
    restore.add_argument(
        "--replace",
        action="store_true",
        help="replace the data already in the database and the stored files of the same names "
        "(without it, a database holding data is refused)",
    )
    restore.set_defaults(func=restore_command)


def _progress(message: str) -> None:
    print(message, file=sys.stderr)


def backup_command(args) -> int:
    if args.file.exists() and not args.force:
        print(f"{args.file} đã có; chọn tên khác hoặc thêm --force để ghi đè.", file=sys.stderr)
        return 2
    setup_django()
    from ntm.backup import backup

    partial = args.file.with_name(args.file.name + ".part")
    try:
        manifest = backup(partial, progress=_progress)
        partial.replace(args.file)
    finally:
        partial.unlink(missing_ok=True)
    rows = sum(t["rows"] for t in manifest["tables"].values())
    files = sum(len(names) for names in manifest["files"].values())
    print(f"Đã sao lưu {len(manifest['tables'])} bảng ({number(rows)} dòng) và {files} tệp vào {args.file}.")
    return 0


def restore_command(args) -> int:
    if not args.file.is_file():
        print(f"Không tìm thấy tệp {args.file}.", file=sys.stderr)
        return 2
    setup_django()
    from ntm.backup import RestoreRefused, restore

    try:
        manifest = restore(args.file, replace=args.replace, progress=_progress)
    except RestoreRefused as refused:
        print(f"Không khôi phục: {refused}", file=sys.stderr)
        return 2
    rows = sum(t["rows"] for t in manifest["tables"].values())
    print(
        f"Đã khôi phục {len(manifest['tables'])} bảng ({number(rows)} dòng) "
        f"từ bản sao lưu {manifest['created']}."
    )
    return 0
