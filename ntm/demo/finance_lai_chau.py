"""Lai Châu 2011–2020 from seed 001: capital mobilised by source, community contributions, and the
trainings of officials. Idempotent: each row is written once (matched on its unit and title/source).

Seed 001 gives the total (28,991,124 million VND) and four sources that add up to 1,769,850 only;
the rest (27,221,274) is recorded as "Chưa phân theo nguồn" — the article does not split it
(integrated programs and credit are the likely bulk, but it does not say so).
"""

import datetime
from decimal import Decimal

from ntm.finance import contributions
from ntm.finance import services as finance
from ntm.finance.models import Budget, Contribution
from ntm.planning import services as planning
from ntm.planning.models import Activity
from ntm.units.models import AdminUnit, Level

PROVINCE = "12"
SEED = "Seed 001 — bài báo về 10 năm xây dựng NTM tỉnh Lai Châu (2011–2020)"
BUDGET_TITLE = "Vốn huy động và bố trí thực hiện Chương trình xây dựng NTM tỉnh Lai Châu giai đoạn 2011–2020"
TOTAL = Decimal(28991124)
NAMED = {
    "central": Decimal(1364845),
    "local_investment": Decimal(180931),
    "enterprise": Decimal(15850),
    "community": Decimal(208224),
}
LINES = {
    **NAMED,
    "unspecified": {
        "amount": TOTAL - sum(NAMED.values()),
        "note": "Phần còn lại của tổng vốn mà seed 001 không phân theo nguồn",
    },
}
CONTRIBUTION_SOURCE = f"{SEED}: giai đoạn 2010 đến tháng 9/2019"
ACTIVITY_SOURCE = f"{SEED}: “từ năm 2011 đến nay” (bài viết cuối năm 2019; ngày kết thúc lấy theo 9/2019)"


def load(actor) -> int:
    """Write what is missing; returns the number of rows written."""
    province = AdminUnit.objects.get(code=PROVINCE, level=Level.PROVINCE, valid_from__isnull=True)
    written = 0
    if not Budget.objects.filter(unit=province, title=BUDGET_TITLE).exists():
        finance.create_budget(
            actor=actor,
            unit=province,
            kind=Budget.Kind.MOBILISED,
            title=BUDGET_TITLE,
            year_from=2011,
            year_to=2020,
            total=TOTAL,
            lines=LINES,
            reference=SEED,
            note="Ngân sách địa phương là vốn đầu tư phát triển, như bài báo ghi.",
            is_demo=True,
        )
        written += 1
    if not Contribution.objects.filter(unit=province, source=CONTRIBUTION_SOURCE).exists():
        contributions.record_contribution(
            actor=actor,
            unit=province,
            period_start=datetime.date(2010, 1, 1),
            period_end=datetime.date(2019, 9, 30),
            contributor=Contribution.Contributor.MIXED,
            cash=Decimal(502108),
            land_m2=Decimal(2142589),
            labour_days=Decimal(991588),
            materials_value=Decimal(61923),
            description="Phong trào thi đua: tổ chức, doanh nghiệp, nhà hảo tâm và Nhân dân hiến đất, "
            "góp ngày công, ủng hộ tiền, vật liệu (cát, đá…)",
            source=CONTRIBUTION_SOURCE,
            is_demo=True,
        )
        written += 1
    if not Activity.objects.filter(unit=province, source=ACTIVITY_SOURCE).exists():
        planning.record_activity(
            actor=actor,
            unit=province,
            kind=Activity.Kind.TRAINING,
            audience=Activity.Audience.OFFICIALS,
            period_start=datetime.date(2011, 1, 1),
            period_end=datetime.date(2019, 9, 30),
            sessions=140,
            participants=7200,
            description="Lớp tập huấn, đào tạo nâng cao năng lực cán bộ làm công tác xây dựng NTM từ "
            "cấp tỉnh đến thôn, bản (hơn 7.200 lượt)",
            source=ACTIVITY_SOURCE,
            is_demo=True,
        )
        written += 1
    return written
