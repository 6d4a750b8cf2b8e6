"""OCOP reads: each product's latest rating, the expiring list, counts by star."""

import datetime
from collections import Counter

from ntm.core import ocop
from ntm.core.collation import sort_key

from .models import Product, Rating


def latest_ratings(units) -> list[Rating]:
    """The latest rating of every product whose producer lies in `units` (a queryset of units)."""
    latest = {}
    for rating in (
        Rating.objects.filter(product__producer__unit__in=units)
        .select_related("product__producer__unit")
        .order_by("certified_on", "id")
    ):
        latest[rating.product_id] = rating
    return sorted(latest.values(), key=lambda r: (-r.stars, sort_key(r.product.name)))


def expiring(ratings, today: datetime.date, months: int = 6) -> list[Rating]:
    return [
        r
        for r in ratings
        if r.stars >= ocop.CERTIFIED_MIN_STARS and ocop.expiring_within(r.expires_on, today, months)
    ]


def counts_by_star(ratings, today: datetime.date) -> dict[int, int]:
    """Products with a valid certificate on `today`, by stars (3–5); lower ratings by their stars too."""
    return dict(Counter(r.stars for r in ratings if r.expires_on >= today))


def products_without_rating(units):
    return Product.objects.filter(producer__unit__in=units, ratings__isnull=True)
