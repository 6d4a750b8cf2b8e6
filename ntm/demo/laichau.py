"""Lai Châu's demo indicator data, 2011–2026, calibrated to seeds 000–002 (docs/demo-data.md).

Every row is written with is_demo=True by "ntm demo load", with a reason naming the seed it follows.
The plans (which criteria a commune meets in a year) are pure data in history.py, tamduong.py,
recent.py and reform.py; this module turns them into recorded statuses and indicator values, then
has the real engine assess every (set, year) once.
"""

from dataclasses import dataclass

from ntm.core.rules import resolve_thresholds
from ntm.indicators.assess import reassess_many
from ntm.indicators.engine import catalog, profile_for, sets_for_level
from ntm.units.models import AdminUnit, Kind, Level, LineageLink

from . import history, recent, reform, tamduong
from .bulk import Writer
from .recognition import load_decisions
from .values import criterion_values

PROVINCE = "12"
FALLBACK_HISTORY_SET = "xa-ntm-2016"
SOURCE = "DỮ LIỆU MẪU (demo) — không phải số liệu chính thức"
REASONS = {
    "history": "Dữ liệu mẫu (demo) hiệu chỉnh theo seed 001: bình quân 2,88 tiêu chí/xã năm 2011; 13,43 "
    "và 29 xã đạt chuẩn năm 2018; mục tiêu 2020 là 15,5 và 39 xã (seed 000: 2 xã TP Lai Châu "
    "đạt 19/19); các năm khác và từng xã là số liệu tự tạo",
    "tamduong": "Dữ liệu mẫu (demo) hiệu chỉnh theo seed 002 (Kế hoạch NTM năm 2024 huyện Tam Đường): "
    "8 xã đạt chuẩn năm 2023, chỉ tiêu năm 2024 coi như đã đạt; giá trị chọn theo ngưỡng trong "
    "danh mục (nhiều ngưỡng là tạm, chưa xác minh)",
    "recent": "Dữ liệu mẫu (demo) tiếp nối seed 001 cho các xã ngoài Tam Đường — số liệu tự tạo, "
    "không có trong seed",
    "reform": "Dữ liệu mẫu (demo): kết quả 2024 của các xã cũ chuyển sang bộ tiêu chí 2026 theo "
    "tương ứng tự đặt — ước tính, không chính thức; tiêu chí 7 chưa ghi nhận",
}


@dataclass(frozen=True)
class LaiChau:
    communes: dict[str, AdminUnit]  # pre-reform xã by code
    district_of: dict[str, str]  # commune code -> district code
    tam_duong: AdminUnit
    new_communes: dict[str, AdminUnit]  # post-reform xã by code
    predecessors: dict[str, list[str]]  # new commune code -> pre-reform xã codes

    @classmethod
    def load(cls) -> "LaiChau":
        old = AdminUnit.objects.get(level=Level.PROVINCE, code=PROVINCE, valid_from__isnull=True)
        new = AdminUnit.objects.get(level=Level.PROVINCE, code=PROVINCE, valid_from__isnull=False)
        communes = {
            u.code: u
            for u in AdminUnit.objects.filter(path__startswith=old.path, kind=Kind.COMMUNE).select_related(
                "parent"
            )
        }
        new_communes = {
            u.code: u for u in AdminUnit.objects.filter(path__startswith=new.path, kind=Kind.COMMUNE)
        }
        predecessors: dict[str, list[str]] = {code: [] for code in new_communes}
        for successor, predecessor in LineageLink.objects.filter(
            successor__in=new_communes.values(), predecessor__kind=Kind.COMMUNE
        ).values_list("successor__code", "predecessor__code"):
            predecessors[successor].append(predecessor)
        return cls(
            communes=communes,
            district_of={code: u.parent.code for code, u in communes.items() if u.parent},
            tam_duong=AdminUnit.objects.get(
                level=Level.DISTRICT, code=tamduong.DISTRICT, valid_from__isnull=True
            ),
            new_communes=new_communes,
            predecessors={code: sorted(codes) for code, codes in predecessors.items()},
        )


def history_set(year: int) -> str:
    """The commune set a year's history is recorded under: the NTM commune set with criteria 1–19 in
    force at the end of that year (xa-ntm-2009 until 2015, xa-ntm-2016 from 2016)."""
    for code in sets_for_level("commune", None, year):
        cset = catalog().get(code)
        if cset.tier == "ntm" and [c.code for c in cset.criteria] == list(history.CRITERIA):
            return code
    return FALLBACK_HISTORY_SET


def _statuses(met: frozenset[str] | tuple[str, ...], criteria) -> dict[str, bool]:
    return {code: code in met for code in criteria}


def load_lai_chau(actor: str) -> Writer:
    """Write every demo status and value (only what differs from the current rows), then assess."""
    lc = LaiChau.load()
    writer = Writer(actor=actor, source=SOURCE)
    past = history.plan_history(lc.district_of.items())
    batches: list[tuple[str, int, list[AdminUnit]]] = []
    everyone = list(lc.communes.values())

    for year in history.YEARS:
        set_code = history_set(year)
        rows = {lc.communes[c]: _statuses(past.met[c][year], history.CRITERIA) for c in lc.communes}
        writer.statuses(set_code, year, rows, REASONS["history"])
        batches.append((set_code, year, everyone))

    others = [c for c in lc.communes if c not in tamduong.COMMUNES]
    later = recent.plan_recent(past, others)
    base = catalog().get(tamduong.BASE_SET)
    base_codes = [c.code for c in base.criteria]
    base_values = _tam_duong_values(lc, base)
    for year in tamduong.YEARS:
        rows = {lc.communes[c]: _statuses(later[c][year], base_codes) for c in others}
        writer.statuses(tamduong.BASE_SET, year, rows, REASONS["recent"])
        rows = {lc.communes[c]: base_values[c][year] for c in tamduong.COMMUNES}
        writer.values(tamduong.BASE_SET, year, rows, REASONS["tamduong"])
        batches.append((tamduong.BASE_SET, year, everyone))

    ban_bo = lc.communes[tamduong.BAN_BO]
    for year, (values, statuses) in _advanced(ban_bo, base_values[tamduong.BAN_BO]).items():
        writer.values(tamduong.ADVANCED_SET, year, {ban_bo: values}, REASONS["tamduong"])
        writer.statuses(tamduong.ADVANCED_SET, year, {ban_bo: statuses}, REASONS["tamduong"])
        batches.append((tamduong.ADVANCED_SET, year, [ban_bo]))

    district_codes = [c.code for c in catalog().get(tamduong.DISTRICT_SET).criteria]
    for year, met in tamduong.DISTRICT_MET.items():
        rows = {lc.tam_duong: _statuses(met, district_codes)}
        writer.statuses(tamduong.DISTRICT_SET, year, rows, REASONS["tamduong"])
        if (tamduong.BASE_SET, year) in writer.changed:  # its conditions count the communes meeting it
            writer.changed.add((tamduong.DISTRICT_SET, year))
        batches.append((tamduong.DISTRICT_SET, year, [lc.tam_duong]))

    met_2024 = {c: later[c][2024] for c in others}
    met_2024 |= {c: frozenset(base_codes) - set(tamduong.missing(c, 2024)) for c in tamduong.COMMUNES}
    rows = {}
    for code, unit in lc.new_communes.items():
        statuses = reform.carried_over([met_2024[p] for p in lc.predecessors[code] if p in met_2024])
        if statuses:
            rows[unit] = statuses
    writer.statuses(reform.SET_CODE, reform.YEAR, rows, REASONS["reform"])
    batches.append((reform.SET_CODE, reform.YEAR, list(lc.new_communes.values())))

    for set_code, year, units in batches:
        if (set_code, year) in writer.changed:
            reassess_many(units, set_code, year)

    first = {code: (history_set(year), year) for code, year in past.meets_from.items()}
    for code in tamduong.COMMUNES:
        met_year = next((y for y in tamduong.YEARS if not tamduong.missing(code, y)), None)
        if code not in first and met_year:
            first[code] = (tamduong.BASE_SET, met_year)
    for code in others:
        met_year = next((y for y in recent.YEARS if len(later[code][y]) == history.FULL), None)
        if code not in first and met_year:
            first[code] = (tamduong.BASE_SET, met_year)
    load_decisions(actor, lc.communes, first)
    return writer


def _thresholds(unit: AdminUnit, set_code: str, year: int):
    """The catalog's thresholds for the unit (admin corrections are not applied: the demo's values
    stay the same however thresholds are later corrected; the engine then judges them)."""
    return resolve_thresholds(catalog(), set_code, profile_for(unit), year)


def _tam_duong_values(lc: LaiChau, cset) -> dict[str, dict[int, dict]]:
    out: dict[str, dict[int, dict]] = {}
    for code in tamduong.COMMUNES:
        unit = lc.communes[code]
        out[code] = {}
        for year in tamduong.YEARS:
            thresholds = _thresholds(unit, cset.code, year)
            values: dict = {}
            for criterion in cset.criteria:
                values |= criterion_values(
                    criterion,
                    thresholds,
                    year,
                    met_from=tamduong.met_from(code, criterion.code),
                    since=tamduong.YEARS[0],
                    key=code,
                    horizon=tamduong.YEARS[-1] + 1,
                )
            out[code][year] = values
    return out


def _advanced(ban_bo: AdminUnit, base_values: dict[int, dict]) -> dict[int, tuple[dict, dict]]:
    """Bản Bo's advanced-set values (criteria with indicators) and recorded statuses (the others)."""
    cset = catalog().get(tamduong.ADVANCED_SET)
    out = {}
    for year in tamduong.ADVANCED_YEARS:
        thresholds = _thresholds(ban_bo, cset.code, year)
        met = tamduong.ADVANCED_MET[year]
        values, statuses = {}, {}
        for criterion in cset.criteria:
            if criterion.code == "10":
                if year in tamduong.ADVANCED_INCOME_RECORDED:
                    statuses["10"] = "10" in met
                else:
                    values["10"] = base_values[year]["10"]
            elif criterion.indicators:
                values |= criterion_values(
                    criterion,
                    thresholds,
                    year,
                    met_from=tamduong.advanced_met_from(criterion.code),
                    since=tamduong.ADVANCED_YEARS[0],
                    key=f"{ban_bo.code}/{cset.code}",
                    blocking=tamduong.ADVANCED_BLOCKING.get(criterion.code),
                )
                if not criterion.complete:  # known indicators cannot make it met: record the status too
                    statuses[criterion.code] = criterion.code in met
            else:
                statuses[criterion.code] = criterion.code in met
        out[year] = (values, statuses)
    return out
