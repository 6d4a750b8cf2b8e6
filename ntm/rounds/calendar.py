"""The reporting calendar read as data: which period a round covers, its deadline, which unit it
goes to, and which year of data an approved round locks.

- **Periods** are typed as the reports page types them (`ntm.core.periods`): "2026" (year),
  "2026Q3" (quarter), "2026-09" (month), plus "2026H1"/"2026H2" (6 months) here.
- **Deadline**: day `deadline_day` of the `deadline_months`-th month after the period ends (the
  project's default for a quarter: day 15 of the month after, not a legal text), clipped to the
  month's last day.
- **Chain**: a round goes to the unit's parent in its own era — after 1/7/2025 (two tiers) a
  commune reports to the province; before, a commune to its district and the district to the
  province. A province reports to the central level (administrators and national roles review).
- **Locked year**: values and statuses are yearly, so a round locks the year its period falls in
  (annual: that year; quarterly, 6-month and monthly: the year of the quarter, half or month).
"""

import calendar
import datetime
import re

from ntm.core.periods import Period, PeriodInvalid, parse_period

from .models import ReportKind

HALVES = {1: "6 tháng đầu năm", 2: "6 tháng cuối năm"}


def parse(code: str) -> Period:
    """A period code as typed by a person: the core's forms, or a half year ("2026H1")."""
    text = (code or "").strip().upper()
    if match := re.fullmatch(r"(\d{4})H([12])", text):
        year, half = int(match[1]), int(match[2])
        parse_period(str(year))  # the year's bounds
        start = datetime.date(year, 1 if half == 1 else 7, 1)
        end = datetime.date(year, 6, 30) if half == 1 else datetime.date(year, 12, 31)
        return Period(text, start, end, f"{HALVES[half]} {year}")
    return parse_period(text)


SHAPES: dict[str, str] = {
    ReportKind.Period.YEAR: r"\d{4}",
    ReportKind.Period.QUARTER: r"\d{4}Q[1-4]",
    ReportKind.Period.HALF: r"\d{4}H[12]",
    ReportKind.Period.MONTH: r"\d{4}-\d{2}",
}


def period_for(kind: ReportKind, code: str) -> Period:
    """The period `code` if it has the kind's shape (an ad-hoc round takes any); PeriodInvalid else."""
    period = parse(code)
    shape = SHAPES.get(kind.period)
    if shape and not re.fullmatch(shape, period.code):
        raise PeriodInvalid(f"Kỳ {period.code} không phải kỳ của loại báo cáo “{kind.name}”.")
    return period


def deadline(kind: ReportKind, period: Period) -> datetime.date:
    month = period.end.month + kind.deadline_months
    year = period.end.year + (month - 1) // 12
    month = (month - 1) % 12 + 1
    day = min(max(kind.deadline_day, 1), calendar.monthrange(year, month)[1])
    return datetime.date(year, month, day)


def reports_to(unit):
    """The unit a round of `unit` goes to (None: the central level)."""
    return unit.parent


def locked_year(period: Period) -> int:
    return period.year
