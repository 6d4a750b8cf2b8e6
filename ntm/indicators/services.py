"""Every write of indicator data: permission, validation, optimistic concurrency, an appended
version, the audit record and the re-evaluation — all in one transaction."""

from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from ntm.accounts.actors import actor_name, is_system, person
from ntm.accounts.permissions import can_edit_criterion
from ntm.audit import services as audit
from ntm.core.values import NA, InvalidValue, coerce_value
from ntm.units.models import AdminUnit

from .assess import reassess
from .engine import NOT_APPLICABLE, catalog
from .models import CriterionStatus, IndicatorValue


class ValueConflict(Exception):
    """Someone saved a newer version since the form was opened: nothing was written."""

    def __init__(self, conflicts: list["Conflict"]):
        self.conflicts = conflicts
        super().__init__("; ".join(str(c) for c in conflicts))


@dataclass(frozen=True)
class Conflict:
    code: str
    expected_version: int
    current_version: int
    current_value: Any
    author: str
    what: str = "chỉ tiêu"  # "tiêu chí" for a recorded criterion status

    def __str__(self) -> str:
        return (
            f"{self.what} {self.code}: {self.author} đã lưu giá trị mới “{self.current_value}” "
            f"(phiên bản {self.current_version}) sau khi bạn mở biểu mẫu"
        )


class InvalidInput(ValueError):
    """One or more values cannot be saved; `errors` maps indicator code to the message."""

    def __init__(self, errors: dict[str, str]):
        self.errors = errors
        super().__init__("; ".join(f"{code}: {message}" for code, message in errors.items()))


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
    """The JSON form of a typed value; "not applicable" is kept as the text the engine reads back."""
    value = coerce_value(indicator, raw)
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
    current = {
        v.indicator_code: v
        for v in IndicatorValue.objects.select_for_update(of=("self",))
        .annual(set_code, year)
        .filter(unit=unit, is_current=True)
        .select_related("author")
    }
    errors, conflicts, planned = {}, [], []
    for change in changes:
        if change.code not in indicators:
            errors[change.code] = f"không phải chỉ tiêu của bộ {set_code}"
            continue
        criterion, indicator = indicators[change.code]
        if not is_system(actor) and not can_edit_criterion(actor, unit, criterion):
            raise PermissionDenied(f"Bạn không có quyền nhập tiêu chí {criterion.code} cho {unit.name}.")
        try:
            value = _stored(indicator, change.raw)
        except InvalidValue as exc:
            errors[change.code] = str(exc)
            continue
        old = current.get(change.code)
        old_version = old.version if old else 0
        if check_versions and change.expected_version != old_version:
            conflicts.append(
                Conflict(
                    change.code,
                    change.expected_version,
                    old_version,
                    old.value if old else None,
                    (str(old.author) if old.author else old.actor) if old else "",
                )
            )
            continue
        if (old.value if old else None) == value:
            continue
        if old is not None and old.value is not None and not reason.strip():
            errors[change.code] = "cần ghi lý do khi sửa giá trị đã có"
            continue
        planned.append((change, indicator, old, value))
    if conflicts:
        raise ValueConflict(conflicts)
    if errors:
        raise InvalidInput(errors)

    now = timezone.now()
    result = SaveResult(unchanged=[c.code for c in changes if c.code not in {p[0].code for p in planned}])
    for change, indicator, old, value in planned:
        if old is not None:
            IndicatorValue.objects.filter(pk=old.pk).update(is_current=False, superseded_at=now)
        row = IndicatorValue.objects.create(
            set_code=set_code,
            indicator_code=indicator.code,
            unit=unit,
            period=str(year),
            year=year,
            version=(old.version if old else 0) + 1,
            value=value,
            source=change.source,
            reason=reason,
            author=person(actor),
            actor=actor_name(actor),
            created_at=now,
            is_demo=is_demo,
        )
        audit.record(
            actor=actor,
            action="value.save",
            obj=row,
            label=f"{unit.name} · {set_code} · {indicator.code} · {year}",
            old=None if old is None else {"value": old.value, "version": old.version},
            new={"value": value, "version": row.version},
            reason=reason,
        )
        result.written.append(row)
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
    current = {
        s.criterion_code: s
        for s in CriterionStatus.objects.select_for_update(of=("self",))
        .filter(unit=unit, set_code=set_code, year=year, is_current=True)
        .select_related("author")
    }
    conflicts, errors, planned = [], {}, []
    for code, met in statuses.items():
        if not is_system(actor) and not can_edit_criterion(actor, unit, criteria[code]):
            raise PermissionDenied(f"Bạn không có quyền ghi nhận tiêu chí {code} cho {unit.name}.")
        old = current.get(code)
        old_version = old.version if old else 0
        if expected_versions is not None and expected_versions.get(code, 0) != old_version:
            author = (str(old.author) if old.author else old.actor) if old else ""
            conflicts.append(
                Conflict(
                    code,
                    expected_versions.get(code, 0),
                    old_version,
                    old.met if old else None,
                    author,
                    "tiêu chí",
                )
            )
            continue
        if old is not None and old.met == met:
            continue
        if old is not None and old.met is not None and not reason.strip():
            errors[code] = "cần ghi lý do khi sửa kết quả đã ghi nhận"
            continue
        planned.append((code, met, old))
    if conflicts:
        raise ValueConflict(conflicts)
    if errors:
        raise InvalidInput(errors)
    now = timezone.now()
    written = []
    for code, met, old in planned:
        if old is not None:
            CriterionStatus.objects.filter(pk=old.pk).update(is_current=False, superseded_at=now)
        row = CriterionStatus.objects.create(
            set_code=set_code,
            criterion_code=code,
            unit=unit,
            year=year,
            version=(old.version if old else 0) + 1,
            met=met,
            source=source,
            reason=reason,
            author=person(actor),
            actor=actor_name(actor),
            created_at=now,
            is_demo=is_demo,
        )
        audit.record(
            actor=actor,
            action="status.record",
            obj=row,
            label=f"{unit.name} · {set_code} · TC{code} · {year}",
            old=None if old is None else {"met": old.met, "version": old.version},
            new={"met": met, "version": row.version},
            reason=reason,
        )
        written.append(row)
    if written and reevaluate:
        reassess(unit, set_code, year)
    return written
