"""Administrative units: a dated, filtered, paginated list and one unit with its parents and lineage."""

import datetime

from django.utils import timezone
from ninja import Field, Query, Router, Schema

from ntm.accounts.scope import visible_units
from ntm.core.params import MAX_ID
from ntm.units.models import AdminUnit, Kind, Level
from ntm.units.selectors import lineage_of, search_units

from ..pagination import Page, PageParams, paginate
from ..scope import acting_user, viewable_unit

router = Router(tags=["Đơn vị hành chính"])


class UnitRef(Schema):
    id: int
    code: str
    name: str
    level: int
    kind: str


class UnitOut(UnitRef):
    short_name: str
    parent_id: int | None
    valid_from: datetime.date | None
    valid_to: datetime.date | None
    region: str
    region_verified: bool
    dbkk: bool
    atk: bool
    commune_group: int | None
    group_decision: str = Field(description="Số quyết định xếp nhóm xã (trống: chưa ghi)")
    group_decision_date: datetime.date | None
    group_issuer: str
    group_decision_demo: bool = Field(description="Quyết định xếp nhóm là mẫu (dữ liệu trình diễn)")
    lat: float | None
    lon: float | None
    area_km2: float | None
    is_demo: bool


class LineageOut(Schema):
    date: datetime.date
    kind: str
    kind_label: str
    decision: str
    units: list[UnitRef]
    partial_ids: list[int]
    package_default_id: int | None


class UnitDetailOut(UnitOut):
    ancestors: list[UnitRef]
    formed_from: LineageOut | None
    became: LineageOut | None


class UnitFilters(Schema):
    as_of: datetime.date | None = None
    level: Level | None = None
    kind: Kind | None = None
    parent: int | None = Field(None, ge=1, le=MAX_ID)
    q: str | None = None


@router.get("", response=Page[UnitOut], url_name="unit_list", summary="Danh sách đơn vị theo ngày")
def unit_list(request, filters: Query[UnitFilters], page: Query[PageParams]):
    """Units in force on `as_of` (default: today) that the caller may see; `q` searches names and
    codes without regard to diacritics ("ban bo" finds "Bản Bo")."""
    as_of = filters.as_of or timezone.localdate()
    if filters.q and filters.q.strip():
        qs = search_units(filters.q, as_of=as_of, limit=None)
    else:
        qs = AdminUnit.objects.as_of(as_of).order_by("level", "code", "name", "pk")
    if filters.level is not None:
        qs = qs.filter(level=filters.level)
    if filters.kind is not None:
        qs = qs.filter(kind=filters.kind)
    if filters.parent is not None:
        qs = qs.filter(parent_id=filters.parent)
    return paginate(visible_units(acting_user(request), qs), page)


@router.get("/{id:unit_id}", response=UnitDetailOut, url_name="unit_detail", summary="Một đơn vị")
def unit_detail(request, unit_id: int):
    """The unit, its parent chain (province first) and where it came from / went to in the 2025
    reorganisation. 403 outside the caller's scope."""
    unit = viewable_unit(request, unit_id)
    lineage = lineage_of(unit)
    data = UnitOut.model_validate(unit).model_dump()
    data["ancestors"] = unit.ancestors()
    data["formed_from"] = _lineage(lineage["formed_from"])
    data["became"] = _lineage(lineage["became"])
    return data


def _lineage(entry) -> dict | None:
    if entry is None:
        return None
    return {
        "date": entry.date,
        "kind": entry.kind,
        "kind_label": str(entry.kind_label),
        "decision": entry.decision,
        "units": entry.units,
        "partial_ids": [u.pk for u in entry.partial],
        "package_default_id": entry.package_default.pk if entry.package_default else None,
    }
