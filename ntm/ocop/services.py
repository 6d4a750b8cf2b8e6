"""Recording OCOP ratings: scores checked against the version, stars and expiry computed, audited."""

import datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db import transaction

from ntm.accounts.actors import is_system, person
from ntm.accounts.permissions import can_edit_unit_data
from ntm.audit import services as audit
from ntm.core import ocop

from .models import Product, Rating


@transaction.atomic
def record_rating(
    *,
    actor,
    product: Product,
    version: str,
    score_a,
    score_b,
    score_c,
    certified_on: datetime.date,
    kind: str = Rating.Kind.NEW,
    certificate_number: str = "",
    authority: str = "",
    is_demo: bool = False,
) -> Rating:
    if not is_system(actor) and not can_edit_unit_data(actor, product.producer.unit):
        raise PermissionDenied(f"Bạn không có quyền ghi kết quả OCOP cho {product.producer.unit.name}.")
    rating = ocop.check_parts(version, float(score_a), float(score_b), float(score_c))
    row = Rating.objects.create(
        product=product,
        kind=kind,
        version=version,
        score_a=Decimal(str(score_a)),
        score_b=Decimal(str(score_b)),
        score_c=Decimal(str(score_c)),
        total=Decimal(str(rating.total)),
        stars=rating.stars,
        certificate_number=certificate_number,
        certified_on=certified_on,
        expires_on=ocop.expiry(certified_on),
        authority=authority,
        author=person(actor),
        is_demo=is_demo,
    )
    audit.record(
        actor=actor,
        action="ocop.rate",
        obj=row,
        label=f"{product} · {rating.stars}★",
        new={
            "total": rating.total,
            "stars": rating.stars,
            "certified_on": certified_on.isoformat(),
            "expires_on": row.expires_on.isoformat(),
        },
    )
    return row
