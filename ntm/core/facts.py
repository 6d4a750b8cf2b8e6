"""The facts the engine is given about a unit beyond its own values: the contract between the code
that gathers them from the database (`indicators.engine.facts_for`) and the core that reads them
(a set's extra conditions in `conditions`, the district revocation rule in `revocation`).

A district set reads counts over the district's communes. Spelled once here, so a key that one
side supplies and the other reads cannot drift apart (`communes_revoked` was read by the district
revocation rule and supplied by nothing, so its clause (a) could never be decided).
Facts typed in by hand (JSON or CSV input to `ntm evaluate`) may carry other keys too: a set's
conditions name the facts they need (`fact:`, `numerator:`, `denominator:` in its YAML).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final, TypedDict

COMMUNES_TOTAL: Final = "communes_total"
COMMUNES_NTM: Final = "communes_ntm"
COMMUNES_REVOKED: Final = "communes_revoked"
COMMUNES_MODERN: Final = "communes_modern"
FARMLAND_UNITS_TOTAL: Final = "farmland_units_total"
FARMLAND_UNITS_70: Final = "farmland_units_70"
SATISFACTION_PCT: Final = "satisfaction_pct"
COMMUNE_SATISFACTION_PCT: Final = "commune_satisfaction_pct"


class DistrictFacts(TypedDict, total=False):
    """What the database supplies for a district set, counted on 31/12 of the assessed year."""

    communes_total: int  # communes of the district (not wards or towns)
    communes_ntm: int  # of them, assessed as meeting the communes' base standard that year
    communes_revoked: int  # of them, whose recognition under that standard stands revoked
    satisfaction_pct: float  # households satisfied with the district's results (the dossier's survey)
    commune_satisfaction_pct: dict[str, dict[str, float]]  # {commune: {content: pct}}, same survey


class ProvinceFacts(TypedDict, total=False):
    """What the database supplies for a province set (QĐ 51/2025 Phụ lục III), counted over the
    province's units in force on 31/12 of the assessed year."""

    communes_total: int  # communes (xã) of the province
    communes_ntm: int  # of them, assessed as meeting the 2026–2030 commune set that year
    communes_modern: int  # of them, assessed as meeting the modern-commune set that year
    farmland_units_total: int  # special zones, plus wards formed from communes with ≥ 70% farmland
    farmland_units_70: int  # of them, meeting ≥ 70% of the criteria; absent while any ward is undetermined


def count(facts: Mapping[str, Any], key: str) -> int | None:
    """A count fact as an integer; None when it is not supplied (so a rule needing it stays open)."""
    raw = facts.get(key)
    return None if raw is None or raw == "" else int(raw)


def district_counts(facts: Mapping[str, Any]) -> tuple[int | None, int | None]:
    """(communes in the district, communes whose recognition is revoked): revocation clause (a)."""
    return count(facts, COMMUNES_TOTAL), count(facts, COMMUNES_REVOKED)
