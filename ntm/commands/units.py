"""`ntm units load|stats|import-villages`."""

import datetime
import json
import sys
from pathlib import Path

from ntm.core.values import format_number as number  # 1.700: Vietnamese groups thousands with dots

from . import setup_django


def register(subparsers) -> None:
    parser = subparsers.add_parser("units", help="administrative units: load, statistics, village import")
    sub = parser.add_subparsers(dest="units_command", metavar="ACTION", required=True)

    load = sub.add_parser("load", help="load both eras' units and the 2025 lineage from vietnamadminunits")
    load.set_defaults(func=load_command)

    stats = sub.add_parser("stats", help="count units in force on a date, by kind")
    stats.add_argument(
        "--as-of", type=datetime.date.fromisoformat, default=None, help="YYYY-MM-DD (default today)"
    )
    stats.add_argument(
        "--format", choices=["json", "table"], default="table", help="output format (default: table)"
    )
    stats.set_defaults(func=stats_command)

    villages = sub.add_parser(
        "import-villages", help="import villages from CSV/XLSX (Mã xã, Tên thôn[, Mã thôn])"
    )
    villages.add_argument("file", type=Path, help="the village list (.xlsx or .csv)")
    villages.add_argument(
        "--as-of",
        type=datetime.date.fromisoformat,
        default=None,
        help="date whose communes the codes refer to (default today)",
    )
    villages.set_defaults(func=villages_command)


def load_command(args) -> int:
    setup_django()
    from ntm.units.services import load_national_units

    report = load_national_units(actor="ntm units load", progress=lambda m: print(m, file=sys.stderr))
    created = sum(report.created.values())
    updated = sum(report.updated.values())
    print(
        f"Đơn vị: {number(created)} thêm mới, {number(updated)} cập nhật, "
        f"{number(report.unchanged)} không đổi; "
        f"{number(report.events_created)} sự kiện và {number(report.links_created)} liên kết mới."
    )
    return 0


def stats_command(args) -> int:
    setup_django()
    from django.utils import timezone

    from ntm.units.selectors import counts_by_kind

    stats = counts_by_kind(args.as_of or timezone.localdate())
    if args.format == "json":
        print(json.dumps(stats, ensure_ascii=False, indent=2))
    else:
        heading = f"Ngày {stats['as_of']}"
        if stats["map_date"] != stats["as_of"]:
            heading += (
                " (bản đồ ngày 30/6/2025: dữ liệu đơn vị không có bản đồ của các ngày trước 01/01/2025)"
            )
        print(f"{heading}:")
        for kind, count in stats["by_kind"].items():
            print(f"  {kind:<18} {count:>7,}")
        print(f"  {'total':<18} {stats['total']:>7,}")
    return 0


def villages_command(args) -> int:
    setup_django()
    from django.utils import timezone

    from ntm.tabular import TableError
    from ntm.units.villages import import_villages

    try:
        result = import_villages(
            args.file.name,
            args.file.read_bytes(),
            args.as_of or timezone.localdate(),
            actor="ntm units import-villages",
        )
    except (OSError, TableError) as exc:
        print(f"Lỗi: {exc}", file=sys.stderr)
        return 1
    if not result.ok:
        print(f"Không nhập gì: tệp có {len(result.errors)} lỗi, hãy sửa rồi nhập lại.", file=sys.stderr)
        for error in result.errors:
            print(f"  {error}", file=sys.stderr)
        return 1
    print(f"Đã nhập {len(result.created)} thôn.")
    return 0
