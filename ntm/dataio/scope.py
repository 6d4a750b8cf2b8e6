"""Which units a template, an import or an export is about (who may touch them: `ntm.accounts.scope`).

Everything here works on whole sets of units at once (one query, then dict lookups) because an
import may name every commune of the country.
"""

from ntm.accounts.permissions import assignments
from ntm.accounts.scope import visible_units
from ntm.indicators.engine import applicable_sets, catalog, year_era_date
from ntm.indicators.rollups import COUNTED_KINDS
from ntm.units.models import AdminUnit, Kind, Level

SET_LEVEL_TO_UNIT_LEVEL = {
    "commune": Level.COMMUNE,
    "township": Level.COMMUNE,
    "district": Level.DISTRICT,
    "village": Level.VILLAGE,
    "province": Level.PROVINCE,
}
CODE_WIDTH: dict[int | None, int] = {Level.PROVINCE: 2, Level.DISTRICT: 3, Level.COMMUNE: 5}


class ScopeError(ValueError):
    """The parent, set or year asked for do not fit together (a message for the user)."""


def unit_code_text(raw, level: int | None = None) -> str:
    """A unit code as typed: Excel turns "03424" into 3424.0, so numbers get their zeros back."""
    if raw is None:
        return ""
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    text = str(raw).strip()
    width = CODE_WIDTH.get(level)
    if width and text.isdigit() and len(text) < width:
        text = text.zfill(width)
    return text


def unit_ref(unit: AdminUnit) -> str:
    """How files name a unit: its official code, or "#id" for units without one (most villages)."""
    return unit.code or f"#{unit.pk}"


def era_label(year: int) -> str:
    day = year_era_date(year)
    return f"{day:%d/%m/%Y}"


class Applicability:
    """Whether a set applies to a unit in a year, asked once per (province, kind) through the engine."""

    def __init__(self, set_code: str, year: int):
        self.set_code, self.year = set_code, year
        self._cache: dict[tuple[str, str], bool] = {}

    def __call__(self, unit: AdminUnit) -> bool:
        key = (unit.path.strip("/").split("/")[0], unit.kind)
        if key not in self._cache:
            self._cache[key] = self.set_code in applicable_sets(unit, self.year)
        return self._cache[key]


def units_under(parent: AdminUnit, set_code: str, year: int) -> list[AdminUnit]:
    """The units a set measures under `parent` (itself included) in force in the year: a district's
    communes for a commune set, a commune's villages for a village set."""
    cset = catalog().get(set_code)
    day = year_era_date(year)
    if not parent.in_force_on(day):
        raise ScopeError(
            f"{parent.name} không có hiệu lực ngày {day:%d/%m/%Y}, ngày dùng để đọc số liệu năm {year}: "
            "hãy chọn đơn vị của thời kỳ đó."
        )
    applies = Applicability(set_code, year)
    units = [
        unit
        for unit in AdminUnit.objects.as_of(day)
        .filter(path__startswith=parent.path, kind__in=COUNTED_KINDS[cset.level])
        .select_related("parent")
        .order_by("parent__code", "code", "name")
        if applies(unit)
    ]
    if not units:
        raise ScopeError(f"Không có đơn vị nào thuộc {parent.name} áp dụng bộ {set_code} năm {year}.")
    return units


def check_set_year(set_code: str, year: int) -> None:
    sets = catalog().sets
    if set_code not in sets:
        raise ScopeError(f"Không có bộ tiêu chí “{set_code}”.")
    cset = sets[set_code]
    if cset.valid_from.year > year or (cset.valid_to and cset.valid_to.year < year):
        raise ScopeError(f"Bộ {set_code} không áp dụng cho năm {year} ({validity(cset)}).")


def validity(cset) -> str:
    end = cset.valid_to.year if cset.valid_to else "nay"
    return f"hiệu lực {cset.valid_from.year}–{end}"


def find_parent(ref: str, year: int) -> AdminUnit:
    """A parent unit named by code (in force in the year) or by "#id"."""
    ref = (ref or "").strip()
    if ref.startswith("#") and ref[1:].isdigit():
        unit = AdminUnit.objects.filter(pk=int(ref[1:])).first()
    else:
        unit = AdminUnit.objects.as_of(year_era_date(year)).filter(code=ref, level__lt=Level.VILLAGE).first()
    if unit is None:
        raise ScopeError(f"Không có đơn vị mã “{ref}” có hiệu lực ngày {era_label(year)}.")
    return unit


def parent_choices(user) -> list[AdminUnit]:
    """Units a user may pick as the parent of a template or export: the provinces and districts
    they may read, and the units of their own assignments (a commune officer's commune)."""
    own = [a.unit.pk for a in assignments(user) if a.unit is not None]
    qs = visible_units(user).filter(level__in=[Level.PROVINCE, Level.DISTRICT]) | AdminUnit.objects.filter(
        pk__in=own
    )
    return sorted(
        qs.exclude(kind=Kind.URBAN_DISTRICT).select_related("parent"),
        key=lambda u: (u.valid_from is not None, u.path.split("/")[1], u.level, u.code),
    )
