"""The benchmark dataset: every commune of the units table, realistic classifications, and seeded
indicator values and recorded statuses.

Which communes a (set, year) covers is the project's own rule (`rollups.units_counted`): the
communes (xã) in force on the day the year is read on — pre-reform communes for 2021–2024,
post-reform communes for 2025 onwards (`engine.year_era_date`). Wards and townships are not
measured by the commune sets.

Everything is keyed by seed, unit code, era and year, so a unit's values are the same whatever
else is generated (small and national scales agree on the units they share) and runs repeat.

Values: each commune has a "strength" that grows by year and is lower for ĐBKK communes and the
northern mountains and Central Highlands; it decides how many criteria are weak. Indicators of a
strong criterion meet their threshold, those of a weak one fail it with probability one half (at
least one fails). About 2% of values are missing, 5% of the optional indicator is "n/a", and 2% of
unit-years carry recorded criterion statuses (an office's "met / not met" where values are
missing). Numbers sit around the threshold resolved for the unit (region column, ĐBKK → TDMNPB,
year), so results are mixed as in real data. Counts are whole numbers; a basis count (a
commune's schools, 1–8) is never failed, and a threshold it chooses is the case its value selects.
`xa-ntm-2026` has no indicators yet: its data are recorded statuses of its 10 criteria.
"""

from __future__ import annotations

import math
import random
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from ntm.core import UnitProfile, load_catalog, resolve_thresholds
from ntm.core.rules import ResolvedThreshold, column_for

NA_TEXT = "n/a"

# Share of ĐBKK communes by region (pre-reform), roughly the geography of QĐ 861/QĐ-TTg.
DBKK_SHARE = {
    "TDMNPB": 0.45,
    "TN": 0.30,
    "BTB": 0.22,
    "DHNTB": 0.18,
    "DBSCL": 0.08,
    "DNB": 0.03,
    "DBSH": 0.01,
}
ATK_SHARE = 0.01
REGION_PENALTY = {"TDMNPB": 0.12, "TN": 0.08, "BTB": 0.04, "DHNTB": 0.03}
URBANISING_SHARE = 0.12


@dataclass(frozen=True)
class Commune:
    pk: int
    code: str
    name: str
    era: str  # "pre" | "post"
    profile: UnitProfile

    @property
    def key(self) -> str:
        return f"{self.era}:{self.code}"


def _rng(*parts) -> random.Random:
    return random.Random("|".join(str(p) for p in parts))


# ------------------------------------------------------------------------------ classification (DB)


def classify(seed: int) -> dict[str, int]:
    """Set ĐBKK / ATK on pre-reform communes by region, and ĐBKK (from the predecessors) and the
    2026 commune group on post-reform communes. Straight UPDATEs: this is a benchmark database."""
    from django.db import transaction

    from ntm.indicators.engine import province_of, region_of
    from ntm.units.models import PRE_REFORM_LAST_DAY, REFORM_DATE, AdminUnit, Kind, LineageLink

    regions: dict[int, str] = {}

    def region(unit) -> str:
        top = int(unit.path.strip("/").split("/")[0])
        if top not in regions:
            regions[top] = region_of(province_of(unit))
        return regions[top]

    counts = {"dbkk_pre": 0, "atk_pre": 0, "dbkk_post": 0, "group1": 0, "group2": 0, "group3": 0}
    with transaction.atomic():
        pre = AdminUnit.objects.filter(kind=Kind.COMMUNE, valid_to=PRE_REFORM_LAST_DAY)
        dbkk, atk = [], []
        for unit in pre.only("pk", "code", "path"):
            rng = _rng(seed, "class", "pre", unit.code)
            if rng.random() < DBKK_SHARE.get(region(unit), 0.05):
                dbkk.append(unit.pk)
            elif rng.random() < ATK_SHARE:
                atk.append(unit.pk)
        pre.update(dbkk=False, atk=False)
        _update_in(AdminUnit, dbkk, dbkk=True)
        _update_in(AdminUnit, atk, atk=True)
        counts["dbkk_pre"], counts["atk_pre"] = len(dbkk), len(atk)

        dbkk_pre = set(dbkk)
        predecessors: dict[int, list[int]] = {}
        for pred, succ in LineageLink.objects.filter(
            successor__kind=Kind.COMMUNE, successor__valid_from=REFORM_DATE
        ).values_list("predecessor_id", "successor_id"):
            predecessors.setdefault(succ, []).append(pred)
        post = AdminUnit.objects.filter(kind=Kind.COMMUNE, valid_from=REFORM_DATE)
        groups: dict[int, list[int]] = {1: [], 2: [], 3: []}
        post_dbkk = []
        for unit in post.only("pk", "code"):
            preds = predecessors.get(unit.pk, [])
            share = sum(p in dbkk_pre for p in preds) / len(preds) if preds else 0
            rng = _rng(seed, "class", "post", unit.code)
            if share >= 0.5:
                post_dbkk.append(unit.pk)
                groups[3].append(unit.pk)
            elif rng.random() < URBANISING_SHARE:
                groups[1].append(unit.pk)
            else:
                groups[2].append(unit.pk)
        post.update(dbkk=False, atk=False, commune_group=None)
        _update_in(AdminUnit, post_dbkk, dbkk=True)
        for group, ids in groups.items():
            _update_in(AdminUnit, ids, commune_group=group)
            counts[f"group{group}"] = len(ids)
        counts["dbkk_post"] = len(post_dbkk)
    return counts


def _update_in(model, ids: list[int], **changes) -> None:
    for start in range(0, len(ids), 500):
        model.objects.filter(pk__in=ids[start : start + 500]).update(**changes)


# ------------------------------------------------------------------------------ communes (DB)


def communes_for(set_code: str, year: int) -> list[Commune]:
    """The communes the project counts for a set and year, with the profile the engine gives them
    (the same fields as `engine.profile_for`, provinces looked up once)."""
    from ntm.indicators.engine import province_of, region_of
    from ntm.indicators.rollups import units_counted
    from ntm.units.models import REFORM_DATE

    provinces: dict[int, tuple[str, str]] = {}
    out = []
    for unit in units_counted(None, set_code, year).order_by("code"):
        top = int(unit.path.strip("/").split("/")[0])
        if top not in provinces:
            province = province_of(unit)
            provinces[top] = (province.code, region_of(province))
        code, region = provinces[top]
        profile = UnitProfile.build(
            province_code=code,
            region=region or None,
            dbkk=unit.dbkk,
            atk=unit.atk,
            commune_group=unit.commune_group,
        )
        era = "post" if unit.valid_from == REFORM_DATE else "pre"
        out.append(Commune(unit.pk, unit.code, unit.name, era, profile))
    return out


# ------------------------------------------------------------------------------ values (pure Python)


class Generator:
    """Seeded values and recorded statuses for one criteria set."""

    def __init__(self, set_code: str, seed: int, catalog=None):
        self.catalog = catalog or load_catalog()
        self.cset = self.catalog.get(set_code)
        self.seed = seed
        self._thresholds: dict[tuple, dict[str, ResolvedThreshold]] = {}

    def thresholds(self, profile: UnitProfile, year: int) -> dict[str, ResolvedThreshold]:
        column, _ = column_for(self.cset, profile)
        province = (
            profile.province_code
            if self.catalog.overrides_for(self.cset.code, profile.province_code)
            else None
        )
        key = (column, year, province)
        if key not in self._thresholds:
            self._thresholds[key] = resolve_thresholds(self.catalog, self.cset, profile, year)
        return self._thresholds[key]

    def strength(self, commune: Commune, year: int) -> float:
        base = _rng(self.seed, "strength", commune.key).random()
        penalty = REGION_PENALTY.get(commune.profile.region or "", 0) + (0.1 if commune.profile.dbkk else 0)
        return min(1.0, max(0.0, 0.25 + 0.6 * base - penalty + 0.06 * (year - 2021)))

    def unit(self, commune: Commune, year: int) -> tuple[dict[str, Any], dict[str, bool]]:
        """(indicator values, recorded criterion statuses) of one commune and year."""
        rng = _rng(self.seed, self.cset.code, commune.key, year)
        strength = self.strength(commune, year)
        criteria = self.cset.criteria
        weak_count = min(len(criteria), int(rng.random() * (1 - strength) * 9))
        weak = set(rng.sample(range(len(criteria)), weak_count))
        values: dict[str, Any] = {}
        recorded: dict[str, bool] = {}
        if not self.cset.indicators():
            for criterion in criteria:
                if rng.random() < 0.95:
                    recorded[criterion.code] = rng.random() < 0.35 + 0.6 * strength
            return values, recorded
        thresholds = self.thresholds(commune.profile, year)
        for index, criterion in enumerate(criteria):
            indicators = criterion.indicators
            compared = [p for p, i in enumerate(indicators) if not i.basis]  # a basis value never fails
            fail_at = rng.choice(compared) if index in weak and compared else -1
            for position, indicator in enumerate(indicators):
                if rng.random() < 0.02:
                    continue  # missing
                if indicator.optional and rng.random() < 0.05:
                    values[indicator.code] = NA_TEXT
                    continue
                fails = index in weak and (position == fail_at or rng.random() < 0.5)
                threshold = _number_for(thresholds.get(indicator.code), values)
                values[indicator.code] = _value(indicator, threshold, not fails, rng)
        if rng.random() < 0.02:
            for criterion in rng.sample(criteria, rng.randint(1, 2)):
                recorded[criterion.code] = rng.random() < 0.7
        return values, recorded

    def rows(self, communes: list[Commune], year: int) -> Iterator[tuple[Commune, dict, dict]]:
        for commune in communes:
            values, recorded = self.unit(commune, year)
            yield commune, values, recorded


def _number_for(threshold: ResolvedThreshold | None, values: dict[str, Any]) -> Any:
    """The threshold value to sit around: a cased threshold's is the case the unit's basis value
    (generated before, as basis indicators come first) selects, else its first case's."""
    if threshold is None:
        return None
    candidates = threshold.for_values(values)
    return candidates[0].value if candidates else None


def _value(indicator, threshold, meets: bool, rng: random.Random) -> Any:
    if indicator.kind == "boolean":
        target = threshold if isinstance(threshold, bool) else True
        return target if meets else not target
    if indicator.basis:  # a count the thresholds of others depend on: here, a commune's schools
        return rng.randint(1, 8)
    if threshold is None or isinstance(threshold, list | bool):
        return rng.randint(0, 100) if indicator.kind == "count" else round(rng.uniform(0, 100), 1)
    if indicator.kind == "count":  # whole numbers, on the right side of the threshold
        t = float(threshold)
        low = indicator.direction == ">="
        if meets:
            value = math.ceil(t * rng.uniform(1.0, 1.6)) if low else math.floor(t * rng.uniform(0.6, 1.0))
        else:
            value = math.floor(t * rng.uniform(0.6, 1.0)) if low else math.ceil(t * rng.uniform(1.0, 1.6))
            if value == t:
                value = int(t) - 1 if low else int(t) + 1
        return max(0, value)
    t = float(threshold)
    if indicator.kind == "percent":
        if indicator.direction == ">=":
            value = rng.uniform(t, min(100.0, t + 25)) if meets else rng.uniform(max(0.0, t - 30), t)
        else:
            value = rng.uniform(max(0.0, t - 25), t) if meets else rng.uniform(t, min(100.0, t + 30))
    else:
        value = t * (rng.uniform(1.0, 1.6) if meets else rng.uniform(0.6, 1.0))
    value = (math.ceil if meets == (indicator.direction == ">=") else math.floor)(value * 10) / 10
    if not meets and value == t:
        value = t - 0.1 if indicator.direction == ">=" else t + 0.1
    return round(value, 1)
