"""`ntm report`: the official outputs from the terminal (ntm.reports, docs/reports.md).

    ntm report plan PLAN_ID --format docx|pdf|xlsx [--actuals] [--as-of DATE] -o FILE
    ntm report tables --parent CODE --year Y [--as-of DATE] [--set CODE] -o FILE.xlsx
    ntm report progress --unit CODE --period 2024|2024Q3|2024-09 [--format docx|pdf|xlsx] -o FILE

A unit CODE is the unit's code in force in the report's year (or `#id`). Progress goes to stderr.
"""

import datetime
import sys
from pathlib import Path

from ntm.core.values import format_number as number  # 1.700: Vietnamese groups thousands with dots

from . import setup_django

FORMATS = ("docx", "pdf", "xlsx")


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "report", help="official outputs: plan document, province tables, progress"
    )
    sub = parser.add_subparsers(dest="report", metavar="REPORT", required=True)

    plan = sub.add_parser("plan", help="an annual plan as DOCX / PDF / XLSX")
    plan.add_argument("plan_id", type=int, help="the plan's number (as in its page address /plans/N/)")
    plan.add_argument(
        "--format", dest="fmt", choices=FORMATS, default="docx", help="file format (default: docx)"
    )
    plan.add_argument("--actuals", action="store_true", help="add actual, %% achieved and assessment")
    plan.add_argument("--as-of", type=datetime.date.fromisoformat, help="actuals as of YYYY-MM-DD")
    plan.add_argument("-o", "--output", type=Path, required=True, help="the file to write")
    plan.set_defaults(func=plan_command)

    tables = sub.add_parser("tables", help="communes × criteria of a province (or district), per district")
    tables.add_argument(
        "--parent", required=True, help="province or district code in force that year (or #id)"
    )
    tables.add_argument("--year", type=int, required=True, help="the year of the tables")
    tables.add_argument("--as-of", type=datetime.date.fromisoformat, help="data as it stood on YYYY-MM-DD")
    tables.add_argument("--set", dest="set_code", help="commune criteria set (default: the base NTM set)")
    tables.add_argument("-o", "--output", type=Path, required=True, help="the .xlsx file to write")
    tables.set_defaults(func=tables_command)

    progress = sub.add_parser("progress", help="periodic progress report of a unit (month, quarter, year)")
    progress.add_argument("--unit", required=True, help="unit code in force in the period's year (or #id)")
    progress.add_argument("--period", required=True, help="2024, 2024Q3 or 2024-09")
    progress.add_argument("--format", dest="fmt", choices=FORMATS, help="default: from the output's suffix")
    progress.add_argument("-o", "--output", type=Path, required=True, help="the file to write")
    progress.set_defaults(func=progress_command)


def find_unit(code: str, year: int):
    """The unit with `code` in force in `year` (pre-reform units for years before the reform), or #id."""
    from ntm.indicators.engine import year_era_date
    from ntm.units.models import AdminUnit

    if code.startswith("#") and code[1:].isdigit():
        return AdminUnit.objects.filter(pk=int(code[1:])).first()
    matches = list(AdminUnit.objects.filter(code=code))
    day = year_era_date(year)
    in_force = [u for u in matches if u.in_force_on(day)]
    return next(iter(in_force or matches), None)


def _write(report, fmt: str, output: Path) -> int:
    from ntm.reports.render import render

    data = render(report, fmt)
    output.write_bytes(data)
    print(f"{output} ({number(len(data))} byte)")
    return 0


def _fail(message: str) -> int:
    print(message, file=sys.stderr)
    return 2


def plan_command(args) -> int:
    setup_django()
    from ntm.planning.models import Plan
    from ntm.reports.plan_report import build_plan_report

    plan = Plan.objects.select_related("unit").filter(pk=args.plan_id).first()
    if plan is None:
        return _fail(f"Không có kế hoạch #{args.plan_id}.")
    report = build_plan_report(plan, with_actuals=args.actuals or bool(args.as_of), as_of=args.as_of)
    return _write(report, args.fmt, args.output)


def tables_command(args) -> int:
    setup_django()
    from ntm.reports.province import build_province_tables

    if args.output.suffix.lower() != ".xlsx":
        return _fail("Biểu toàn tỉnh chỉ xuất ra XLSX: -o FILE.xlsx")
    unit = find_unit(args.parent, args.year)
    if unit is None:
        return _fail(f"Không có đơn vị mã {args.parent}.")

    def progress(done, total, phase):
        if done == total or done % 25 == 0:
            print(f"  {phase}… {done}/{total}", file=sys.stderr)

    try:
        report = build_province_tables(
            unit, args.year, set_code=args.set_code, as_of=args.as_of, progress=progress
        )
    except (IndexError, KeyError) as exc:
        return _fail(f"Không có bộ tiêu chí xã áp dụng: {exc}")
    return _write(report, "xlsx", args.output)


def progress_command(args) -> int:
    setup_django()
    from ntm.core.periods import PeriodInvalid, parse_period
    from ntm.reports.progress_report import build_progress_report

    try:
        period = parse_period(args.period)
    except PeriodInvalid as exc:
        return _fail(str(exc))
    fmt = args.fmt or args.output.suffix.lower().lstrip(".")
    if fmt not in FORMATS:
        return _fail("Định dạng: --format docx|pdf|xlsx (hoặc đuôi tệp .docx/.pdf/.xlsx).")
    unit = find_unit(args.unit, period.year)
    if unit is None:
        return _fail(f"Không có đơn vị mã {args.unit}.")
    return _write(build_progress_report(unit, period), fmt, args.output)
