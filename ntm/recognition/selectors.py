"""Recognition status of units: the latest decision per unit and set decides."""

from .models import Decision


def recognised_units(units, set_code: str, on_date) -> dict[int, Decision]:
    """Units recognised for `set_code` on `on_date` (latest decision is a recognition), by unit id."""
    latest: dict[int, Decision] = {}
    for decision in Decision.objects.filter(unit__in=units, set_code=set_code, date__lte=on_date).order_by(
        "date", "id"
    ):
        latest[decision.unit_id] = decision
    return {unit_id: d for unit_id, d in latest.items() if d.kind == Decision.Kind.RECOGNISE}


def decisions_of(unit) -> list[Decision]:
    return list(Decision.objects.filter(unit=unit).order_by("-date", "-id"))
