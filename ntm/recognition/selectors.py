"""Recognition status of units: the latest decision per unit and set decides."""

from .models import Decision


def latest_decisions(units, set_codes, on_date) -> dict[int, Decision]:
    """The decision in force on `on_date` for each unit that has one under any of `set_codes`
    (successive sets of one standard: a commune recognised under the 2016 set stays recognised
    until revoked), by unit id."""
    if isinstance(set_codes, str):
        set_codes = [set_codes]
    latest: dict[int, Decision] = {}
    for decision in Decision.objects.filter(
        unit__in=units, set_code__in=set_codes, date__lte=on_date
    ).order_by("date", "id"):
        latest[decision.unit_id] = decision
    return latest


def recognised_units(units, set_codes, on_date) -> dict[int, Decision]:
    """Units recognised on `on_date` under any of `set_codes`, by unit id."""
    latest = latest_decisions(units, set_codes, on_date)
    return {unit_id: d for unit_id, d in latest.items() if d.kind == Decision.Kind.RECOGNISE}


def revoked_units(units, set_codes, on_date) -> dict[int, Decision]:
    """Units whose recognition under any of `set_codes` stands revoked on `on_date`, by unit id."""
    latest = latest_decisions(units, set_codes, on_date)
    return {unit_id: d for unit_id, d in latest.items() if d.kind == Decision.Kind.REVOKE}


def decisions_of(unit) -> list[Decision]:
    return list(Decision.objects.filter(unit=unit).order_by("-date", "-id"))
