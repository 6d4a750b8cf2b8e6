"""Revocation risk under QĐ 18/2022/QĐ-TTg (the rule for withdrawing a recognition).

Commune: (a) 30% to 50% of its criteria not met, and among them at least one key criterion
(income; environment & food safety; environment; living-environment quality; defence & security);
or (b) 50% or more not met.
District: (a) 30% or more of its communes revoked; (b) 30% to under 50% of the district criteria
not met, among them a key criterion (economy; environment; living-environment quality; political
system – security – public administration); or (c) 50% or more not met.

Reading of the boundaries (documented in docs/evaluation.md):
- "30% to 50%" includes 30%: 30% not met with a key criterion failing is revocation.
- Exactly 50% falls under the "50% or more" clause, for communes and districts alike, so no key
  criterion is needed there. The commune text's overlap at 50% ((a) "to 50%" and (b) "≥ 50%")
  therefore never changes the outcome; we report clause (b).
- Shares are compared exactly (integers), never as rounded percentages: 6 of 19 (31.6%) is in the
  30% band, 5 of 19 (26.3%) is not; 10 of 19 (52.6%) is "50% or more", 9 of 19 (47.4%) is not.

Which criteria are "key" is data: `revocation_key: true` in the set's YAML. A set without criteria
of its own names the set it is judged on (`revocation.against`): model communes are checked on the
advanced-commune criteria (`evaluate.revocation_against`), marked unverified.

Missing data never counts as met, and never as failed either: the outcome is `revoke` when the
known failures already trigger a clause, `undetermined` when only counting the missing criteria as
failed would trigger one, and `keep` otherwise.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from ntm.core.status import UNDETERMINED, Status

REVOKE = "revoke"
KEEP = "keep"

SOURCE = "QĐ 18/2022/QĐ-TTg (02/8/2022), sửa đổi bởi QĐ 03/2024/QĐ-TTg (07/3/2024)"


@dataclass(frozen=True)
class RevocationResult:
    level: str  # commune | district
    outcome: str  # revoke | undetermined | keep
    clause: str | None  # the clause that triggers (on known failures, or on the worst case)
    not_met: tuple[str, ...]
    missing: tuple[str, ...]
    total: int
    key_not_met: tuple[str, ...]
    explanation_vi: str
    explanation_en: str
    against: str | None = None  # the set whose criteria were counted, when not the evaluated one
    verified: bool = True  # False: applying the rule this way is not confirmed against the decision

    def to_dict(self) -> dict[str, Any]:
        return {
            "against": self.against,
            "verified": self.verified,
            "level": self.level,
            "outcome": self.outcome,
            "clause": self.clause,
            "criteria_not_met": list(self.not_met),
            "criteria_missing": list(self.missing),
            "criteria_total": self.total,
            "key_criteria_not_met": list(self.key_not_met),
            "explanation_vi": self.explanation_vi,
            "explanation_en": self.explanation_en,
            "source": SOURCE,
        }


def at_least(count: int, total: int, percent: int) -> bool:
    """count/total >= percent%, exactly."""
    return total > 0 and count * 100 >= percent * total


def commune_clause(failed: int, total: int, key_failed: bool) -> str | None:
    """The QĐ 18/2022 commune clause triggered by `failed` of `total` criteria not met, if any."""
    if at_least(failed, total, 50):
        return "b"
    if at_least(failed, total, 30) and key_failed:
        return "a"
    return None


def district_clause(failed: int, total: int, key_failed: bool, communes_revoked_share_30: bool) -> str | None:
    """The district clause triggered: (a) ≥30% communes revoked; (b) 30–<50% with a key; (c) ≥50%."""
    if communes_revoked_share_30:
        return "a"
    if at_least(failed, total, 50):
        return "c"
    if at_least(failed, total, 30) and key_failed:
        return "b"
    return None


def _split(statuses: Mapping[str, Status]) -> tuple[list[str], list[str], int]:
    applicable = {code: s for code, s in statuses.items() if s is not Status.NOT_APPLICABLE}
    not_met = [code for code, s in applicable.items() if s is Status.NOT_MET]
    missing = [code for code, s in applicable.items() if s is Status.MISSING]
    return not_met, missing, len(applicable)


def commune_outcome(
    failed: int, missing: int, total: int, key_failed: bool, key_failed_or_missing: bool
) -> tuple[str, str | None]:
    """(outcome, clause) of the commune rule from counts; the batch engine calls this directly."""
    definite = commune_clause(failed, total, key_failed)
    worst = commune_clause(failed + missing, total, key_failed_or_missing)
    return (REVOKE if definite else UNDETERMINED if worst else KEEP), definite or worst


def assess_commune(statuses: Mapping[str, Status], key_criteria: Collection[str]) -> RevocationResult:
    """Commune revocation check from criterion statuses (code -> Status) and the key criterion codes."""
    not_met, missing, total = _split(statuses)
    key_failed = any(c in key_criteria for c in not_met)
    key_any = key_failed or any(c in key_criteria for c in missing)
    outcome, clause = commune_outcome(len(not_met), len(missing), total, key_failed, key_any)
    return _result("commune", outcome, clause, not_met, missing, total, key_criteria)


def assess_district(
    statuses: Mapping[str, Status],
    key_criteria: Collection[str],
    communes_total: int | None = None,
    communes_revoked: int | None = None,
) -> RevocationResult:
    """District revocation check; clause (a) needs the counts of communes and of revoked communes."""
    not_met, missing, total = _split(statuses)
    known_counts = communes_total is not None and communes_revoked is not None
    share_30 = (
        communes_total is not None
        and communes_revoked is not None
        and at_least(communes_revoked, communes_total, 30)
    )
    keys = any(c in key_criteria for c in not_met)
    definite = district_clause(len(not_met), total, keys, share_30)
    worst_keys = any(c in key_criteria for c in not_met + missing)
    worst = district_clause(len(not_met) + len(missing), total, worst_keys, share_30 or not known_counts)
    outcome = REVOKE if definite else UNDETERMINED if worst else KEEP
    return _result("district", outcome, definite or worst, not_met, missing, total, key_criteria)


def wording(
    outcome: str, clause: str | None, not_met: int, missing: int, total: int, key_not_met: Iterable[str]
) -> tuple[str, str]:
    """The outcome explained (Vietnamese, English) from the counts: criteria not met, without
    data, applicable, and the key criteria not met."""
    count = f"{not_met}/{total}"
    if outcome == REVOKE:
        keys = ", ".join(key_not_met)
        vi = f"Thuộc trường hợp thu hồi, điểm {clause}: {count} tiêu chí không đạt"
        en = f"Revocation case, clause ({clause}): {count} criteria not met"
        vi += f", trong đó tiêu chí xét thu hồi {keys}." if keys else "."
        en += f", including key criteria {keys}." if keys else "."
    elif outcome == UNDETERMINED:
        vi = f"Chưa xác định: thiếu dữ liệu {missing} tiêu chí; nếu không đạt sẽ thuộc điểm {clause}."
        en = f"Undetermined: {missing} criteria lack data; if not met, clause ({clause}) applies."
    else:
        vi = f"Không thuộc trường hợp thu hồi ({count} tiêu chí không đạt)."
        en = f"No revocation case ({count} criteria not met)."
    return vi, en


def _result(
    level: str,
    outcome: str,
    clause: str | None,
    not_met: list[str],
    missing: list[str],
    total: int,
    key_criteria: Collection[str],
) -> RevocationResult:
    key_not_met = tuple(c for c in not_met if c in key_criteria)
    vi, en = wording(outcome, clause, len(not_met), len(missing), total, key_not_met)
    return RevocationResult(
        level=level,
        outcome=outcome,
        clause=clause,
        not_met=tuple(not_met),
        missing=tuple(missing),
        total=total,
        key_not_met=key_not_met,
        explanation_vi=vi,
        explanation_en=en,
    )
