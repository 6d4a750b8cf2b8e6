"""The compact result an assessment stores, built alike from the explaining engine (`evaluate`) and
from the bulk path (`batch.evaluate_batch`), so one comparison tells whether they agree.

It holds what pages and roll-ups read for many units at once — each criterion's status, the
criteria whose status an office recorded and those resting on unconfirmed thresholds ("tạm
tính"), the column of thresholds applied, the standard, the number of indicators without data,
the total normalised gap (the "nearest to standard" order) and the revocation outcome with its
clause and the counts its wording is made from — and nothing a page of one unit needs beyond
that: the per-indicator explanation (values, thresholds, their layers and gaps) is computed again
for the unit shown.
About 0.4 KB for a commune under the 2021 set, against ~8 KB for the engine's summary form.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ntm.core.status import Status

if TYPE_CHECKING:
    from ntm.core.batch import BatchRow
    from ntm.core.evaluate import EvaluationResult

SCHEMA = "ntm.assessment/1"


def _revocation(outcome: str | None, counts: tuple[Any, ...] | None) -> dict[str, Any] | None:
    """The outcome, its clause and the counts `revocation.wording` explains it from."""
    if outcome is None or counts is None:
        return None
    clause, not_met, missing, total, key_not_met = counts
    return {
        "outcome": outcome,
        "clause": clause,
        "not_met": not_met,
        "missing": missing,
        "total": total,
        "key_not_met": list(key_not_met),
    }


def _compact(
    column: str,
    statuses: dict[str, str],
    standard: Status,
    provisional: bool,
    recorded: list[str],
    criteria_provisional: list[str],
    missing_values: int,
    gap: float,
    revocation: Any,
) -> dict[str, Any]:
    return {
        "schema": SCHEMA,
        "column": column,
        "standard": str(standard),
        "provisional": provisional,
        "criteria": statuses,
        "recorded": recorded,
        "criteria_provisional": criteria_provisional,
        "missing_values": missing_values,
        "gap": float(gap),
        "revocation": revocation,
    }


def from_result(result: EvaluationResult) -> dict[str, Any]:
    """The compact form of one explained result."""
    standard = result.standard
    revocation = result.revocation
    return _compact(
        result.column,
        {c.criterion.code: str(c.status) for c in result.criteria},
        standard,
        result.provisional,
        [c.criterion.code for c in result.criteria if c.basis == "recorded"],
        list(result.provisional_criteria),
        sum(i.status is Status.MISSING for c in result.criteria for i in c.indicators),
        sum(
            i.gap.normalised
            for c in result.criteria
            if c.status is not Status.MET
            for i in c.indicators
            if i.gap
        ),
        _revocation(
            revocation.outcome if revocation else None,
            (
                revocation.clause,
                len(revocation.not_met),
                len(revocation.missing),
                revocation.total,
                revocation.key_not_met,
            )
            if revocation
            else None,
        ),
    )


def from_row(row: BatchRow) -> dict[str, Any]:
    """The compact form of one bulk row."""
    return _compact(
        row.column,
        {code: str(status) for code, status in row.criteria.items()},
        row.standard,
        row.standard_provisional,
        list(row.recorded),
        list(row.provisional),
        row.missing_values,
        row.gap,
        _revocation(row.revocation, row.revocation_counts),
    )


def columns(compact: dict[str, Any]) -> dict[str, Any]:
    """The assessment's counting columns, read from its compact result."""
    statuses = compact["criteria"]
    return {
        "criteria_met": sum(s == "met" for s in statuses.values()),
        "criteria_total": len(statuses),
        "standard_met": compact["standard"] == "met",
        "met_criteria": [code for code, s in statuses.items() if s == "met"],
        "standard_provisional": compact["provisional"],
        "provisional_criteria": list(compact["criteria_provisional"]),
        "criteria_recorded": len(compact["recorded"]),
        "missing_values": compact["missing_values"],
        "result": compact,
    }


def differences(expected: dict[str, Any], actual: dict[str, Any]) -> list[str]:
    """The keys on which two compact results differ, each with both values (empty when they agree).
    Exact, the gap included: both paths add the same gaps in the same order."""
    keys = sorted(expected.keys() | actual.keys())
    return [f"{k}: {expected.get(k)!r} ≠ {actual.get(k)!r}" for k in keys if expected.get(k) != actual.get(k)]
