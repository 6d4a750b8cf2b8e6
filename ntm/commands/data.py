"""`ntm import FILE` and `ntm export`: Excel / CSV in and out from the terminal (ntm.dataio).

`ntm import` checks the whole file first and writes nothing on any error (exit code 1, every error
with sheet, row and column on stderr); `--dry-run` stops after the preview. Progress goes to
stderr, the preview and the outcome to stdout.
"""

import datetime
import sys
import time
from pathlib import Path

from ntm.core.values import format_number as number  # 1.700: Vietnamese groups thousands with dots

from . import setup_django

PHASES = {"read": "Đọc tệp", "check": "Kiểm tra", "write": "Ghi", "assess": "Đánh giá lại"}


def register(subparsers) -> None:
    imp = subparsers.add_parser(
        "import",
        help="import indicator values / criterion statuses from an XLSX template or a CSV (all or nothing)",
    )
    imp.add_argument("file", type=Path, help="a filled ntm template (.xlsx) or a long table (.csv / .xlsx)")
    imp.add_argument(
        "--set", dest="set_code", help="criteria set, for long files without a “bộ tiêu chí” column"
    )
    imp.add_argument("--year", type=int, help="year, for long files without a “năm” column")
    imp.add_argument(
        "--user", help="import as this user, with their permissions (default: the operator, unrestricted)"
    )
    imp.add_argument(
        "--reason", default="", help="reason recorded with every value (default: “Nhập từ tệp NAME”)"
    )
    imp.add_argument("--source", default="", help="data source for values whose row names none")
    imp.add_argument("--dry-run", action="store_true", help="check and preview only; write nothing")
    imp.set_defaults(func=import_command)

    exp = subparsers.add_parser(
        "export", help="export values, criterion statuses or assessments to XLSX / CSV"
    )
    exp.add_argument("--set", dest="set_code", required=True, help="criteria set code, e.g. xa-ntm-2021")
    exp.add_argument("--year", type=int, required=True, help="the year of the values")
    exp.add_argument("--parent", required=True, help="code of the parent unit in force that year (or #id)")
    exp.add_argument("--as-of", type=datetime.date.fromisoformat, help="values as they stood on YYYY-MM-DD")
    exp.add_argument(
        "--format", dest="fmt", choices=("xlsx", "csv"), default="xlsx", help="file format (default: xlsx)"
    )
    exp.add_argument(
        "--what",
        choices=("values", "statuses", "assessments"),
        default="values",
        help="indicator values, recorded criteria statuses or computed assessments (default: values)",
    )
    exp.add_argument("-o", "--output", type=Path, required=True, help="the file to write")
    exp.add_argument("--user", help="export only the units this user may see")
    exp.set_defaults(func=export_command)


class _Progress:
    """Phase changes at once, counts at most once a second, on stderr: "  Ghi… 20,000/877,230 (41.5 s)".
    The phase word comes first and ends with "…" (bench/imports.py times the phases from it)."""

    def __init__(self):
        self.phase, self.last, self.start = "", 0.0, time.monotonic()

    def __call__(self, phase: str, done: int, total: int) -> None:
        now = time.monotonic()
        if phase == self.phase and now - self.last < 1 and done < total:
            return
        self.phase, self.last = phase, now
        counts = f" {number(done)}/{number(total)}" if total else ""
        print(
            f"  {PHASES.get(phase, phase)}…{counts} ({now - self.start:.1f} s)", file=sys.stderr, flush=True
        )


class _UnknownUser(LookupError):
    pass


def _user(username: str | None):
    """The user whose permissions apply; None means the operator (every unit)."""
    if not username:
        return None
    from ntm.accounts.models import User

    user = User.objects.filter(username=username).first()
    if user is None:
        raise _UnknownUser(f"Không có người dùng “{username}”.")
    return user


def import_command(args) -> int:
    setup_django()
    from ntm.core.values import REASON_FIELD, REASON_MAX, SOURCE_FIELD, SOURCE_MAX, RefusedValue, check_text
    from ntm.dataio.apply import ImportConflict, apply_plan
    from ntm.dataio.jobs import default_reason
    from ntm.dataio.plan import build_plan, summarize
    from ntm.tabular import TableError

    try:
        user = _user(args.user)
    except _UnknownUser as exc:
        print(exc, file=sys.stderr)
        return 2
    try:
        data = args.file.read_bytes()
    except OSError as exc:
        print(f"{args.file}: {exc.strerror}", file=sys.stderr)
        return 2
    try:
        args.source = check_text(SOURCE_FIELD, args.source, SOURCE_MAX)
        args.reason = check_text(REASON_FIELD, args.reason, REASON_MAX)
    except RefusedValue as exc:
        print(f"Lỗi: {exc}", file=sys.stderr)
        return 2
    progress = _Progress()
    actor = user or "ntm import"
    try:
        plan = build_plan(
            args.file.name, data, actor=actor, set_code=args.set_code, year=args.year, progress=progress
        )
    except TableError as exc:
        print(f"Lỗi: {exc}", file=sys.stderr)
        return 1
    if not plan.ok:
        print(
            f"Không ghi gì: tệp có {number(plan.error_count)} lỗi, hãy sửa rồi nhập lại.",
            file=sys.stderr,
        )
        for error in plan.errors:
            print(f"  {error}", file=sys.stderr)
        if plan.error_count > len(plan.errors):
            print(f"  … và {number(plan.error_count - len(plan.errors))} lỗi khác", file=sys.stderr)
        return 1
    summary, changes = summarize(plan, limit=20)
    _print_preview(summary, changes)
    if args.dry_run:
        print("Chạy thử (--dry-run): không ghi gì.")
        return 0
    if not summary["change_count"]:
        print("Không có gì để ghi.")
        return 0
    try:
        result = apply_plan(
            plan,
            actor=actor,
            reason=args.reason or default_reason(args.file.name),
            source=args.source,
            progress=progress,
        )
    except ImportConflict as exc:
        print(str(exc), file=sys.stderr)
        return 1
    assessed = ", ".join(f"{key}: {number(count)} đơn vị" for key, count in result.assessed.items())
    print(
        f"Đã ghi {number(result.values_new)} giá trị mới, {number(result.values_changed)} giá trị sửa, "
        f"{number(result.statuses_written)} kết quả tiêu chí. Đánh giá lại: {assessed or 'không'}."
    )
    return 0


def _print_preview(summary: dict, changes: list[dict]) -> None:
    totals = summary["totals"]
    print(
        f"Xem trước ({', '.join(summary['sets']) or '—'}; {number(summary['unit_count'])} đơn vị): "
        f"{number(totals.get('value_new', 0))} giá trị mới, "
        f"{number(totals.get('value_changed', 0))} thay đổi, "
        f"{number(totals.get('value_unchanged', 0))} không đổi; "
        f"{number(totals.get('status_written', 0))} kết quả tiêu chí mới hoặc thay đổi, "
        f"{number(totals.get('status_unchanged', 0))} không đổi."
    )
    for change in changes:
        what = f"{change['unit']} · {change['year']} · {change['code']}"
        print(f"  {what}: {change['old'] or '—'} → {change['new']} ({change['where']})")
    if summary["change_count"] > len(changes):
        print(f"  … và {number(summary['change_count'] - len(changes))} thay đổi khác")


def export_command(args) -> int:
    setup_django()
    from ntm.dataio.export import export
    from ntm.dataio.scope import ScopeError, find_parent

    try:
        user = _user(args.user)
    except _UnknownUser as exc:
        print(exc, file=sys.stderr)
        return 2
    try:
        parent = find_parent(args.parent, args.year)
        result = export(
            user=user,
            parent=parent,
            set_code=args.set_code,
            year=args.year,
            what=args.what,
            fmt=args.fmt,
            as_of=args.as_of,
        )
    except ScopeError as exc:
        print(f"Lỗi: {exc}", file=sys.stderr)
        return 1
    args.output.write_bytes(result.data)
    print(
        f"Đã xuất {number(result.rows)} đơn vị ({parent.name}, {args.set_code}, {args.year}) "
        f"vào {args.output}."
    )
    return 0
