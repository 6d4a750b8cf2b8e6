"""Reads of indicator data for pages and the API."""

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from ntm.core.gaps import nearest_key
from ntm.core.status import UNDETERMINED
from ntm.core.values import format_number

from .engine import evaluate_unit_year
from .models import Assessment, CriterionStatus, IndicatorValue
from .summary import AssessmentSummary, RevocationSummary


def current_versions(unit, set_code: str, year: int, moment=None) -> dict[str, IndicatorValue]:
    """The version of each value that is current (or was current at `moment`)."""
    rows = IndicatorValue.objects.at(moment).annual(set_code, year).filter(unit=unit).select_related("author")
    return {v.indicator_code: v for v in rows}


def value_history(unit, set_code: str, year: int, indicator_code: str) -> list[IndicatorValue]:
    """Every version of one value, newest first (who, when, value, why)."""
    return list(
        IndicatorValue.objects.annual(set_code, year)
        .filter(unit=unit, indicator_code=indicator_code)
        .select_related("author")
        .order_by("-version")
    )


def status_history(unit, set_code: str, year: int, criterion_code: str) -> list[CriterionStatus]:
    return list(
        CriterionStatus.objects.filter(unit=unit, set_code=set_code, year=year, criterion_code=criterion_code)
        .select_related("author")
        .order_by("-version")
    )


def input_text(value: Any, lang: str = "vi") -> str:
    """How a stored value is shown in an input box: a number in the convention the one parser reads
    (`ntm.core.numbers`: decimal comma, no thousands mark) in both languages, so that sending the
    form back reads the same number — "12,000" in English would come back as twelve."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return format_number(value, "vi", 4).replace(".", "")
    return str(value)


@dataclass(frozen=True)
class SheetRow:
    indicator: dict  # the engine's indicator result (status, threshold, gap, names…)
    version: IndicatorValue | None
    editable: bool
    text: str  # what the input box shows
    optional: bool  # "nếu có": the unit may declare it not applicable
    base: str = ""  # growth: the indicator it is computed from


def entry_sheet(cset, evaluation: dict, versions: dict[str, IndicatorValue], editable: set[str], lang: str):
    """Criteria of the evaluation with, per indicator, its stored version and input text."""
    criteria = []
    for criterion in evaluation["criteria"]:
        rows = [
            SheetRow(
                indicator=ind,
                version=versions.get(ind["code"]),
                editable=criterion["code"] in editable,
                text=input_text(versions[ind["code"]].value, lang) if ind["code"] in versions else "",
                optional=cset.indicator(ind["code"]).optional,
                base=cset.indicator(ind["code"]).base,
            )
            for ind in criterion["indicators"]
        ]
        criteria.append((criterion, rows))
    return criteria


def assessments_for(units, set_code: str, year: int) -> dict[int, Assessment]:
    return {a.unit_id: a for a in Assessment.objects.filter(unit__in=units, set_code=set_code, year=year)}


def nearest_to_standard(assessments: Iterable[Assessment], limit: int = 10) -> list[Assessment]:
    """The assessments not meeting the standard, nearest to it first (the order of
    `core.gaps.rank_nearest`, which the CLI uses on fresh results)."""
    keyed = []
    for assessment in assessments:
        if assessment.standard_met:
            continue
        summary = assessment.summary()
        keyed.append(
            (nearest_key(summary.criteria_remaining, summary.total_gap, str(assessment.unit_id)), assessment)
        )
    keyed.sort(key=lambda pair: pair[0])
    return [assessment for _key, assessment in keyed[:limit]]


def explained(assessment: Assessment, unit=None) -> AssessmentSummary:
    """The assessment with its per-indicator explanation (statuses, gaps), computed now by the
    explaining engine for this one unit: the stored compact result has none. For the few units a
    page explains (the matrix's nearest units, a plan's indicator targets of one unit)."""
    result = evaluate_unit_year(unit or assessment.unit, assessment.set_code, assessment.year)
    return AssessmentSummary.from_result(result.to_dict(explain=False))


UNASSESSED_RISK = RevocationSummary(outcome=UNDETERMINED, clause=None, explanation_vi="", explanation_en="")


def revocation_risk(assessment: Assessment | None, recognised: bool) -> RevocationSummary | None:
    """For a recognised unit that does not meet the standard now: the revocation rule's outcome
    (undetermined when it has no assessment or the set has no such rule); None otherwise."""
    if not recognised or (assessment is not None and assessment.standard_met):
        return None
    summary = assessment.summary() if assessment is not None else None
    return (summary.revocation if summary else None) or UNASSESSED_RISK
