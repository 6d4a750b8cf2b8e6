"""Evaluation statuses and how an indicator list combines into a criterion status."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from enum import StrEnum


class Status(StrEnum):
    MET = "met"
    NOT_MET = "not_met"
    MISSING = "missing"  # no value (or not enough) to decide; never counts as met
    NOT_APPLICABLE = "not_applicable"


UNDETERMINED = "undetermined"  # a revocation outcome that the known data cannot decide yet

# The words for each status (and for an undetermined outcome), lower case: the one source of status
# labels for the CLI, the exports and the pages (which capitalise the first letter).
LABELS: dict[str, dict[str, str]] = {
    "vi": {
        Status.MET: "đạt",
        Status.NOT_MET: "chưa đạt",
        Status.MISSING: "thiếu số liệu",
        Status.NOT_APPLICABLE: "không áp dụng",
        UNDETERMINED: "chưa xác định",
    },
    "en": {
        Status.MET: "met",
        Status.NOT_MET: "not met",
        Status.MISSING: "missing data",
        Status.NOT_APPLICABLE: "not applicable",
        UNDETERMINED: "undetermined",
    },
}
STATUSES = tuple(LABELS["vi"])


# A verdict resting on a threshold not yet confirmed against its decision (see `provisional`).
PROVISIONAL: dict[str, str] = {"vi": "tạm tính", "en": "provisional"}


def label(status: str, lang: str = "vi", provisional: bool = False) -> str:
    """The word for `status` in `lang` ("vi" or "en"); an unknown status is shown as it is.

    A provisional verdict reads "đạt (tạm tính)" / "met (provisional)": the one way every page,
    export and report says it."""
    lang = "en" if lang == "en" else "vi"
    word = LABELS[lang].get(status, status)
    if provisional and status in (Status.MET, Status.NOT_MET):
        return f"{word} ({PROVISIONAL[lang]})"
    return word


MARKS = {Status.MET: "✓", Status.NOT_MET: "✗", Status.MISSING: "?", Status.NOT_APPLICABLE: "–"}

_RECORDED_WORDS = {
    "met": Status.MET,
    "true": Status.MET,
    "yes": Status.MET,
    "1": Status.MET,
    "đạt": Status.MET,
    "có": Status.MET,
    "not_met": Status.NOT_MET,
    "not met": Status.NOT_MET,
    "false": Status.NOT_MET,
    "no": Status.NOT_MET,
    "0": Status.NOT_MET,
    "chưa đạt": Status.NOT_MET,
    "không đạt": Status.NOT_MET,
    "không": Status.NOT_MET,
    "not_applicable": Status.NOT_APPLICABLE,
    "n/a": Status.NOT_APPLICABLE,
}


def parse_recorded(raw: object) -> Status | None:
    """A recorded criterion status as offices write it (met / đạt / true / chưa đạt / …); None if blank."""
    if raw is None or raw == "":
        return None
    if isinstance(raw, bool):
        return Status.MET if raw else Status.NOT_MET
    word = str(raw).strip().lower()
    if word not in _RECORDED_WORDS:
        raise ValueError(f"unknown criterion status {raw!r} (use met / not_met, đạt / chưa đạt)")
    return _RECORDED_WORDS[word]


def combine(rule: str, at_least: int | None, statuses: Iterable[Status], complete: bool = True) -> Status:
    """Criterion status from its indicator statuses.

    `all` (default): met only when every applicable indicator is met; one failure is decisive.
    `any`: one met indicator is enough. `at_least`: N met indicators are enough. Missing values
    block "met" but never hide a decisive failure. When the indicator list is incomplete (not
    fully known), `all` can fail but can never be computed as met, since an unknown indicator
    might fail; `any` / `at_least` can be met but never decisively failed.
    """
    applicable = [s for s in statuses if s is not Status.NOT_APPLICABLE]
    if not applicable:
        return Status.NOT_APPLICABLE if complete else Status.MISSING
    met = sum(s is Status.MET for s in applicable)
    missing = sum(s is Status.MISSING for s in applicable)
    if rule == "all":
        if met + missing < len(applicable):
            return Status.NOT_MET
        return Status.MET if missing == 0 and complete else Status.MISSING
    needed = 1 if rule == "any" else at_least or 0
    if met >= needed:
        return Status.MET
    if complete and met + missing < needed:
        return Status.NOT_MET
    return Status.MISSING


def is_provisional(
    status: Status,
    statuses: Sequence[Status],
    unconfirmed: Sequence[bool],
    combine_certain: Callable[[list[Status]], Status],
) -> bool:
    """Whether a verdict depends on parts decided by unconfirmed thresholds.

    The rule, the same at every level (criterion from its indicators, standard from its criteria
    and conditions): a met or not-met verdict is provisional when it would not be reached if every
    unconfirmed part were unknown (missing). So a met `all` criterion is provisional when any of
    its met indicators is; a not-met one only when no confirmed indicator fails; `any` /
    `at_least` are met for certain only with enough confirmed met indicators. Missing and not
    applicable are never provisional (nothing was decided)."""
    if status is not Status.MET and status is not Status.NOT_MET:
        return False
    if not any(unconfirmed):
        return False
    certain = [Status.MISSING if u else s for s, u in zip(statuses, unconfirmed, strict=True)]
    return combine_certain(certain) is not status


def standard_of(statuses: Iterable[Status]) -> Status:
    """A set's standard from its criteria and conditions: one not met fails it, one missing
    leaves it undecided, else met."""
    statuses = list(statuses)
    if Status.NOT_MET in statuses:
        return Status.NOT_MET
    if Status.MISSING in statuses:
        return Status.MISSING
    return Status.MET
