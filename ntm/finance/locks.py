"""Money paid, works and contributions a report rests on can be locked by a higher app, as values
are (`indicators.versions.add_write_guard`): the reporting rounds register a guard here (their
`apps.py`) that refuses a write touching a unit and year whose report the level above approved,
until the approver reopens the round. Finance cannot import rounds (a higher app), so the check
is handed down.

The years a write touches: a disbursement's date; each year a contribution's period covers; each
year a work runs, from its start to its completion (or planned end), before and after the change.
Budgets and allocations are plans over several years, not figures of a period: not locked."""

import datetime
from collections.abc import Callable, Iterable

_guards: list[Callable[[object, set[int]], None]] = []


def add_write_guard(guard: Callable[[object, set[int]], None]) -> None:
    """Register `guard(unit, years)`; it raises `services.FundingInvalid` to refuse the write."""
    if guard not in _guards:
        _guards.append(guard)


def check(unit, years: Iterable[int]) -> None:
    years = set(years)
    if not years:
        return
    for guard in _guards:
        guard(unit, years)


def span(start: datetime.date | None, end: datetime.date | None) -> set[int]:
    """The years from `start` to `end` (either alone: its year; neither: none)."""
    first, last = start or end, end or start
    if first is None or last is None:
        return set()
    return set(range(min(first.year, last.year), max(first.year, last.year) + 1))


def work_years(fields: dict) -> set[int]:
    return span(fields.get("started_on"), fields.get("completed_on") or fields.get("planned_end"))
