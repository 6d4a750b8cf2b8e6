"""The villages of Tam Đường's communes, under their communes in both eras, and their 2024 results
against the province's village set (seed 002, section I.2.3 and the village targets of section II).

Taken from the seed: the six villages it names (works in section IV) and the 20 villages the plan
means to recognise in 2024 — Sơn Bình 5, Giang Ma 6, Nà Tăm 4, Tả Lèng 5. Invented, and named so
("Bản mẫu Sơn Bình 1", …): every other village, since the seed names none of the 20; which criteria each
village meets; which of the 20 are recognised (18: one village of Giang Ma misses income, one of Tả
Lèng multidimensional poverty). Decisions carry numbers beginning "MẪU-".
"""

import datetime

from ntm.indicators.assess import reassess_many
from ntm.indicators.engine import catalog
from ntm.recognition.models import Decision
from ntm.recognition.services import record_decision
from ntm.units.models import REFORM_DATE, AdminUnit, Kind, Level
from ntm.units.villages import add_village

from .bulk import Writer

SEED_VILLAGES = {
    "03406": ["Sì Thâu Chải"],  # Xã Hồ Thầu
    "03412": ["Nà Khan", "Nà Phát"],  # Xã Bình Lư
    "03424": ["Hua Sẳng"],  # Xã Bản Bo
    "03418": ["Suối Thầu"],  # Xã Bản Giang
    "03430": ["Ma Sao Phìn"],  # Xã Khun Há
}
SOURCE = "Dữ liệu mẫu — tên thôn từ Kế hoạch NTM 2024 huyện Tam Đường"
INVENTED_SOURCE = "Dữ liệu mẫu — tên thôn tự đặt (seed 002 không nêu tên)"
SAMPLE_NAME = "Bản mẫu {commune} {n}"  # unique in a merged commune, which holds several communes' villages
VILLAGES_PER_COMMUNE = 6  # every Tam Đường commune; the four with plan targets have 3 more
# Seed 002 I.2.3: villages to recognise in 2024 per commune (Sơn Bình, Giang Ma, Nà Tăm, Tả Lèng).
TARGET_VILLAGES = {"03413": 5, "03405": 6, "03427": 4, "03400": 5}
# Of the target villages, the ones that miss a criterion in 2024: (commune, village number) → criterion.
MISSED_2024 = {("03405", 6): "8", ("03400", 5): "9"}
SET_CODE = "thon-ntm-lai-chau-2023"
YEAR = 2024
DATA_SOURCE = "DỮ LIỆU MẪU (demo) — không phải số liệu chính thức"
REASON = (
    "Dữ liệu mẫu (demo) theo seed 002 (Kế hoạch NTM 2024 huyện Tam Đường, mục I.2.3): 20 bản phấn đấu đạt "
    "chuẩn năm 2024; bản nào đạt tiêu chí nào là số liệu tự tạo"
)
AUTHORITY = "UBND huyện Tam Đường"
NOTE = "Quyết định MẪU (demo): số, ngày tự tạo — không phải quyết định thật"


def load_demo_villages(actor) -> int:
    """Create the villages of every Tam Đường commune under the pre-reform commune and under its 2025
    successor: the seed's named villages, then numbered sample villages up to each commune's count."""
    created = 0
    for old in _tam_duong_communes():
        successor = AdminUnit.objects.get(predecessor_links__predecessor=old, valid_from=REFORM_DATE)
        for name, source in _village_names(old):
            for commune in (old, successor):
                if not commune.children.filter(level=Level.VILLAGE, name=name).exists():
                    add_village(
                        commune,
                        name,
                        actor=actor,
                        source=source,
                        is_demo=True,
                        reason="Dữ liệu mẫu từ seed 002",
                    )
                    created += 1
    return created


def load_village_results(actor: str) -> Writer:
    """The 2024 criterion statuses of the plan's 20 target villages (pre-reform communes), assessed,
    and the demo decisions recognising those that meet every criterion. The other villages are not
    assessed: the plan does not aim them at the standard in 2024."""
    criteria = [c.code for c in catalog().get(SET_CODE).criteria]
    villages = {commune.code: _villages_of(commune) for commune in _tam_duong_communes()}
    rows: dict[AdminUnit, dict[str, bool]] = {}
    recognised: list[AdminUnit] = []
    for code, units in villages.items():
        for index, village in enumerate(units[: TARGET_VILLAGES.get(code, 0)], start=1):
            missed = MISSED_2024.get((code, index))
            rows[village] = {c: c != missed for c in criteria}
            if missed is None:
                recognised.append(village)
    writer = Writer(actor=actor, source=DATA_SOURCE)
    writer.statuses(SET_CODE, YEAR, rows, REASON)
    if writer.changed:
        reassess_many(list(rows), SET_CODE, YEAR)
    done = set(
        Decision.objects.filter(unit__in=recognised, set_code=SET_CODE).values_list("unit_id", flat=True)
    )
    for number, village in enumerate(recognised, start=1):
        if village.pk in done:
            continue
        record_decision(
            actor=actor,
            unit=village,
            set_code=SET_CODE,
            year=YEAR,
            kind=Decision.Kind.RECOGNISE,
            number=f"MẪU-{YEAR}-B{number:03d}/QĐ-UBND",
            date=datetime.date(YEAR, 12, 16),
            authority=AUTHORITY,
            note=NOTE,
            is_demo=True,
        )
    return writer


def _tam_duong_communes() -> list[AdminUnit]:
    district = AdminUnit.objects.get(level=Level.DISTRICT, code="106", valid_from__isnull=True)
    return list(
        AdminUnit.objects.filter(parent=district, level=Level.COMMUNE, kind=Kind.COMMUNE).order_by("code")
    )


def _village_names(commune: AdminUnit) -> list[tuple[str, str]]:
    """(name, source) of a commune's demo villages: the seed's named villages, then numbered sample
    villages (the communes with plan targets have no named village: their targets are 1…n)."""
    named = SEED_VILLAGES.get(commune.code, [])
    total = VILLAGES_PER_COMMUNE + (3 if commune.code in TARGET_VILLAGES else 0)
    short = commune.short_name or commune.name
    samples = [
        (SAMPLE_NAME.format(commune=short, n=n), INVENTED_SOURCE) for n in range(1, total - len(named) + 1)
    ]
    return [(name, SOURCE) for name in named] + samples


def _villages_of(commune: AdminUnit) -> list[AdminUnit]:
    """A commune's demo villages in the order `_village_names` gives them."""
    by_name = {v.name: v for v in commune.children.filter(level=Level.VILLAGE)}
    return [by_name[name] for name, _source in _village_names(commune) if name in by_name]
