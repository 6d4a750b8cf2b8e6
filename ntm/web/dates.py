"""Parsing the "as of" date that every dated page accepts."""

import datetime

from django.utils import timezone


def parse_as_of(value: str | None) -> datetime.date:
    """A `YYYY-MM-DD` or `DD/MM/YYYY` date from the query string; today when absent or malformed."""
    if value:
        for fmt in ("%Y-%m-%d", "%d/%m/%Y"):
            try:
                return datetime.datetime.strptime(value.strip(), fmt).date()
            except ValueError:
                continue
    return timezone.localdate()
