"""The bridge from the database to the pure-Python engine: which sets apply to a unit, its profile,
the inputs for one (unit, set, year), and the threshold corrections kept in the database."""

from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol

from django.db.models import QuerySet
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from ntm.core import SetData, ThresholdOverride, UnitProfile, evaluate, growth, load_catalog
from ntm.core.catalog import Catalog
from ntm.core.facts import COMMUNES_NTM, COMMUNES_TOTAL, DistrictFacts, ProvinceFacts
from ntm.units.models import REFORM_DATE, AdminUnit, Kind, Level

from .models import CriterionStatus, IndicatorValue, ThresholdCorrection

NOT_APPLICABLE = "n/a"


class CatalogSource(Protocol):
    """Where the criteria in force come from: the published versions kept in the database
    (`ntm.criteria`, registered when the apps start). Either method answers None when it cannot
    (no database yet): the shipped YAML files are then the catalog."""

    def catalog(self, year: int | None) -> Catalog | None: ...

    def version(self, set_code: str, year: int, province_code: str) -> str | None: ...


_catalog_source: CatalogSource | None = None


def set_catalog_source(source: CatalogSource | None) -> None:
    global _catalog_source
    _catalog_source = source


def catalog(year: int | None = None) -> Catalog:
    """The criteria in force in `year` (each set's published version whose effective date falls in
    or before it; the first version for earlier years); without a year, in force this year."""
    found = _catalog_source.catalog(year) if _catalog_source is not None else None
    return found if found is not None else load_catalog()


def catalog_version(set_code: str, year: int, province_code: str = "") -> str:
    """The versions an assessment of `set_code` in `year` in that province rests on, as stored on
    it ("xa-ntm-2021 v2", plus the province's override file version when it has one)."""
    found = _catalog_source.version(set_code, year, province_code) if _catalog_source else None
    return found or f"{set_code} (tệp mặc định)"


def set_name(code: str) -> str:
    """A criteria set or a criteria document as the office knows it, never by its code: a set by its
    name in the page's language (`xa-ntm-2021` → "Bộ tiêu chí quốc gia về xã nông thôn mới giai đoạn
    2021–2025"), a province's own rules by their decision ("Quy định riêng của tỉnh Lai Châu — QĐ
    1285/QĐ-UBND (27/09/2022)"); a code no document has is shown as it is."""
    found = catalog()
    cset = found.sets.get(code)
    if cset is not None:
        return cset.name("en" if (get_language() or "vi").startswith("en") else "vi")
    for rules in found.override_files:
        if Path(rules.path).stem == code:
            name = _("Quy định riêng của tỉnh %(province)s") % {"province": rules.province_name}
            return f"{name} — {rules.decision.label}"
    return code


def dependent_sets(set_code: str) -> list[str]:
    """The sets that require `set_code` (an advanced set requires its NTM set): when a unit's
    assessment under `set_code` changes, its assessments under these must be recomputed."""
    return [c.code for c in catalog().sets.values() if any(r.set_code == set_code for r in c.requires)]


def province_of(unit: AdminUnit) -> AdminUnit:
    province_id = int(unit.path.strip("/").split("/")[0])
    return unit if unit.pk == province_id else AdminUnit.objects.get(pk=province_id)


def region_of(province: AdminUnit) -> str:
    """A post-reform province has no region of its own: take its largest predecessor's."""
    if province.region:
        return province.region
    predecessor = (
        AdminUnit.objects.filter(successor_links__successor=province)
        .exclude(region="")
        .order_by("code")
        .first()
    )
    return predecessor.region if predecessor else ""


def profile_for(unit: AdminUnit) -> UnitProfile:
    province = province_of(unit)
    return UnitProfile.build(
        province_code=province.code,
        region=region_of(province) or None,
        dbkk=unit.dbkk,
        atk=unit.atk,
        commune_group=unit.commune_group,
    )


UNIT_LEVEL_OF_SET: dict[str, str] = {
    Kind.COMMUNE: "commune",
    Kind.TOWNSHIP: "township",
    Kind.DISTRICT: "district",
    Kind.TOWN: "district",
    Kind.PROVINCIAL_CITY: "district",
    Kind.VILLAGE: "village",
}


def in_force(cset, year: int) -> bool:
    return cset.valid_from.year <= year and (cset.valid_to is None or cset.valid_to.year >= year)


def sets_for_level(level: str, province: AdminUnit | None, year: int) -> list[str]:
    """Sets of a unit level in force in a year, base standard first; village sets are provincial."""
    codes = [
        cset.code
        for cset in catalog().sets.values()
        if cset.level == level
        and in_force(cset, year)
        and (level != "village" or (province is not None and _village_set_of(cset.code, province)))
    ]
    return sorted(codes, key=_tier_order)


def set_level_of(unit: AdminUnit) -> str | None:
    """The level of the sets a unit is measured by. Special zones, and wards formed from communes
    with at least 70% farmland, are measured by the commune sets: their province completes the
    2026–2030 programme only when they meet 70% of the criteria (QĐ 51/2025 Phụ lục III)."""
    if unit.kind == Kind.SPECIAL_ZONE or (unit.kind == Kind.WARD and unit.farmland_origin):
        return "commune"
    return UNIT_LEVEL_OF_SET.get(unit.kind)


def applicable_sets(unit: AdminUnit, year: int) -> list[str]:
    """Sets whose level fits the unit and whose validity covers the year."""
    level = set_level_of(unit)
    return sets_for_level(level, province_of(unit), year) if level else []


def child_sets(parent: AdminUnit | None, year: int) -> list[str]:
    """Sets that the units counted below `parent` are measured by: villages below a commune,
    communes below anything else."""
    if parent is not None and parent.level == Level.COMMUNE:
        return sets_for_level("village", province_of(parent), year)
    return sets_for_level("commune", None, year)


def primary_set(unit: AdminUnit, year: int) -> str | None:
    """The base standard a unit is measured against in a year (NTM, not advanced or model)."""
    sets = applicable_sets(unit, year)
    return sets[0] if sets else None


def same_standard(set_code: str) -> list[str]:
    """Every set of the same level and tier: the successive versions of one standard."""
    cset = catalog().get(set_code)
    return [c.code for c in catalog().sets.values() if c.level == cset.level and c.tier == cset.tier]


def _tier_order(code: str) -> tuple[int, int, str]:
    """Base standard first; within a tier the newest set first (in a changeover year, 2016, the set
    in force at the end of the year leads)."""
    tiers = {"ntm": 0, "van-minh": 0, "nang-cao": 1, "kieu-mau": 2, "hien-dai": 3}
    cset = catalog().get(code)
    return (tiers.get(cset.tier, 9), -cset.valid_from.toordinal(), code)


def _village_set_of(code: str, province: AdminUnit) -> bool:
    from ntm.core.names import fold

    return code.startswith(f"thon-ntm-{fold(province.short_name).replace(' ', '-')}-")


def corrections(set_codes=None) -> tuple[ThresholdOverride, ...]:
    qs = ThresholdCorrection.objects.filter(active=True)
    if set_codes is not None:
        qs = qs.filter(set_code__in=set_codes)
    return tuple(
        ThresholdOverride(
            set_code=c.set_code,
            indicator=c.indicator_code,
            value=c.value,
            verified=c.verified,
            source=c.source,
            layer=f"runtime:điều chỉnh #{c.pk}",
            province_code=c.province_code or None,
            key=c.column or None,
            year=c.year,
        )
        for c in qs.order_by("created_at")
    )


def current_values(unit: AdminUnit, set_code: str, year: int, moment=None) -> dict[str, Any]:
    rows = (
        IndicatorValue.objects.at(moment)
        .annual(set_code, year)
        .filter(unit=unit)
        .values_list("indicator_code", "value")
    )
    return {code: value for code, value in rows if value is not None}


def recorded_statuses(unit: AdminUnit, set_code: str, year: int, moment=None) -> dict[str, str]:
    rows = CriterionStatus.objects.at(moment).filter(unit=unit, set_code=set_code, year=year)
    return {s.criterion_code: ("met" if s.met else "not_met") for s in rows if s.met is not None}


CommuneFactSource = Callable[[QuerySet[AdminUnit], list[str], int], DistrictFacts]
_commune_fact_sources: list[CommuneFactSource] = []


def add_commune_fact_source(source: CommuneFactSource) -> None:
    """Let an app above this one add facts counted over a district's communes, given the communes,
    the sets of their base standard and the year. Recognition adds `communes_revoked` from its
    decisions this way (at start-up), so indicators never imports recognition."""
    if source not in _commune_fact_sources:
        _commune_fact_sources.append(source)


UnitFactSource = Callable[[AdminUnit, str, int], DistrictFacts]
_unit_fact_sources: list[UnitFactSource] = []


def add_unit_fact_source(source: UnitFactSource) -> None:
    """Let an app above this one add facts about the district itself under a set and year:
    recognition adds the satisfaction its dossier's household survey measured (at start-up)."""
    if source not in _unit_fact_sources:
        _unit_fact_sources.append(source)


def facts_for(unit: AdminUnit, set_code: str, year: int) -> DistrictFacts | ProvinceFacts:
    """Facts that feed a set's extra conditions and the district revocation rule: district sets
    count their communes, their assessments and (through the added sources) their decisions;
    province sets count the province's units (`completion`)."""
    from .models import Assessment

    cset = catalog().get(set_code)
    if cset.level == "province":
        from .completion import province_facts

        return province_facts(unit, year)
    if cset.level != "district":
        return {}
    communes = AdminUnit.objects.filter(path__startswith=unit.path, level=Level.COMMUNE, kind=Kind.COMMUNE)
    first = communes.first()
    base = primary_set(first, year) if first is not None else None
    assessed = Assessment.objects.filter(unit__in=communes, year=year, set_code=base)
    facts: DistrictFacts = {
        COMMUNES_TOTAL: communes.count(),
        COMMUNES_NTM: assessed.filter(standard_met=True).count(),
    }
    standard = same_standard(base) if base else []
    for source in _commune_fact_sources:
        facts.update(source(communes, standard, year))
    for unit_source in _unit_fact_sources:
        facts.update(unit_source(unit, set_code, year))
    return facts


def evaluate_unit_year(
    unit: AdminUnit, set_code: str, year: int, *, values: dict | None = None, moment=None, facts=None
):
    """Evaluate one unit for one set and year from the database (or from `values`, for what-if);
    with `moment`, from the data as it stood then; with `facts`, from facts already counted."""
    cset = catalog(year).get(set_code)
    prerequisites = {
        req.set_code: SetData(
            values=current_values(unit, req.set_code, year, moment),
            recorded=recorded_statuses(unit, req.set_code, year, moment),
        )
        for req in cset.requires
    }
    return evaluate(
        catalog(year),
        set_code,
        profile_for(unit),
        year,
        current_values(unit, set_code, year, moment) if values is None else values,
        recorded=recorded_statuses(unit, set_code, year, moment),
        facts=facts_for(unit, set_code, year) if facts is None else facts,
        prerequisites=prerequisites,
        overrides=corrections([set_code, *prerequisites]),
        unit_id=str(unit.pk),
        unit_name=unit.name,
        previous=current_values(unit, set_code, year - 1, moment) if has_growth(set_code) else None,
    )


def has_growth(set_code: str) -> bool:
    """The set has growth indicators: its evaluation of a year reads the year before's values, and a
    change of a year's values changes the next year's result."""
    return bool(growth.indicators(catalog().get(set_code)))


def year_era_date(year: int):
    """The day whose boundaries a year's data is read on: 31/12 before the reform, else the reform day."""
    import datetime

    return (
        datetime.date(year, 12, 31)
        if year < REFORM_DATE.year
        else max(REFORM_DATE, datetime.date(year, 1, 1))
    )
