"""What publishing a draft would change: every stored unit-year whose verdict (the standard, or
any criterion) differs under the draft, grouped by province."""

import datetime
from dataclasses import dataclass, field

from django.db.models import Q

from ntm.core.status import Status
from ntm.indicators.assess import evaluate_many
from ntm.indicators.engine import catalog, dependent_sets
from ntm.indicators.models import Assessment
from ntm.units.models import AdminUnit

from .models import Document, Version
from .published import catalog_with


@dataclass(frozen=True)
class Change:
    unit_id: int
    unit_name: str
    set_code: str
    year: int
    was_met: bool
    now_met: bool
    gained: tuple[str, ...]  # criteria met under the draft only
    lost: tuple[str, ...]  # criteria met under the version in force only


@dataclass
class Impact:
    evaluated: int = 0
    by_province: dict[str, list[Change]] = field(default_factory=dict)

    @property
    def changes(self) -> list[Change]:
        return [c for changes in self.by_province.values() for c in changes]


def target_sets(version: Version) -> list[str]:
    """The sets a document's assessments are stored under: the set (and the sets requiring it), or
    the sets an override file lists."""
    if version.document.kind == Document.Kind.OVERRIDE:
        return [str(code) for code in version.content.get("sets") or ()]
    code = version.document.code
    return [code, *dependent_sets(code)] if code in catalog().sets else [code]


def affected(version: Version, set_code: str, from_year: int):
    """(year, assessed units) pairs a document version may change."""
    from .services import provinces_of

    years = (
        Assessment.objects.filter(set_code=set_code, year__gte=from_year)
        .values_list("year", flat=True)
        .distinct()
        .order_by("year")
    )
    provinces = provinces_of(version.document) if version.document.kind == Document.Kind.OVERRIDE else []
    for year in years:
        units = AdminUnit.objects.filter(assessments__set_code=set_code, assessments__year=year)
        if version.document.kind == Document.Kind.OVERRIDE:
            within = Q(pk__in=[])
            for province in provinces:
                within |= Q(path__startswith=province.path)
            units = units.filter(within)
        yield year, units


def impact(version: Version, effective_from: datetime.date | None = None) -> Impact:
    """Evaluate the draft on the stored data of every year from `effective_from`'s (all years when
    None) and list the unit-years whose verdicts change. Sets requiring this one are evaluated
    with their stored prerequisite results, so only the document's own sets are previewed."""
    result = Impact()
    from_year = effective_from.year if effective_from else 0
    sets = target_sets(version)
    own = sets if version.document.kind == Document.Kind.OVERRIDE else sets[:1]
    for set_code in own:
        for year, units in affected(version, set_code, from_year):
            units = list(units.select_related(None).order_by("path"))
            stored = dict(
                Assessment.objects.filter(set_code=set_code, year=year, unit__in=units).values_list(
                    "unit_id", "pk"
                )
            )
            old = {
                a.unit_id: (a.standard_met, set(a.met_criteria))
                for a in Assessment.objects.filter(pk__in=stored.values()).only(
                    "unit_id", "standard_met", "met_criteria"
                )
            }
            draft = catalog_with(version.document.code, version.content, year)
            for unit, _profile, row in evaluate_many(units, set_code, year, criteria=draft):
                result.evaluated += 1
                was_met, was_criteria = old[unit.pk]
                now_met = row.standard is Status.MET
                now_criteria = {code for code, status in row.criteria.items() if status is Status.MET}
                if was_met == now_met and was_criteria == now_criteria:
                    continue
                province = _province_name(unit)
                result.by_province.setdefault(province, []).append(
                    Change(
                        unit_id=unit.pk,
                        unit_name=unit.name,
                        set_code=set_code,
                        year=year,
                        was_met=was_met,
                        now_met=now_met,
                        gained=tuple(sorted(now_criteria - was_criteria)),
                        lost=tuple(sorted(was_criteria - now_criteria)),
                    )
                )
    return result


_province_names: dict[int, str] = {}


def _province_name(unit: AdminUnit) -> str:
    top = int(unit.path.strip("/").split("/")[0])
    if top not in _province_names:
        _province_names[top] = AdminUnit.objects.filter(pk=top).values_list("name", flat=True).first() or ""
    return _province_names[top]
