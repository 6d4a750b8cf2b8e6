"""OCOP product rating rules (QĐ 148/QĐ-TTg 2023, amended by QĐ 1489/QĐ-TTg 2025; earlier version 2019):
part scores out of 100, star bands, certification and its 36-month validity. Pure Python."""

from __future__ import annotations

import calendar
import datetime
from dataclasses import dataclass

# version -> maximum of parts A, B, C (DOMAIN.md §4)
PART_MAXIMA = {"2023": (40, 25, 35), "2019": (35, 25, 40)}
# (stars, lowest total) from the top; under 30 is 1 star
STAR_BANDS = ((5, 90), (4, 70), (3, 50), (2, 30), (1, 0))
CERTIFIED_MIN_STARS = 3
VALIDITY_MONTHS = 36


class ScoreError(ValueError):
    pass


@dataclass(frozen=True)
class Rating:
    version: str
    a: float
    b: float
    c: float

    @property
    def total(self) -> float:
        return round(self.a + self.b + self.c, 2)

    @property
    def stars(self) -> int:
        return stars_for(self.total)

    @property
    def certified(self) -> bool:
        return self.stars >= CERTIFIED_MIN_STARS


def check_parts(version: str, a: float, b: float, c: float) -> Rating:
    """A rating whose part scores fit the version's maxima; ScoreError names the part otherwise."""
    if version not in PART_MAXIMA:
        raise ScoreError(f"phiên bản chấm điểm không rõ: {version!r} (dùng {', '.join(PART_MAXIMA)})")
    for label, score, maximum in zip("ABC", (a, b, c), PART_MAXIMA[version], strict=True):
        if score < 0 or score > maximum:
            raise ScoreError(f"điểm phần {label} phải từ 0 đến {maximum} (phiên bản {version}), nhận {score}")
    return Rating(version, a, b, c)


def stars_for(total: float) -> int:
    if total < 0 or total > 100:
        raise ScoreError(f"tổng điểm phải từ 0 đến 100, nhận {total}")
    return next(stars for stars, lowest in STAR_BANDS if total >= lowest)


def add_months(day: datetime.date, months: int) -> datetime.date:
    """Same day `months` later, clamped to the month's end (31/8 + 1 month → 30/9)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def expiry(certified_on: datetime.date) -> datetime.date:
    """A certificate is valid for 36 months: certified 15/3/2023 → expires 15/3/2026."""
    return add_months(certified_on, VALIDITY_MONTHS)


def expiring_within(expires_on: datetime.date, today: datetime.date, months: int = 6) -> bool:
    """Still valid today and expiring within `months`."""
    return today <= expires_on <= add_months(today, months)
