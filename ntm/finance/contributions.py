"""Recording community contributions (cash, land, labour, materials), audited."""

import datetime

from django.db import transaction

from ntm.audit import services as audit

from . import locks
from .models import Contribution
from .services import FundingInvalid, _decimal, _user, check_permission

AMOUNTS = ("cash", "land_m2", "labour_days", "materials_value")


@transaction.atomic
def record_contribution(
    *,
    actor,
    unit,
    period_start: datetime.date,
    period_end: datetime.date,
    contributor: str,
    households: int | None = None,
    description: str = "",
    source: str = "",
    is_demo: bool = False,
    **amounts,
) -> Contribution:
    check_permission(actor, unit)
    unknown = set(amounts) - set(AMOUNTS)
    if unknown:
        raise ValueError(f"không có trường {', '.join(sorted(unknown))}")
    labels = {f.name: str(f.verbose_name) for f in Contribution._meta.fields}
    values = {name: _decimal(amounts.get(name) or 0, labels[name]) for name in AMOUNTS}
    errors = []
    if period_end < period_start:
        errors.append("Ngày kết thúc phải sau ngày bắt đầu.")
    if contributor not in Contribution.Contributor.values:
        errors.append("Đối tượng đóng góp không hợp lệ.")
    if not any(values.values()):
        errors.append("Cần ghi ít nhất một khoản đóng góp (tiền, đất, ngày công hoặc vật liệu).")
    if households is not None and households <= 0:
        errors.append("Số hộ phải lớn hơn 0 (để trống nếu không rõ).")
    if errors:
        raise FundingInvalid(errors)
    locks.check(unit, locks.span(period_start, period_end))
    row = Contribution.objects.create(
        unit=unit,
        period_start=period_start,
        period_end=period_end,
        contributor=contributor,
        households=households,
        description=description,
        source=source,
        author=_user(actor),
        is_demo=is_demo,
        **values,
    )
    audit.record(
        actor=actor,
        action="contribution.create",
        obj=row,
        new={
            "unit": unit.pk,
            "period": [period_start.isoformat(), period_end.isoformat()],
            "contributor": contributor,
            "households": households,
            **{name: str(value) for name, value in values.items()},
        },
    )
    return row
