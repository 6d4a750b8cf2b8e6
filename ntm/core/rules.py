"""Threshold resolution: which number applies to this unit, in this year, and who says so.

Layers, from bottom to top (the last that matches wins):

1. national column of the set's dimension — the region column (2016–2025 sets, with ĐBKK / ATK
   communes sent to the TDMNPB column where the set says so) or the commune-group column (2026),
   falling back to the general column;
2. the year of the table (income rises each year): the requested year, else the nearest earlier
   one, else the earliest — always with a note saying which year was used;
3. provincial decision files in `ntm/catalogs/overrides/` for the unit's province;
4. runtime overrides passed in by the caller (the Django side keeps admin corrections in the DB).

Each resolved threshold names the layer that supplied it, e.g. ``national-region:TDMNPB``,
``province:12 QĐ 1285/QĐ-UBND`` or ``runtime:…``, with its value, `verified` flag and source.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from typing import Any

from ntm.core.catalog import Catalog
from ntm.core.model import (
    COMMUNE_GROUPS,
    GENERAL,
    REGIONS,
    CriteriaSet,
    Indicator,
    Threshold,
    ThresholdOverride,
    When,
)
from ntm.core.values import NA, parse_number, value_fits

__all__ = ["ResolvedThreshold", "ThresholdOverride", "UnitProfile", "column_for", "resolve_thresholds"]

_REGION_ALIASES = {"ĐBSH": "DBSH", "ĐNB": "DNB", "ĐBSCL": "DBSCL"}


@dataclass(frozen=True)
class UnitProfile:
    """The classifications of a unit that select its thresholds."""

    province_code: str | None = None
    region: str | None = None
    dbkk: bool = False  # xã đặc biệt khó khăn
    atk: bool = False  # xã an toàn khu (of a poor or just-out-of-poverty district)
    commune_group: int | None = None  # 2026–2030: 1, 2 or 3

    @classmethod
    def build(
        cls,
        province_code: str | int | None = None,
        region: str | None = None,
        dbkk: bool = False,
        atk: bool = False,
        commune_group: int | str | None = None,
    ) -> UnitProfile:
        """A checked profile: region codes with or without Đ, group as 1/2/3; ValueError otherwise."""
        if region is not None and region != "":
            region = _REGION_ALIASES.get(region.strip().upper(), region.strip().upper())
            if region not in REGIONS:
                raise ValueError(f"unknown region {region!r} (use one of {', '.join(REGIONS)})")
        else:
            region = None
        group = None
        if commune_group is not None and commune_group != "":
            if str(commune_group).strip() not in COMMUNE_GROUPS:
                raise ValueError(f"commune group must be 1, 2 or 3, got {commune_group!r}")
            group = int(str(commune_group).strip())
        province = None if province_code in (None, "") else str(province_code).strip().zfill(2)
        return cls(province, region, bool(dbkk), bool(atk), group)

    def to_dict(self) -> dict[str, Any]:
        return {
            "province_code": self.province_code,
            "region": self.region,
            "dbkk": self.dbkk,
            "atk": self.atk,
            "commune_group": self.commune_group,
        }


@dataclass(frozen=True)
class ResolvedThreshold:
    indicator: str
    value: Any  # None: no threshold applies to this unit (the indicator then evaluates as missing)
    direction: str
    verified: bool
    placeholder: bool
    source: str
    layer: str
    year: int | None  # the table year used, for year-indexed thresholds
    notes: tuple[str, ...] = ()
    # A cell whose number depends on a basis value (see model.Threshold): value is None here and
    # `for_values` picks the case that applies.
    cases: tuple[tuple[When, ResolvedThreshold], ...] = ()

    def for_values(self, values: Mapping[str, Any]) -> tuple[ResolvedThreshold, ...]:
        """The thresholds that may apply given the unit's values: itself when it has no cases; the
        first case whose condition holds for the basis value; every case when that value is not
        given (the caller decides only if they all agree); none when no case matches."""
        if not self.cases:
            return (self,)
        basis = self.cases[0][0].indicator
        number = basis_number(values.get(basis))
        if number is None:
            return tuple(t for _, t in self.cases)
        for when, threshold in self.cases:
            if when.holds(number):
                why = f"{basis} = {number:g}: {when.label('en')}"
                return (replace(threshold, notes=(*threshold.notes, why)),)
        return ()

    @property
    def unconfirmed(self) -> bool:
        """A number that is not (yet) the decision's: not verified against it, or a placeholder.
        A verdict it decides is provisional ("tạm tính")."""
        return self.value is not None and (self.placeholder or not self.verified)

    def to_dict(self) -> dict[str, Any]:
        if self.cases:
            return {
                **replace(self, cases=()).to_dict(),
                "cases": [
                    {"when": {"indicator": w.indicator, "min": w.min, "max": w.max}, **t.to_dict()}
                    for w, t in self.cases
                ],
            }
        return {
            "value": self.value,
            "direction": self.direction,
            "verified": self.verified,
            "placeholder": self.placeholder,
            "source": self.source,
            "layer": self.layer,
            "year": self.year,
            "notes": list(self.notes),
        }


def column_for(cset: CriteriaSet, profile: UnitProfile) -> tuple[str, tuple[str, ...]]:
    """The threshold column of the set's dimension for this unit, and why."""
    if cset.dimension == "region":
        if cset.region_override and (profile.dbkk or profile.atk):
            kind = "ĐBKK" if profile.dbkk else "ATK"
            why = f"{kind} commune: {cset.region_override} thresholds apply whatever the region"
            return cset.region_override, (f"{why} (QĐ 318/QĐ-TTg Điều 1)",)
        if profile.region is None:
            return GENERAL, ("region not given: general thresholds used",)
        return profile.region, ()
    if cset.dimension == "commune_group":
        if profile.commune_group is None:
            return GENERAL, ("commune group not given: general thresholds used",)
        return str(profile.commune_group), ()
    return GENERAL, ()


def resolve_thresholds(
    catalog: Catalog,
    cset: CriteriaSet | str,
    profile: UnitProfile,
    year: int | None,
    overrides: Iterable[ThresholdOverride] = (),
) -> dict[str, ResolvedThreshold]:
    """Threshold of every indicator of a set for a unit profile and year, keyed by indicator code."""
    cset = catalog.get(cset) if isinstance(cset, str) else cset
    column, column_notes = column_for(cset, profile)
    layers = [o for o in catalog.overrides_for(cset.code, profile.province_code)]
    layers += [o for o in overrides if o.set_code == cset.code]
    by_indicator: dict[str, list[ThresholdOverride]] = {}
    for override in layers:
        if _applies(override, profile, column, year):
            by_indicator.setdefault(override.indicator, []).append(override)
    resolved = {}
    for indicator in cset.indicators():
        national = _national(cset, indicator, column, year, column_notes)
        resolved[indicator.code] = _apply_overrides(indicator, national, by_indicator.get(indicator.code, ()))
    return resolved


def _applies(override: ThresholdOverride, profile: UnitProfile, column: str, year: int | None) -> bool:
    return (
        (override.province_code is None or override.province_code == profile.province_code)
        and (override.key is None or override.key == column)
        and (override.year is None or override.year == year)
    )


def _national(
    cset: CriteriaSet, indicator: Indicator, column: str, year: int | None, column_notes: tuple[str, ...]
) -> ResolvedThreshold:
    if indicator.basis:
        return ResolvedThreshold(
            indicator.code, None, indicator.direction, False, False, "", "basis", None,
            ("a basis value: not compared, it chooses other thresholds",),
        )  # fmt: skip
    prefix = "national-region" if cset.dimension == "region" else "national-group"
    if column in indicator.thresholds and column != GENERAL:
        cells, layer, notes = indicator.thresholds[column], f"{prefix}:{column}", column_notes
    elif GENERAL in indicator.thresholds:
        cells, layer, notes = indicator.thresholds[GENERAL], "national-general", column_notes
    else:
        return ResolvedThreshold(
            indicator.code, None, indicator.direction, False, False, "", "none", None,
            (*column_notes, f"no threshold for column {column}"),
        )  # fmt: skip
    table_year, threshold, year_note = _pick_year(cells, year)
    notes = (*notes, year_note) if year_note else notes
    return _from_threshold(indicator, threshold, layer, table_year, notes)


def _pick_year(cells: Mapping[int | None, Threshold], year: int | None) -> tuple[int | None, Threshold, str]:
    if None in cells:
        return None, cells[None], ""
    years = sorted(y for y in cells if y is not None)
    if year is None:
        return years[-1], cells[years[-1]], f"no year given: uses {years[-1]}, the latest in the table"
    if year in cells:
        return year, cells[year], ""
    earlier = [y for y in years if y < year]
    if earlier:
        return (
            earlier[-1],
            cells[earlier[-1]],
            f"no value for {year}: uses {earlier[-1]}, the nearest earlier year",
        )
    return (
        years[0],
        cells[years[0]],
        f"no value for {year} or earlier: uses {years[0]}, the earliest in the table",
    )


def basis_number(raw: Any) -> float | None:
    """A basis value (e.g. the number of schools) as a number; None when not given or unreadable."""
    if raw is None or raw == "" or raw is NA or isinstance(raw, bool):
        return None
    if isinstance(raw, int | float):
        return float(raw)
    try:
        return parse_number(str(raw))
    except ValueError:
        return None


def _from_threshold(
    indicator: Indicator, threshold: Threshold, layer: str, year: int | None, notes: tuple[str, ...]
) -> ResolvedThreshold:
    if threshold.cases:
        cases = tuple((w, _from_threshold(indicator, t, layer, year, notes)) for w, t in threshold.cases)
        return ResolvedThreshold(
            indicator.code, None, indicator.direction, threshold.verified, threshold.placeholder,
            threshold.source, layer, year, (*notes, threshold.note) if threshold.note else notes, cases,
        )  # fmt: skip
    if threshold.placeholder:
        notes = (*notes, "placeholder value, not from the decision")
    if threshold.note:
        notes = (*notes, threshold.note)
    return ResolvedThreshold(
        indicator.code, threshold.value, indicator.direction, threshold.verified, threshold.placeholder,
        threshold.source, layer, year, notes,
    )  # fmt: skip


def _apply_overrides(
    indicator: Indicator, national: ResolvedThreshold, overrides: Iterable[ThresholdOverride]
) -> ResolvedThreshold:
    resolved = national
    for override in overrides:
        if not value_fits(indicator.kind, override.value):
            raise ValueError(
                f"override for {override.set_code} {indicator.code} ({override.layer}): "
                f"{override.value!r} is not a valid {indicator.kind} value"
            )
        notes: tuple[str, ...] = (f"replaces {resolved.layer} value {resolved.value!r}",)
        if override.note:
            notes += (override.note,)
        resolved = ResolvedThreshold(
            indicator.code, override.value, indicator.direction, override.verified, False,
            override.source, override.layer, national.year, notes,
        )  # fmt: skip
    return resolved


def compare(direction: str, value: Any, threshold: Any) -> bool:
    """Whether a value meets a threshold; an enum threshold may list several accepted values."""
    if direction == ">=":
        return bool(value >= threshold)
    if direction == "<=":
        return bool(value <= threshold)
    if isinstance(threshold, list):
        return value in threshold
    return bool(value == threshold)
