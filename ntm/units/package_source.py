"""Reads Vietnam's administrative units and the 2025 lineage from the `vietnamadminunits` package.

Nothing from the package is copied into the repository: it is read here, at load time, and turned
into plain `UnitRecord` and `LinkRecord` values that `loader.py` writes to the database.
"""

from dataclasses import dataclass
from importlib.metadata import version

from ntm.core.names import tidy

from .models import PRE_REFORM_LAST_DAY, REFORM_DATE, Kind, Level

PACKAGE = "vietnamadminunits"

DISTRICT_KINDS = {
    "Huyện": Kind.DISTRICT,
    "Quận": Kind.URBAN_DISTRICT,
    "Thị xã": Kind.TOWN,
    "Thành phố": Kind.PROVINCIAL_CITY,
}
COMMUNE_KINDS = {
    "Xã": Kind.COMMUNE,
    "Phường": Kind.WARD,
    "Thị trấn": Kind.TOWNSHIP,
    "Đặc khu": Kind.SPECIAL_ZONE,
}

PROVINCE_DECISION = (
    "Nghị quyết 202/2025/QH15 ngày 12/6/2025 của Quốc hội về sắp xếp đơn vị hành chính cấp tỉnh"
)
COMMUNE_DECISION = (
    "Các nghị quyết năm 2025 của Ủy ban Thường vụ Quốc hội về sắp xếp đơn vị hành chính cấp xã của từng tỉnh "
    "(số hiệu từng nghị quyết chưa được ghi nhận trong nguồn dữ liệu)"
)

# A unit is identified by (code, era); the era tells which valid_from/valid_to it gets.
LEGACY = "legacy"
CURRENT = "current"


def source_label() -> str:
    return f"{PACKAGE} {version(PACKAGE)}"


@dataclass(frozen=True)
class UnitRecord:
    code: str
    era: str
    level: int
    kind: str
    name: str
    short_name: str
    parent: tuple[str, str] | None
    lat: float | None
    lon: float | None
    area_km2: float | None = None

    @property
    def key(self) -> tuple[str, str]:
        return (self.code, self.era)

    @property
    def valid_from(self):
        return REFORM_DATE if self.era == CURRENT else None

    @property
    def valid_to(self):
        return PRE_REFORM_LAST_DAY if self.era == LEGACY else None


@dataclass(frozen=True)
class LinkRecord:
    predecessor: tuple[str, str]
    successor: tuple[str, str]
    whole: bool
    package_default: bool | None
    level: int


def _province_kind(full_name: str) -> str:
    return Kind.CITY if full_name.startswith("Thành phố") else Kind.PROVINCE


def _round(value):
    return None if value is None else round(float(value), 6)


def read_units() -> tuple[list[UnitRecord], list[LinkRecord]]:
    from vietnamadminunits.converter import converter_2025
    from vietnamadminunits.database import get_data

    legacy_rows = get_data(table="admin_units_legacy")
    current_rows = get_data(table="admin_units")
    units: dict[tuple[str, str], UnitRecord] = {}

    for r in legacy_rows:
        province = UnitRecord(
            r["provinceCode"],
            LEGACY,
            Level.PROVINCE,
            _province_kind(r["province"]),
            tidy(r["province"]),
            tidy(r["provinceShort"]),
            None,
            _round(r["provinceLat"]),
            _round(r["provinceLon"]),
        )
        units.setdefault(province.key, province)
        district = UnitRecord(
            r["districtCode"],
            LEGACY,
            Level.DISTRICT,
            DISTRICT_KINDS[r["districtType"]],
            tidy(r["district"]),
            tidy(r["districtShort"]),
            province.key,
            _round(r["districtLat"]),
            _round(r["districtLon"]),
        )
        units.setdefault(district.key, district)
        if r["wardCode"]:
            commune = UnitRecord(
                r["wardCode"],
                LEGACY,
                Level.COMMUNE,
                COMMUNE_KINDS[r["wardType"]],
                tidy(r["ward"]),
                tidy(r["wardShort"]),
                district.key,
                _round(r["wardLat"]),
                _round(r["wardLon"]),
            )
            units[commune.key] = commune

    for r in current_rows:
        province = UnitRecord(
            r["provinceCode"],
            CURRENT,
            Level.PROVINCE,
            _province_kind(r["province"]),
            tidy(r["province"]),
            tidy(r["provinceShort"]),
            None,
            _round(r["provinceLat"]),
            _round(r["provinceLon"]),
        )
        units.setdefault(province.key, province)
        commune = UnitRecord(
            r["wardCode"],
            CURRENT,
            Level.COMMUNE,
            COMMUNE_KINDS[r["wardType"]],
            tidy(r["ward"]),
            tidy(r["wardShort"]),
            province.key,
            _round(r["wardLat"]),
            _round(r["wardLon"]),
            _round(r["wardAreaKm2"]),
        )
        units[commune.key] = commune

    links = _read_links(legacy_rows, current_rows, converter_2025)
    return list(units.values()), links


def _read_links(legacy_rows, current_rows, converter) -> list[LinkRecord]:
    """Old → new edges: provinces from DICT_PROVINCE, communes from the (not) divided ward tables.

    The package keys its tables by normalised names; island districts without communes appear as
    "<province>_<district>_" and are linked through the district itself.
    """
    legacy_by_key = {}
    old_province_by_key = {}
    for r in legacy_rows:
        old_province_by_key[r["provinceKey"]] = (r["provinceCode"], LEGACY)
        node = (r["wardCode"], LEGACY) if r["wardCode"] else (r["districtCode"], LEGACY)
        legacy_by_key[f"{r['provinceKey']}_{r['districtKey']}_{r['wardKey'] or ''}"] = node
    new_by_key = {}
    new_province_by_key = {}
    for r in current_rows:
        new_province_by_key[r["provinceKey"]] = (r["provinceCode"], CURRENT)
        new_by_key[(r["provinceKey"], r["wardKey"])] = (r["wardCode"], CURRENT)

    links = [
        LinkRecord(old_province_by_key[old], new_province_by_key[new], True, None, Level.PROVINCE)
        for new, olds in converter.DICT_PROVINCE.items()
        for old in olds
    ]
    for province_key, wards in converter.DICT_PROVINCE_WARD_NO_DIVIDED.items():
        for ward_key, olds in wards.items():
            successor = new_by_key[(province_key, ward_key)]
            links.extend(LinkRecord(legacy_by_key[old], successor, True, None, Level.COMMUNE) for old in olds)
    for province_key, olds in converter.DICT_PROVINCE_WARD_DIVIDED.items():
        for old, parts in olds.items():
            links.extend(
                LinkRecord(
                    legacy_by_key[old],
                    new_by_key[(province_key, part["newWardKey"])],
                    False,
                    bool(part["isDefaultNewWard"]),
                    Level.COMMUNE,
                )
                for part in parts
            )
    return links
