"""A typed reader of an assessment's result, so pages, exports and planning read criterion
statuses, their basis, the gaps and the revocation outcome by attribute, never by string keys
spelled again in each of them.

Two forms are read: the compact result an assessment stores (`core.compact`: statuses, basis,
provisional marks, total gap, revocation; no indicators, so `gaps()` is empty) and the engine's
summary form (`EvaluationResult.to_dict(explain=False)`), which `selectors.explained` computes for
the unit a page explains."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ntm.core.compact import SCHEMA as COMPACT
from ntm.core.revocation import wording

MET = "met"
UNMET = ("not_met", "missing")


@dataclass(frozen=True, slots=True)
class IndicatorGap:
    """An indicator of a criterion not met: missing, or short of its threshold (by how much)."""

    criterion: str
    code: str
    status: str  # not_met | missing
    label_vi: str  # "thiếu 2,5 điểm %"; empty when the value is missing or not numeric
    label_en: str
    normalised: float | None  # the gap over the threshold, comparable across indicators


@dataclass(frozen=True, slots=True)
class CriterionSummary:
    code: str
    status: str  # met | not_met | missing | not_applicable
    basis: str | None  # computed | recorded (a status an office recorded, not computed)
    computed_status: str | None  # what the indicators give, beside a recorded status
    indicators: tuple[dict[str, Any], ...]  # the stored indicator results, read by `gaps()`
    provisional: bool = False  # "tạm tính": the status rests on unconfirmed thresholds

    @property
    def recorded(self) -> bool:
        return self.basis == "recorded"

    def indicator_status(self, code: str) -> str | None:
        return next((i["status"] for i in self.indicators if i["code"] == code), None)

    def gaps(self) -> list[IndicatorGap]:
        """The criterion's indicators not met or missing (none when the criterion is met)."""
        if self.status == MET:
            return []
        out = []
        for ind in self.indicators:
            if ind["status"] in UNMET:
                gap = ind.get("gap") or {}
                out.append(
                    IndicatorGap(
                        criterion=self.code,
                        code=ind["code"],
                        status=ind["status"],
                        label_vi=gap.get("label_vi", ""),
                        label_en=gap.get("label_en", ""),
                        normalised=gap.get("normalised"),
                    )
                )
        return out


@dataclass(frozen=True, slots=True)
class RevocationSummary:
    """The revocation rule's outcome for the unit (QĐ 18/2022), as the engine stored it."""

    outcome: str  # revoke | undetermined | keep
    clause: str | None
    explanation_vi: str
    explanation_en: str


@dataclass(frozen=True, slots=True)
class AssessmentSummary:
    criteria: tuple[CriterionSummary, ...]
    revocation: RevocationSummary | None
    provisional: bool = False  # the standard's verdict is "tạm tính"

    gap: float | None = None  # the total normalised gap, as stored in a compact result

    @classmethod
    def from_result(cls, result: dict[str, Any] | None) -> AssessmentSummary:
        result = result or {}
        if result.get("schema") == COMPACT:
            return cls._from_compact(result)
        criteria = tuple(
            CriterionSummary(
                code=c["code"],
                status=c["status"],
                basis=c.get("basis"),
                computed_status=c.get("computed_status"),
                indicators=tuple(c.get("indicators", ())),
                provisional=bool(c.get("provisional")),  # absent from summaries stored before /2
            )
            for c in result.get("criteria", ())
        )
        revocation = _revocation(result.get("revocation"))
        return cls(criteria, revocation, bool(result.get("summary", {}).get("provisional")))

    @classmethod
    def _from_compact(cls, result: dict[str, Any]) -> AssessmentSummary:
        recorded, provisional = set(result["recorded"]), set(result["criteria_provisional"])
        criteria = tuple(
            CriterionSummary(
                code=code,
                status=status,
                basis="recorded" if code in recorded else "computed",
                # a recorded status stands only where the indicators decide nothing
                computed_status="missing" if code in recorded else status,
                indicators=(),
                provisional=code in provisional,
            )
            for code, status in result["criteria"].items()
        )
        stored = result.get("revocation")
        revocation = None
        if stored:
            counts = (stored["not_met"], stored["missing"], stored["total"], stored["key_not_met"])
            vi, en = wording(stored["outcome"], stored["clause"], *counts)
            revocation = RevocationSummary(stored["outcome"], stored["clause"], vi, en)
        return cls(criteria, revocation, bool(result["provisional"]), result["gap"])

    @property
    def statuses(self) -> dict[str, str]:
        """Criterion code -> status."""
        return {c.code: c.status for c in self.criteria}

    @property
    def criteria_remaining(self) -> int:
        """Criteria not met or missing: what stands between the unit and the standard."""
        return sum(c.status in UNMET for c in self.criteria)

    def status_of(self, code: str) -> str | None:
        """The status of a criterion ("5") or of an indicator ("5.2"); None when not in the result."""
        criterion_code, _, _rest = code.partition(".")
        criterion = next((c for c in self.criteria if c.code == criterion_code), None)
        if criterion is None:
            return None
        return criterion.status if "." not in code else criterion.indicator_status(code)

    def gaps(self) -> list[IndicatorGap]:
        """Every indicator not met or missing, criterion by criterion."""
        return [gap for criterion in self.criteria for gap in criterion.gaps()]

    @property
    def total_gap(self) -> float:
        """The normalised gaps added up (the tie-break of the nearest-to-standard order)."""
        if self.gap is not None:
            return self.gap
        return sum(g.normalised for g in self.gaps() if g.normalised is not None)


def _revocation(stored: dict[str, Any] | None) -> RevocationSummary | None:
    if not stored:
        return None
    return RevocationSummary(
        outcome=stored["outcome"],
        clause=stored.get("clause"),
        explanation_vi=stored.get("explanation_vi", ""),
        explanation_en=stored.get("explanation_en", ""),
    )
