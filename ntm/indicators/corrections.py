"""Administrators correct unconfirmed thresholds; every assessment of the set is then re-evaluated."""

from django.core.exceptions import PermissionDenied
from django.db import transaction

from ntm.accounts.permissions import is_admin
from ntm.audit import services as audit
from ntm.core.values import (
    REASON_FIELD,
    REASON_MAX,
    SOURCE_FIELD,
    SOURCE_MAX,
    InvalidValue,
    check_text,
    check_value,
)
from ntm.units.models import AdminUnit

from .assess import reassess_many
from .engine import catalog, dependent_sets
from .models import Assessment, ThresholdCorrection


@transaction.atomic
def correct_threshold(
    *,
    actor,
    set_code: str,
    indicator_code: str,
    value,
    verified: bool,
    source: str,
    reason: str,
    province_code: str = "",
    column: str = "",
    year: int | None = None,
):
    """Record a correction (superseding an earlier one for the same cell) and re-evaluate."""
    if not is_admin(actor):
        raise PermissionDenied("Chỉ quản trị hệ thống được điều chỉnh ngưỡng.")
    indicator = catalog().get(set_code).indicator(indicator_code)
    try:
        typed = check_value(indicator, value)
        source = check_text(SOURCE_FIELD, source, SOURCE_MAX)
        reason = check_text(REASON_FIELD, reason, REASON_MAX)
    except InvalidValue as exc:
        raise ValueError(f"Ngưỡng không hợp lệ cho chỉ tiêu {indicator_code}: {exc}") from exc
    if typed is None:
        raise ValueError("Cần nhập giá trị ngưỡng.")
    if not source or not reason:
        raise ValueError("Cần ghi căn cứ pháp lý và lý do điều chỉnh.")
    cell = {
        "set_code": set_code,
        "indicator_code": indicator_code,
        "province_code": province_code,
        "column": column,
        "year": year,
    }
    previous = list(ThresholdCorrection.objects.select_for_update().filter(active=True, **cell))
    ThresholdCorrection.objects.filter(pk__in=[p.pk for p in previous]).update(active=False)
    correction = ThresholdCorrection.objects.create(
        **cell, value=typed, verified=verified, source=source.strip(), reason=reason.strip(), author=actor
    )
    audit.record(
        actor=actor,
        action="threshold.correct",
        obj=correction,
        label=f"{set_code} · {indicator_code}" + (f" · tỉnh {province_code}" if province_code else ""),
        old=[{"value": p.value, "verified": p.verified, "source": p.source} for p in previous] or None,
        new={"value": typed, "verified": verified, "source": source, "column": column, "year": year},
        reason=reason,
    )
    reevaluate_set(set_code)
    return correction


def reevaluate_set(set_code: str) -> int:
    """Re-evaluate every stored assessment of a set (and of the sets that require it)."""
    count = 0
    for code in (set_code, *dependent_sets(set_code)):
        years = Assessment.objects.filter(set_code=code).values_list("year", flat=True).distinct()
        for year in years:
            units = AdminUnit.objects.filter(assessments__set_code=code, assessments__year=year)
            count += reassess_many(units, code, year)
    return count
