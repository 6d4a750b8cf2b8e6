"""Facts that recognition decisions give the engine: how many of a district's communes have their
recognition revoked, which decides clause (a) of the district revocation rule (QĐ 18/2022: 30% or
more of its communes revoked). Added to `indicators.engine.facts_for` at start-up (apps.py)."""

import datetime

from ntm.core.facts import COMMUNES_REVOKED, DistrictFacts

from .selectors import revoked_units


def revoked_communes(communes, commune_sets: list[str], year: int) -> DistrictFacts:
    """The communes whose recognition under their base standard stands revoked on 31/12 of `year`."""
    on = datetime.date(year, 12, 31)
    return {COMMUNES_REVOKED: len(revoked_units(communes, commune_sets, on)) if commune_sets else 0}
