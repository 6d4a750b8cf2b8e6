"""OCOP writes, each audited in its transaction: producers and products created and edited, ratings
recorded with their scores checked against the version and stars and expiry computed."""

import datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db import transaction

from ntm.accounts.actors import is_system, person
from ntm.accounts.permissions import can_edit_unit_data
from ntm.audit import services as audit
from ntm.core import ocop

from .models import Producer, Product, Rating


def _check(actor, unit) -> None:
    if not is_system(actor) and not can_edit_unit_data(actor, unit):
        raise PermissionDenied(f"Bạn không có quyền ghi dữ liệu OCOP cho {unit.name}.")


def _fields(obj, names) -> dict:
    return {name: str(getattr(obj, name)) for name in names}


@transaction.atomic
def save_producer(*, actor, producer: Producer, reason: str = "") -> Producer:
    """Create (no pk) or update a producer in a unit the actor may write; audited with old and new."""
    names = ("name", "kind", "unit")
    old = None
    if producer.pk:
        before = Producer.objects.select_for_update(of=("self",)).select_related("unit").get(pk=producer.pk)
        _check(actor, before.unit)
        old = _fields(before, names)
    _check(actor, producer.unit)
    producer.save()
    audit.record(
        actor=actor,
        action="ocop.producer.update" if old else "ocop.producer.create",
        obj=producer,
        label=producer.name,
        old=old,
        new=_fields(producer, names),
        reason=reason,
    )
    return producer


@transaction.atomic
def save_product(*, actor, product: Product, reason: str = "") -> Product:
    """Create (no pk) or update a product of a producer the actor may write; audited with old and new."""
    names = ("name", "group", "producer")
    old = None
    if product.pk:
        before = (
            Product.objects.select_for_update(of=("self",))
            .select_related("producer__unit")
            .get(pk=product.pk)
        )
        _check(actor, before.producer.unit)
        old = _fields(before, names)
    _check(actor, product.producer.unit)
    product.save()
    audit.record(
        actor=actor,
        action="ocop.product.update" if old else "ocop.product.create",
        obj=product,
        label=product.name,
        old=old,
        new=_fields(product, names),
        reason=reason,
    )
    return product


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
