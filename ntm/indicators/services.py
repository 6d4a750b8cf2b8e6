"""Every write of indicator data by a person or the API: permission, validation, then the
versioned write (`versions`: optimistic concurrency, an appended version, the audit record) and
the re-evaluation — all in one transaction."""

from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext

from ntm.accounts.actors import is_system
from ntm.accounts.permissions import can_edit_criterion
from ntm.core.values import (
    NA,
    REASON_FIELD,
    REASON_MAX,
    SOURCE_FIELD,
    SOURCE_MAX,
    RefusedValue,
    check_text,
    check_value,
)
from ntm.units.models import AdminUnit

from . import versions
from .assess import reassess
from .engine import NOT_APPLICABLE, catalog
from .models import CriterionStatus, IndicatorValue
from .versions import InvalidInput


@dataclass
class ValueChange:
    code: str
    raw: Any
    expected_version: int = 0  # the version the user saw; 0 = no value yet
    source: str = ""


@dataclass
class SaveResult:
    written: list[IndicatorValue] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    assessment: Any = None


def _stored(indicator, raw):
    """The JSON form of a checked value; "not applicable" is kept as the text the engine reads back."""
    value = check_value(indicator, raw)
    return NOT_APPLICABLE if value is NA else value


@transaction.atomic
def save_values(
    *,
    actor,
    unit: AdminUnit,
    set_code: str,
    year: int,
    changes: list[ValueChange],
    reason: str = "",
    check_versions: bool = True,
    reevaluate: bool = True,
    is_demo: bool = False,
) -> SaveResult:
    """Append a version for every value that changed; refuse the whole save on any problem."""
    cset = catalog().get(set_code)
    indicators = {ind.code: (criterion, ind) for criterion in cset.criteria for ind in criterion.indicators}
    errors, wanted = {}, []
    try:
        reason = check_text(REASON_FIELD, reason, REASON_MAX)
    except RefusedValue as exc:
        errors["reason"] = exc.text(gettext)
    for change in changes:
        if change.code not in indicators:
            errors[change.code] = f"không phải chỉ tiêu của bộ {set_code}"
            continue
        criterion, indicator = indicators[change.code]
        if indicator.kind == "growth":
            errors[change.code] = f"được tính từ số liệu năm trước của chỉ tiêu {indicator.base}, không nhập"
            continue
        if not is_system(actor) and not can_edit_criterion(actor, unit, criterion):
            raise PermissionDenied(f"Bạn không có quyền nhập tiêu chí {criterion.code} cho {unit.name}.")
        try:
            value = _stored(indicator, change.raw)
            change.source = check_text(SOURCE_FIELD, change.source, SOURCE_MAX)
        except RefusedValue as exc:
            errors[change.code] = exc.text(gettext)
            continue
        expected = change.expected_version if check_versions else None
        wanted.append(versions.Change(unit.pk, set_code, year, change.code, value, change.source, expected))
    if errors:
        raise InvalidInput(errors)
    written = versions.write(
        versions.VALUES, actor=actor, changes=wanted, units={unit.pk: unit}, reason=reason, is_demo=is_demo
    )
    result = SaveResult(written=written.rows(versions.VALUES), unchanged=[c.code for c in written.unchanged])
    if result.written and reevaluate:
        result.assessment = reassess(unit, set_code, year)
    return result


@transaction.atomic
def record_statuses(
    *,
    actor,
    unit: AdminUnit,
    set_code: str,
    year: int,
    statuses: dict[str, bool | None],
    source: str = "",
    reason: str = "",
    expected_versions: dict[str, int] | None = None,
    reevaluate: bool = True,
    is_demo: bool = False,
) -> list[CriterionStatus]:
    """Record criterion-level statuses (met / not met / cleared) as given, not computed.

    As `save_values`: all or nothing; `expected_versions` (criterion code -> the version the caller
    read, 0 for none; what every form and API call passes) refuses the whole write with the newer
    status when someone recorded one since; changing a recorded status needs a reason."""
    cset = catalog().get(set_code)
    criteria = {c.code: c for c in cset.criteria}
    unknown = sorted(set(statuses) - set(criteria))
    if unknown:
        raise InvalidInput({code: f"không phải tiêu chí của bộ {set_code}" for code in unknown})
    try:
        source = check_text(SOURCE_FIELD, source, SOURCE_MAX)
        reason = check_text(REASON_FIELD, reason, REASON_MAX)
    except RefusedValue as exc:
        raise InvalidInput({"reason" if exc.field == REASON_FIELD else "source": exc.text(gettext)}) from None
    for code in statuses:
        if not is_system(actor) and not can_edit_criterion(actor, unit, criteria[code]):
            raise PermissionDenied(f"Bạn không có quyền ghi nhận tiêu chí {code} cho {unit.name}.")
    wanted = [
        versions.Change(
            unit.pk,
            set_code,
            year,
            code,
            met,
            source,
            None if expected_versions is None else expected_versions.get(code, 0),
        )
        for code, met in statuses.items()
    ]
    written = versions.write(
        versions.STATUSES, actor=actor, changes=wanted, units={unit.pk: unit}, reason=reason, is_demo=is_demo
    )
    if written.planned and reevaluate:
        reassess(unit, set_code, year)
    return written.rows(versions.STATUSES)
