"""Parsing the "as of" date that every dated page accepts."""

import datetime

from django.utils import timezone


def parse_date(value: str | None) -> datetime.date | None:
    """A `YYYY-MM-DD` or `DD/MM/YYYY` date, or None when absent or malformed."""
    if value:
        for fmt in ("%Y-%m-%d", "%d/%m/%Y"):
            try:
                return datetime.datetime.strptime(value.strip(), fmt).date()
            except ValueError:
                continue
    return None


def parse_as_of(value: str | None) -> datetime.date:
    """The "as of" date from the query string; today when absent or malformed."""
    return parse_date(value) or timezone.localdate()
