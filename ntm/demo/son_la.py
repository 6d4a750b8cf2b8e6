"""Sơn La from seed 004: Resolution 22-NQ/TU (6/6/2022) of the Provincial Party Standing Committee on
new rural development 2021–2025, its targets, and the recognitions and contributions that make its
reported progress come out of stored data. Idempotent: nothing is written when the programme exists.

From the seed: the resolution, its targets (83 communes meeting all 19 criteria by the end of 2025;
+18 NTM communes, +12 advanced, +3 model; at least 100 more NTM villages including at least 40 model
villages; 204 OCOP products; Sơn La city keeps its completed task) and what was achieved after
"more than two years": 65 NTM communes, 8 advanced, the city's task completed, 57 villages recognised
(139 % of the target) including 17 model villages (100 %), more than 69 billion VND in cash,
669,883 m² of land and about 36,000 labour days contributed, poverty down to 18.66 %.

**Invented** (and said so on the rows): which real pre-reform communes are the 65 NTM and 8 advanced
ones and the years they were recognised (50 before 2021, 15 in 2021–2024; the 8 advanced in
2022–2024), the year of the city's decision, every decision number and date ("MẪU-…"); the 57
villages' names ("Bản mẫu …", on the first 19 NTM communes) and years; the annual plans 2023 and
2024 that give the target to date (41 villages, 17 model villages — the seed gives only the
percentages, 139 % and 100 %, from which these follow); the day the figures are reported on
(30/9/2024: the seed says "after more than two years").
"""

import datetime
from decimal import Decimal

from ntm.finance import contributions
from ntm.finance.models import Contribution
from ntm.planning import services as planning
from ntm.planning.models import Basis, CountMode, Plan, Programme, Target
from ntm.recognition.models import Decision
from ntm.recognition.services import record_decision
from ntm.units.models import AdminUnit, Kind, Level
from ntm.units.villages import add_village

PROVINCE = "14"
SEED = "Seed 004 — bài báo về hơn hai năm thực hiện Nghị quyết 22-NQ/TU của Ban Thường vụ Tỉnh ủy Sơn La"
TITLE = "Nghị quyết về xây dựng nông thôn mới tỉnh Sơn La giai đoạn 2021–2025, định hướng đến năm 2030"
REPORTED_ON = datetime.date(2024, 9, 30)
AUTHORITY = "UBND tỉnh Sơn La"
DECISION_NOTE = (
    "Quyết định MẪU (demo): đơn vị, số, ngày, năm đạt chuẩn tự tạo để số đếm khớp seed 004 — "
    "không phải quyết định thật"
)
VILLAGE_SET = "thon-ntm-son-la-2021"
MODEL_VILLAGE_SET = "thon-ntm-son-la-kieu-mau-2021"
# Years of the invented recognitions: (year, how many).
NTM_BEFORE = [(2014, 6), (2015, 8), (2016, 8), (2017, 8), (2018, 7), (2019, 7), (2020, 6)]  # 50
NTM_DURING = [(2021, 4), (2022, 4), (2023, 4), (2024, 3)]  # 15 → 65
ADVANCED = [(2022, 2), (2023, 3), (2024, 3)]  # 8
VILLAGES = [(2022, 12), (2023, 20), (2024, 25)]  # 57
MODEL_VILLAGES = [(2023, 7), (2024, 10)]  # 17
CITY_YEAR = 2023
# Annual plans of the period: (year, villages, model villages), 41 and 17 in all.
ANNUAL = [(2023, 20, 8), (2024, 21, 9)]
NOTE = (
    "Dữ liệu mẫu theo seed 004. Chỉ tiêu và số đạt được lấy từ bài báo; đơn vị cụ thể, năm công nhận, "
    "số quyết định, tên bản và kế hoạch năm 2023, 2024 (41 bản, 17 bản kiểu mẫu: suy ra từ 139 % "
    "và 100 %) là tự tạo để các con số khớp."
)


def _ntm_set(year: int) -> str:
    if year <= 2015:
        return "xa-ntm-2009"
    return "xa-ntm-2016" if year <= 2021 else "xa-ntm-2021"


def _years(spec: list[tuple[int, int]]) -> list[int]:
    return [year for year, count in spec for _ in range(count)]


def _decide(actor, unit: AdminUnit, set_code: str, year: int, seq: int) -> None:
    record_decision(
        actor=actor,
        unit=unit,
        set_code=set_code,
        year=year,
        kind=Decision.Kind.RECOGNISE,
        number=f"MẪU-SL-{year}-{seq:03d}/QĐ-UBND",
        date=datetime.date(year, 6, 30),
        authority=AUTHORITY,
        note=DECISION_NOTE,
        is_demo=True,
    )


def load(actor) -> Programme | None:
    """Enter the programme, its annual plans, the recognitions and contributions; None when present."""
    province = AdminUnit.objects.get(code=PROVINCE, level=Level.PROVINCE, valid_from__isnull=True)
    if Programme.objects.filter(unit=province, title=TITLE).exists():
        return None
    city = AdminUnit.objects.get(parent=province, kind=Kind.PROVINCIAL_CITY, valid_from__isnull=True)
    communes = sorted(
        AdminUnit.objects.filter(path__startswith=province.path, kind=Kind.COMMUNE, valid_from__isnull=True),
        key=lambda c: (not c.path.startswith(city.path), c.code),
    )
    ntm = communes[: len(_years(NTM_BEFORE)) + len(_years(NTM_DURING))]
    seq = 0
    for commune, year in zip(ntm, _years(NTM_BEFORE) + _years(NTM_DURING), strict=True):
        seq += 1
        _decide(actor, commune, _ntm_set(year), year, seq)
    for commune, year in zip(ntm, _years(ADVANCED), strict=False):
        seq += 1
        _decide(actor, commune, "xa-ntm-nang-cao-2021", year, seq)
    seq += 1
    _decide(actor, city, "huyen-ntm-2021", CITY_YEAR, seq)
    villages = []
    for i, year in enumerate(_years(VILLAGES)):
        village = add_village(
            ntm[i // 3],
            f"Bản mẫu {i + 1:02d}",
            actor=actor,
            source=SEED,
            is_demo=True,
            reason="Dữ liệu mẫu: bản tự tạo để đếm 57 bản đạt chuẩn (seed 004)",
        )
        villages.append(village)
        seq += 1
        _decide(actor, village, VILLAGE_SET, year, seq)
    for village, year in zip(villages, _years(MODEL_VILLAGES), strict=False):
        seq += 1
        _decide(actor, village, MODEL_VILLAGE_SET, year, seq)
    programme = _programme(actor, province, city)
    _annual_plans(actor, province, programme)
    contributions.record_contribution(
        actor=actor,
        unit=province,
        period_start=datetime.date(2022, 6, 6),
        period_end=REPORTED_ON,
        contributor=Contribution.Contributor.MIXED,
        cash=Decimal(69000),
        land_m2=Decimal(669883),
        labour_days=Decimal(36000),
        description="Tiền mặt huy động, đóng góp trực tiếp (hơn 69 tỷ đồng); Nhân dân hiến 669.883 m² đất "
        "làm đường, nhà văn hóa…, gần 36.000 ngày công",
        source=f"{SEED} (ngày cuối kỳ tự chọn: 30/9/2024)",
        is_demo=True,
    )
    return programme


def _programme(actor, province: AdminUnit, city: AdminUnit) -> Programme:
    programme = planning.create_programme(
        actor=actor,
        unit=province,
        kind=Programme.Kind.PARTY_RESOLUTION,
        title=TITLE,
        number="22-NQ/TU",
        issued_on=datetime.date(2022, 6, 6),
        authority="Ban Thường vụ Tỉnh ủy Sơn La",
        year_from=2021,
        year_to=2025,
        objective="Xây dựng nông thôn mới gắn với phát triển nông nghiệp, nông thôn bền vững.",
        note=NOTE,
        is_demo=True,
    )

    def count(order, label, set_code, mode, value, **extra) -> Target:
        return planning.add_target(
            actor=actor,
            plan=programme,
            kind=Target.Kind.UNITS_AT_STANDARD,
            order=order,
            label=label,
            set_code=set_code,
            basis=Basis.RECOGNISED,
            count_mode=mode,
            target_value=Decimal(value),
            **extra,
        )

    count(
        10, "83 xã đạt chuẩn nông thôn mới (đạt đủ 19 tiêu chí) đến hết năm 2025", "xa-ntm-2021", "total", 83
    )
    count(20, "Tăng thêm 18 xã đạt chuẩn nông thôn mới", "xa-ntm-2021", "new", 18)
    count(30, "Tăng thêm 12 xã đạt chuẩn nông thôn mới nâng cao", "xa-ntm-nang-cao-2021", "new", 12)
    count(40, "Tăng thêm 3 xã đạt chuẩn nông thôn mới kiểu mẫu", "xa-ntm-kieu-mau-2021", "new", 3)
    villages = count(
        50, "Tăng thêm ít nhất 100 bản, tiểu khu đạt chuẩn nông thôn mới", VILLAGE_SET, "new", 100
    )
    count(
        51,
        "trong đó ít nhất 40 bản, tiểu khu nông thôn mới kiểu mẫu",
        MODEL_VILLAGE_SET,
        "new",
        40,
        parent=villages,
    )
    planning.add_target(
        actor=actor,
        plan=programme,
        kind=Target.Kind.UNITS_AT_STANDARD,
        order=60,
        label="Duy trì thành phố Sơn La hoàn thành nhiệm vụ xây dựng nông thôn mới",
        set_code="huyen-ntm-2021",
        basis=Basis.RECOGNISED,
        count_mode=CountMode.TOTAL,
        target_value=Decimal(1),
        units=[(city, None)],
    )
    planning.add_target(
        actor=actor,
        plan=programme,
        kind=Target.Kind.MEASURE,
        order=70,
        label="204 sản phẩm OCOP được đánh giá, công nhận",
        target_value=Decimal(204),
        unit_of_measure="sản phẩm",
        metric=Target.Metric.OCOP_TOTAL,
        note="Chưa có sản phẩm OCOP của Sơn La trong dữ liệu mẫu: seed 004 không nêu số đã đạt.",
    )
    poverty = planning.add_target(
        actor=actor,
        plan=programme,
        kind=Target.Kind.MEASURE,
        order=80,
        label="Tỷ lệ hộ nghèo toàn tỉnh",
        unit_of_measure="%",
        direction=Target.Direction.AT_MOST,
        metric=Target.Metric.ENTERED,
        note="Nghị quyết không nêu chỉ tiêu trong seed 004: chỉ theo dõi số thực hiện.",
    )
    planning.record_actual(
        actor=actor,
        target=poverty,
        value=Decimal("18.66"),
        as_of=REPORTED_ON,
        evidence="Tỷ lệ hộ nghèo toàn tỉnh giảm còn 18,66 %",
        reference=SEED,
        is_demo=True,
    )
    planning.update_programme(
        actor=actor,
        programme=programme,
        changes={"status": Programme.Status.ISSUED},
        reason="Dữ liệu mẫu từ seed 004",
    )
    return programme


def _annual_plans(actor, province: AdminUnit, programme: Programme) -> None:
    villages = programme.targets.get(set_code=VILLAGE_SET)
    models = programme.targets.get(set_code=MODEL_VILLAGE_SET)
    for year, new_villages, new_models in ANNUAL:
        plan = planning.create_plan(
            actor=actor,
            unit=province,
            year=year,
            title=f"Kế hoạch xây dựng nông thôn mới tỉnh Sơn La năm {year} (mẫu)",
            authority=AUTHORITY,
            objective="Kế hoạch năm MẪU (demo): chỉ tiêu bản, tiểu khu tự tạo, cộng vào Nghị quyết 22-NQ/TU.",
            programme=programme,
            is_demo=True,
        )
        for order, (label, set_code, value, rolls_up) in enumerate(
            [
                (
                    f"Tăng thêm {new_villages} bản, tiểu khu đạt chuẩn nông thôn mới",
                    VILLAGE_SET,
                    new_villages,
                    villages,
                ),
                (
                    f"Tăng thêm {new_models} bản, tiểu khu nông thôn mới kiểu mẫu",
                    MODEL_VILLAGE_SET,
                    new_models,
                    models,
                ),
            ]
        ):
            planning.add_target(
                actor=actor,
                plan=plan,
                kind=Target.Kind.UNITS_AT_STANDARD,
                order=(order + 1) * 10,
                label=label,
                set_code=set_code,
                basis=Basis.RECOGNISED,
                count_mode=CountMode.NEW,
                target_value=Decimal(value),
                programme_target=rolls_up,
            )
        planning.update_plan(
            actor=actor, plan=plan, changes={"status": Plan.Status.ISSUED}, reason="Dữ liệu mẫu từ seed 004"
        )
