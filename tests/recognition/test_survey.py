"""The household survey of a district's dossier, commune by commune and content by content, gives
the district set its satisfaction conditions (≥ 90% overall, ≥ 80% per commune and content) in
place of a number typed in; a commune missing leaves the per-commune condition open."""

import pytest

from ntm.accounts.actors import SystemActor
from ntm.indicators.engine import evaluate_unit_year, facts_for
from ntm.recognition import dossiers as flow
from ntm.recognition import survey
from ntm.units.models import AdminUnit, Level

pytestmark = pytest.mark.django_db

SET, YEAR = "huyen-ntm-2021", 2024
ACTOR = SystemActor("tests")


def _conditions(district) -> dict[str, str]:
    result = evaluate_unit_year(district, SET, YEAR).to_dict()
    return {c["code"]: c["status"] for c in result["conditions"]}


def _record(dossier, commune, *, share: float, low: str | None = None):
    answers = {code: int(100 * share) for code, _name in survey.contents(dossier, commune)}
    if low:
        answers[low] = 70
    survey.record(actor=ACTOR, dossier=dossier, unit=commune, households=120, surveyed=100, satisfied=answers)


def test_a_district_survey_feeds_the_satisfaction_conditions():
    district = AdminUnit.objects.get(level=Level.DISTRICT, code="106", valid_from__isnull=True)
    dossier = flow.register(actor=ACTOR, unit=district, set_code=SET, year=YEAR)
    dossier.step = dossier.procedure.steps.get(code="khao-sat")
    dossier.save()
    communes = survey.survey_units(dossier)
    assert len(communes) > 1 and "hai-long-90" not in facts_for(district, SET, YEAR)
    assert _conditions(district)["hai-long-90"] == "missing"

    *first, last = communes
    for commune in first:
        _record(dossier, commune, share=0.95)
    facts = facts_for(district, SET, YEAR)
    assert facts["satisfaction_pct"] == 95.0 and "commune_satisfaction_pct" not in facts
    assert any(last.name in m for m in flow.shortfall(dossier))

    criterion = survey.contents(dossier, last)[1][0]
    _record(dossier, last, share=0.95, low=criterion)  # one content of one commune at 70%
    facts = facts_for(district, SET, YEAR)
    assert facts["commune_satisfaction_pct"][last.name][criterion] == 70.0
    conditions = _conditions(district)
    assert conditions["hai-long-90"] == "met" and conditions["hai-long-xa-80"] == "not_met"

    _record(dossier, last, share=0.95)  # corrected: a new entry, the latest counts
    assert _conditions(district)["hai-long-xa-80"] == "met"
    assert dossier.survey_results.filter(unit=last).count() == 2
    assert survey.shortfall(dossier, dossier.step.rule) == []  # coverage 100/120 ≥ 60%, all entered
