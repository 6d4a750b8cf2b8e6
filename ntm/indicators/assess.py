"""Recomputing assessments: called inside the transaction of every write that changes an input."""

from ntm.units.models import AdminUnit

from . import rollups
from .engine import catalog, evaluate_unit_year
from .models import Assessment


def reassess(unit: AdminUnit, set_code: str, year: int) -> Assessment:
    """Evaluate, store the assessment, update every roll-up above the unit; then the sets that
    require this one (an advanced assessment depends on the NTM one) for the same unit and year."""
    data = evaluate_unit_year(unit, set_code, year).to_dict()
    old = Assessment.objects.select_for_update().filter(unit=unit, set_code=set_code, year=year).first()
    snapshot = None
    if old is not None:
        snapshot = Assessment(
            unit=unit,
            set_code=set_code,
            year=year,
            criteria_met=old.criteria_met,
            criteria_total=old.criteria_total,
            standard_met=old.standard_met,
            met_criteria=list(old.met_criteria),
            result={},
        )
    assessment = old or Assessment(unit=unit, set_code=set_code, year=year)
    for name, value in assessment_fields(data).items():
        setattr(assessment, name, value)
    assessment.save()
    rollups.apply_change(unit, snapshot, assessment)
    for dependent in _dependents(set_code):
        if Assessment.objects.filter(unit=unit, set_code=dependent, year=year).exists():
            reassess(unit, dependent, year)
    return assessment


def assessment_fields(data: dict) -> dict:
    """Assessment columns from the engine's JSON result."""
    criteria = data["criteria"]
    return {
        "criteria_met": data["summary"]["criteria_met"],
        "criteria_total": data["summary"]["criteria_total"],
        "standard_met": data["summary"]["standard_met"],
        "met_criteria": [c["code"] for c in criteria if c["status"] == "met"],
        "criteria_recorded": sum(1 for c in criteria if c.get("basis") == "recorded"),
        "missing_values": sum(
            1 for c in criteria for i in c.get("indicators", []) if i["status"] == "missing"
        ),
        "result": data,
    }


def _dependents(set_code: str) -> list[str]:
    return [c.code for c in catalog().sets.values() if any(r.set_code == set_code for r in c.requires)]


def reassess_many(units, set_code: str, year: int) -> int:
    """Re-evaluate many units of one set and year, then rebuild the roll-ups once (bulk imports,
    demo loading). Call inside the transaction of the write."""
    count = 0
    for unit in units:
        data = evaluate_unit_year(unit, set_code, year).to_dict()
        Assessment.objects.update_or_create(
            unit=unit, set_code=set_code, year=year, defaults=assessment_fields(data)
        )
        count += 1
    rollups.rebuild_all(set_code, year)
    return count
