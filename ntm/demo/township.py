"""Thị trấn Tam Đường's 2024 results against the civilized-urban set (seed 002, section 12): the plan
sets targets for its criteria; the demo records them as met — values and statuses are invented
(the seed gives targets only). No recognition decision: the demo does not claim one was issued.
"""

from ntm.indicators.assess import reassess_many
from ntm.indicators.engine import catalog
from ntm.units.models import AdminUnit, Level

from .bulk import Writer

TOWNSHIP = "03390"
SET_CODE = "do-thi-van-minh-2021"
YEAR = 2024
SOURCE = "DỮ LIỆU MẪU (demo) — không phải số liệu chính thức"
REASON = (
    "Dữ liệu mẫu (demo) theo seed 002 (Kế hoạch NTM 2024 huyện Tam Đường, mục 12): chỉ tiêu năm 2024 "
    "coi như đã đạt; giá trị tự tạo"
)
VALUES = {"3.2": True, "3.3": 100, "5.2": True, "6.2": 104, "7.1": True, "8.2": 93}


def load_township(actor: str) -> Writer:
    township = AdminUnit.objects.get(level=Level.COMMUNE, code=TOWNSHIP, valid_from__isnull=True)
    criteria = [c.code for c in catalog().get(SET_CODE).criteria]
    writer = Writer(actor=actor, source=SOURCE)
    writer.values(SET_CODE, YEAR, {township: VALUES}, REASON)
    # the criteria's indicator lists are incomplete: known indicators cannot make them met alone
    writer.statuses(SET_CODE, YEAR, {township: dict.fromkeys(criteria, True)}, REASON)
    if writer.changed:
        reassess_many([township], SET_CODE, YEAR)
    return writer
