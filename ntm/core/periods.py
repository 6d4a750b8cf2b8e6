"""Dates and report periods typed by people: an "as of" date, and a year ("2024"), a quarter
("2024Q3") or a month ("2024-09") that a report covers. Pure Python, shared by every face."""

import calendar
import datetime
import re
from dataclasses import dataclass

from ntm.core.params import MAX_YEAR, MIN_YEAR

ROMAN_QUARTERS = ("I", "II", "III", "IV")


# How an office writes a date (dd/mm/yyyy, also with - or .), and the ISO form older links carry.
DATE_FORMATS = ("%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d")


def parse_date(value: str | None) -> datetime.date | None:
    """A `DD/MM/YYYY` (or `YYYY-MM-DD`) date, or None when absent or malformed."""
    if value:
        for fmt in DATE_FORMATS:
            try:
                return datetime.datetime.strptime(value.strip(), fmt).date()
            except ValueError:
                continue
    return None


class PeriodInvalid(ValueError):
    pass


@dataclass(frozen=True)
class Period:
    code: str
    start: datetime.date
    end: datetime.date
    label: str  # "quý III năm 2024"

    @property
    def year(self) -> int:
        return self.start.year


def parse_period(text: str) -> Period:
    text = (text or "").strip().upper()
    if (match := re.match(r"\d{4}", text)) and not MIN_YEAR <= int(match[0]) <= MAX_YEAR:
        raise PeriodInvalid(f"Năm của kỳ báo cáo phải từ {MIN_YEAR} đến {MAX_YEAR}.")
    if match := re.fullmatch(r"(\d{4})", text):
        year = int(match[1])
        return Period(text, datetime.date(year, 1, 1), datetime.date(year, 12, 31), f"năm {year}")
    if match := re.fullmatch(r"(\d{4})Q([1-4])", text):
        year, quarter = int(match[1]), int(match[2])
        first = 3 * quarter - 2
        end = datetime.date(year, first + 2, calendar.monthrange(year, first + 2)[1])
        label = f"quý {ROMAN_QUARTERS[quarter - 1]} năm {year}"
        return Period(text, datetime.date(year, first, 1), end, label)
    if match := re.fullmatch(r"(\d{4})-(\d{1,2})", text):
        year, month = int(match[1]), int(match[2])
        if 1 <= month <= 12:
            end = datetime.date(year, month, calendar.monthrange(year, month)[1])
            return Period(
                f"{year}-{month:02d}", datetime.date(year, month, 1), end, f"tháng {month} năm {year}"
            )
    raise PeriodInvalid(f"Kỳ báo cáo không hợp lệ: {text!r} (dùng 2024, 2024Q3 hoặc 2024-09).")
