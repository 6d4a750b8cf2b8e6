"""`ntm files orphans`: stored files no row names (left by a process stopped between storing a file
and committing its row), listed, or removed with --delete."""

import datetime
import sys

from . import setup_django


def register(subparsers) -> None:
    files = subparsers.add_parser("files", help="the stored files (evidence, reports, imports)")
    actions = files.add_subparsers(dest="action", metavar="ACTION", required=True)
    orphans = actions.add_parser("orphans", help="list (or --delete) stored files that no row names")
    orphans.add_argument(
        "--older-than-hours", type=float, default=24, help="ignore younger files (uploads in progress)"
    )
    orphans.add_argument("--delete", action="store_true", help="remove them")
    orphans.set_defaults(func=orphans_command)


def orphans_command(args) -> int:
    setup_django()
    from ntm import storage

    found = list(storage.orphans(datetime.timedelta(hours=args.older_than_hours)))
    for alias, name in found:
        print(f"{alias}\t{name}")
        if args.delete:
            storage.remove(storage.named(alias), name)
    verb = "Đã xóa" if args.delete else "Tìm thấy"
    print(f"{verb} {len(found)} tệp không thuộc bản ghi nào.", file=sys.stderr)
    return 0
