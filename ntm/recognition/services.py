"""Recording recognition and revocation decisions (audited)."""

from django.core.exceptions import PermissionDenied
from django.db import transaction

from ntm.accounts.actors import is_system, person
from ntm.accounts.permissions import can_record_decision
from ntm.audit import services as audit
from ntm.indicators.assess import reassess_many
from ntm.indicators.models import Assessment
from ntm.units.models import Level

from .models import Decision
from .trend import forget_recognitions


@transaction.atomic
def record_decision(
    *,
    actor,
    unit,
    set_code: str,
    year: int,
    kind: str,
    number: str,
    date,
    authority: str,
    note: str = "",
    is_demo: bool = False,
) -> Decision:
    if not is_system(actor) and not can_record_decision(actor, unit):
        raise PermissionDenied(f"Bạn không có quyền ghi quyết định cho {unit.name}.")
    decision = Decision.objects.create(
        unit=unit,
        set_code=set_code,
        year=year,
        kind=kind,
        number=number.strip(),
        date=date,
        authority=authority.strip(),
        note=note,
        author=person(actor),
        is_demo=is_demo,
    )
    audit.record(
        actor=actor,
        action=f"decision.{kind}",
        obj=decision,
        label=f"{unit.name} · {set_code} · {number}",
        new={
            "set": set_code,
            "year": year,
            "number": number,
            "date": date.isoformat(),
            "authority": authority,
        },
        reason=note,
    )
    forget_recognitions(set_code, date.year)
    _reassess_districts_above(unit, date.year)
    return decision


def _reassess_districts_above(unit, from_year: int) -> None:
    """A commune's decision changes its district's count of revoked communes (revocation clause
    (a)) from the decision's year on: re-evaluate the district assessments it reaches, through the
    bulk path once per set and year (`reassess_many`). Every later year and every dependent set
    with an assessment is among them, and each reads stored values and decisions, not another
    assessment, so neither the next year nor the dependents need re-evaluating again."""
    if unit.level != Level.COMMUNE:
        return
    districts = [a for a in unit.ancestors() if a.level == Level.DISTRICT]
    stored = Assessment.objects.filter(unit__in=districts, year__gte=from_year).select_related("unit")
    reached: dict[tuple[int, str], list] = {}
    for assessment in stored.order_by("year", "set_code"):
        reached.setdefault((assessment.year, assessment.set_code), []).append(assessment.unit)
    for (year, set_code), units in reached.items():
        reassess_many(units, set_code, year, next_year=False)
