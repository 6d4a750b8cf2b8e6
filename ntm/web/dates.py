"""The "as of" date that every dated page accepts (today by default, in the site's time zone)."""

import datetime

from django.utils import timezone

from ntm.core.periods import parse_date


def parse_as_of(value: str | None) -> datetime.date:
    """The "as of" date from the query string; today when absent or malformed."""
    return parse_date(value) or timezone.localdate()
