"""Lạng Sơn city from seed 003: Quảng Lạc's advanced evaluation in 2022 (13/19 criteria at the start
of the year, 19/19 at the end, as recorded statuses), its money, contributions and outreach; the
city's communes recognised advanced (2/3, then 3/3 by the end of 2022); its 19 model residential
areas (khu dân cư NTM kiểu mẫu), the 3 Hoàng Đồng had approved in 2022 with residents paying
2.5 million VND per household; the city's money since 2018 (over 195 billion VND of state money,
140.5 billion from residents, businesses and credit). Idempotent: nothing is written when the
city's 2022 plan exists.

**Invented** (and said so on the rows): which 13 criteria Quảng Lạc met at the start of 2022; which
two communes were advanced first and every decision's number and date (the seed says only "2/3",
aiming at 3/3 by the end of 2022: Quảng Lạc's decision on 20/12/2022 is assumed); the names,
communes and years of the 19 model residential areas except "Cụm dân cư số 3, thôn Hoàng Thượng";
the number of households of that area (40, so that 2.5 million VND each is 100 million).
"""

import datetime
from decimal import Decimal

from ntm.demo.bulk import Writer
from ntm.demo.laichau import SOURCE as DEMO_SOURCE
from ntm.finance import contributions
from ntm.finance import services as finance
from ntm.finance.models import Budget, Contribution
from ntm.indicators.assess import reassess
from ntm.planning import services as planning
from ntm.planning.models import Activity, Basis, CountMode, Plan, Target
from ntm.recognition.models import Decision
from ntm.recognition.services import record_decision
from ntm.units.models import AdminUnit, Kind, Level
from ntm.units.villages import add_village

PROVINCE = "20"
SEED = "Seed 003 — bài báo “Xây dựng nông thôn mới ở thành phố Lạng Sơn: Nâng chất lượng xã đạt chuẩn” (2022)"
TITLE = "Kế hoạch xây dựng nông thôn mới thành phố Lạng Sơn năm 2022 (mẫu)"
VILLAGE_SOURCE = "Dữ liệu mẫu — khu dân cư theo seed 003 (thành phố Lạng Sơn)"
AUTHORITY = "UBND tỉnh Lạng Sơn"
ADVANCED = "xa-ntm-nang-cao-2021"
MODEL_AREAS = "thon-ntm-lang-son-kieu-mau-2018"
NOTE = "Quyết định MẪU (demo): số, ngày tự tạo để số đếm khớp seed 003 — không phải quyết định thật"
# Quảng Lạc at the start of 2022: 13 of the 19 advanced criteria (which 13: invented).
MET_EARLY = ("1", "2", "3", "4", "5", "7", "8", "9", "11", "12", "14", "15", "19")
# Model residential areas recognised: (commune, year, how many), 19 in all; names invented.
AREAS = [("Mai Pha", 2019, 4), ("Mai Pha", 2020, 3), ("Hoàng Đồng", 2020, 4), ("Hoàng Đồng", 2021, 3),
         ("Quảng Lạc", 2021, 2), ("Quảng Lạc", 2022, 3)]  # fmt: skip
HOANG_DONG_2022 = [
    "Cụm dân cư số 3, thôn Hoàng Thượng",
    "Khu dân cư mẫu Hoàng Đồng 2",
    "Khu dân cư mẫu Hoàng Đồng 3",
]


def load(actor) -> Plan | None:
    province = AdminUnit.objects.get(code=PROVINCE, level=Level.PROVINCE, valid_from__isnull=True)
    city = AdminUnit.objects.get(parent=province, kind=Kind.PROVINCIAL_CITY, valid_from__isnull=True)
    if Plan.objects.filter(unit=city, year=2022, title=TITLE).exists():
        return None
    communes = {
        c.short_name: c
        for c in AdminUnit.objects.filter(parent=city, kind=Kind.COMMUNE, valid_from__isnull=True)
    }
    quang_lac, hoang_dong = communes["Quảng Lạc"], communes["Hoàng Đồng"]
    _quang_lac_statuses(actor, quang_lac)
    for i, (name, day) in enumerate(
        [
            ("Mai Pha", datetime.date(2022, 5, 20)),
            ("Hoàng Đồng", datetime.date(2022, 6, 20)),
            ("Quảng Lạc", datetime.date(2022, 12, 20)),
        ]
    ):
        _decide(actor, communes[name], ADVANCED, day, i + 1)
    seq = 10
    for name, year, count in AREAS:
        for n in range(count):
            seq += 1
            area = add_village(
                communes[name],
                f"Khu dân cư kiểu mẫu {name} {year}-{n + 1}",
                actor=actor,
                source=VILLAGE_SOURCE,
                is_demo=True,
                reason="Dữ liệu mẫu: khu dân cư tự tạo để đếm 19 khu dân cư NTM kiểu mẫu (seed 003)",
            )
            _decide(actor, area, MODEL_AREAS, datetime.date(year, 11, 30), seq)
    hoang_dong_areas = [
        add_village(
            hoang_dong,
            name,
            actor=actor,
            source=VILLAGE_SOURCE,
            is_demo=True,
            reason="Dữ liệu mẫu từ seed 003",
        )
        for name in HOANG_DONG_2022
    ]
    plan = _plan(actor, city, quang_lac, hoang_dong)
    _money(actor, city, quang_lac, hoang_dong_areas[0])
    return plan


def _decide(actor, unit: AdminUnit, set_code: str, day: datetime.date, seq: int) -> None:
    record_decision(
        actor=actor,
        unit=unit,
        set_code=set_code,
        year=day.year,
        kind=Decision.Kind.RECOGNISE,
        number=f"MẪU-LS-{day.year}-{seq:03d}/QĐ-UBND",
        date=day,
        authority=AUTHORITY,
        note=NOTE,
        is_demo=True,
    )


def _quang_lac_statuses(actor, quang_lac: AdminUnit) -> None:
    """Two versions of the 2022 statuses: 13/19 at the start of the year, then 19/19."""
    writer = Writer(actor, DEMO_SOURCE)
    codes = [str(n) for n in range(1, 20)]
    writer.statuses(
        ADVANCED,
        2022,
        {quang_lac: {c: c in MET_EARLY for c in codes}},
        "Dữ liệu mẫu (demo) từ seed 003: đầu năm 2022 đạt 13/19 tiêu chí (13 tiêu chí nào: tự chọn)",
    )
    writer.statuses(
        ADVANCED,
        2022,
        {quang_lac: dict.fromkeys(codes, True)},
        "Dữ liệu mẫu (demo) từ seed 003: cuối năm 2022 đạt 19/19 tiêu chí",
    )
    reassess(quang_lac, ADVANCED, 2022)


def _plan(actor, city: AdminUnit, quang_lac: AdminUnit, hoang_dong: AdminUnit) -> Plan:
    plan = planning.create_plan(
        actor=actor,
        unit=city,
        year=2022,
        title=TITLE,
        authority="UBND thành phố Lạng Sơn",
        objective="Kế hoạch năm MẪU (demo) theo seed 003: nâng chất lượng xã đạt chuẩn, xã NTM nâng cao, "
        "khu dân cư NTM kiểu mẫu.",
        is_demo=True,
    )
    planning.add_target(
        actor=actor,
        plan=plan,
        kind=Target.Kind.UNITS_AT_STANDARD,
        order=10,
        label="3/3 xã được công nhận đạt chuẩn nông thôn mới nâng cao",
        set_code=ADVANCED,
        basis=Basis.RECOGNISED,
        count_mode=CountMode.TOTAL,
        target_value=Decimal(3),
    )
    planning.add_target(
        actor=actor,
        plan=plan,
        kind=Target.Kind.UNIT_CRITERIA,
        order=20,
        label="Xã Quảng Lạc đạt 19/19 tiêu chí xã nông thôn mới nâng cao (1 trong 5 xã điểm)",
        set_code=ADVANCED,
        subject=quang_lac,
        target_value=Decimal(19),
    )
    planning.add_target(
        actor=actor,
        plan=plan,
        kind=Target.Kind.VILLAGES_BY_COMMUNE,
        order=30,
        label="Xây dựng 3 khu dân cư nông thôn mới kiểu mẫu tại xã Hoàng Đồng",
        set_code=MODEL_AREAS,
        basis=Basis.RECOGNISED,
        count_mode=CountMode.NEW,
        target_value=Decimal(3),
        units=[(hoang_dong, 3)],
    )
    planning.update_plan(
        actor=actor, plan=plan, changes={"status": Plan.Status.ISSUED}, reason="Dữ liệu mẫu từ seed 003"
    )
    return plan


def _money(actor, city: AdminUnit, quang_lac: AdminUnit, area: AdminUnit) -> None:
    since_2018 = {
        "Vốn nhà nước đầu tư xây dựng xã NTM nâng cao, khu dân cư NTM kiểu mẫu "
        "thành phố Lạng Sơn từ năm 2018": Decimal("195000"),
        "Vốn của người dân, doanh nghiệp, tín dụng xây dựng xã NTM nâng cao, khu dân cư NTM kiểu mẫu "
        "thành phố Lạng Sơn từ năm 2018": Decimal("140500"),
    }
    for title, amount in since_2018.items():
        finance.create_budget(
            actor=actor,
            unit=city,
            kind=Budget.Kind.MOBILISED,
            title=title,
            year_from=2018,
            year_to=2022,
            total=amount,
            lines={"unspecified": {"amount": amount, "note": "Seed 003 nêu tổng, không phân theo nguồn"}},
            reference=SEED,
            is_demo=True,
        )
    finance.create_budget(
        actor=actor,
        unit=quang_lac,
        kind=Budget.Kind.MOBILISED,
        title="Vốn nhà nước đầu tư xây dựng xã Quảng Lạc đạt chuẩn NTM nâng cao năm 2022",
        year_from=2022,
        year_to=2022,
        total=6000,
        lines={"unspecified": {"amount": 6000, "note": "Khoảng 6 tỷ đồng, seed 003 không phân theo nguồn"}},
        reference=SEED,
        is_demo=True,
    )
    contributions.record_contribution(
        actor=actor,
        unit=quang_lac,
        period_start=datetime.date(2022, 1, 1),
        period_end=datetime.date(2022, 9, 30),
        contributor=Contribution.Contributor.HOUSEHOLDS,
        cash=Decimal(132),
        labour_days=Decimal(1000),
        description="Người dân đóng góp 132 triệu đồng và hơn 1.000 công lao động "
        "(giao thông, thủy lợi, môi trường…)",
        source=SEED,
        is_demo=True,
    )
    contributions.record_contribution(
        actor=actor,
        unit=area,
        period_start=datetime.date(2022, 1, 1),
        period_end=datetime.date(2022, 9, 30),
        contributor=Contribution.Contributor.HOUSEHOLDS,
        cash=Decimal(100),
        households=40,
        description="Mỗi hộ trong cụm đóng góp 2,5 triệu đồng (số hộ 40: tự chọn)",
        source=SEED,
        is_demo=True,
    )
    planning.record_activity(
        actor=actor,
        unit=quang_lac,
        kind=Activity.Kind.COMMUNICATION,
        audience=Activity.Audience.PEOPLE,
        period_start=datetime.date(2022, 1, 1),
        period_end=datetime.date(2022, 9, 30),
        sessions=26,
        participants=1750,
        description="Tuyên truyền lồng ghép về xây dựng NTM nâng cao",
        source=SEED,
        is_demo=True,
    )
