"""The yearly upkeep review (duy trì): every unit recognised under a standard, below a unit, with
its assessment of the year and the engine's revocation check (QĐ 18/2022 as amended; the engine's
`core.revocation`, through `indicators.selectors.revocation_risk`). A unit that no longer meets
the standard shows the rule's outcome: revoke (a clause applies), undetermined (data missing) or
keep. Read only: recording a revocation stays the decision page's (`services.record_decision`)."""

import datetime
from dataclasses import dataclass

from ntm.accounts.scope import visible_units
from ntm.indicators.engine import catalog, same_standard
from ntm.indicators.models import Assessment
from ntm.indicators.selectors import revocation_risk
from ntm.indicators.summary import RevocationSummary
from ntm.units.models import AdminUnit

from .models import Decision
from .selectors import recognised_units


@dataclass(frozen=True)
class UpkeepRow:
    unit: AdminUnit
    set_code: str  # the set the unit was recognised under
    decision: Decision
    assessment: Assessment | None  # this year's, under a set of the same standard
    risk: RevocationSummary | None  # None: meets the standard this year


def review(actor, unit: AdminUnit, year: int) -> list[UpkeepRow]:
    """The units below `unit` (and itself) the actor may read, recognised on 31/12 of `year`,
    those at risk of revocation first."""
    on = datetime.date(year, 12, 31)
    units = visible_units(actor, AdminUnit.objects.filter(path__startswith=unit.path))
    codes = Decision.objects.filter(unit__in=units, kind=Decision.Kind.RECOGNISE, date__lte=on)
    standards = {tuple(same_standard(code)) for code in codes.values_list("set_code", flat=True).distinct()}
    rows = []
    for standard in sorted(standards):
        recognised = recognised_units(units, list(standard), on)
        assessments = {
            a.unit_id: a
            for a in Assessment.objects.filter(unit__in=list(recognised), year=year, set_code__in=standard)
        }
        found = AdminUnit.objects.in_bulk(list(recognised))
        for unit_id, decision in recognised.items():
            assessment = assessments.get(unit_id)
            rows.append(
                UpkeepRow(
                    found[unit_id], decision.set_code, decision, assessment, revocation_risk(assessment, True)
                )
            )
    order = {"revoke": 0, "undetermined": 1, "keep": 2}
    return sorted(rows, key=lambda r: (order.get(r.risk.outcome, 3) if r.risk else 4, r.unit.name))


def set_name(code: str) -> str:
    cset = catalog().sets.get(code)
    return cset.name_vi if cset else code
