"""Demo commune groups (QĐ 51/2025/QĐ-TTg, 2026–2030) for Lai Châu's post-reform communes.

The real grouping is a provincial decision this project does not have, so every group here comes
from a sample decision ("QĐ mẫu …", marked as a demo decision): a commune formed from a township
(thị trấn) is taken as urbanising (group 1), every other one as a mountain, ethnic-minority
commune of area II/III (group 3). Written through `update_classification` (audited, re-evaluated);
unchanged communes are left alone, so loading twice changes nothing.
"""

import datetime

from ntm.accounts.actors import SystemActor
from ntm.indicators.classification import update_classification
from ntm.units.models import AdminUnit, Kind, Level, LineageLink

PROVINCE = "12"
DECISION = {
    "group_decision": "QĐ mẫu 01/QĐ-UBND (demo)",
    "group_decision_date": datetime.date(2026, 3, 16),
    "group_issuer": "UBND tỉnh Lai Châu (mẫu)",
    "group_decision_demo": True,
}
REASON = "Dữ liệu mẫu (demo): nhóm xã theo quyết định mẫu, không phải quyết định chính thức của tỉnh"


def demo_groups() -> dict[AdminUnit, int]:
    """Post-reform Lai Châu commune -> its demo group."""
    province = AdminUnit.objects.get(level=Level.PROVINCE, code=PROVINCE, valid_from__isnull=False)
    communes = AdminUnit.objects.filter(path__startswith=province.path, kind=Kind.COMMUNE).order_by("code")
    urbanising = set(
        LineageLink.objects.filter(successor__in=communes, predecessor__kind=Kind.TOWNSHIP).values_list(
            "successor_id", flat=True
        )
    )
    return {unit: 1 if unit.pk in urbanising else 3 for unit in communes}


def load_commune_groups(actor: str) -> int:
    """Give every post-reform Lai Châu commune its demo group and sample decision; how many changed."""
    changed = 0
    for unit, group in demo_groups().items():
        if update_classification(
            actor=SystemActor(actor), unit=unit, changes={"commune_group": group, **DECISION}, reason=REASON
        ):
            changed += 1
    return changed
