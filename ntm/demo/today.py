"""The program as it runs today: Lai Châu's post-reform communes in 2026 under xa-ntm-2026.

`reform.py` carries each new commune's predecessors' 2024 results over to nine of the ten 2026
criteria. Criterion 7 (science, technology, innovation and digital transformation) has no
counterpart in the 2021 set; this module records it for every new commune so that the province's
2026 dashboard, matrix and completion page show a mixed, plausible picture instead of "0 communes".
Invented for the demo — no seed gives 2026 figures:

- a commune meeting all nine carried-over criteria meets criterion 7 with probability 0.6, one
  meeting seven or eight with 0.35, any other with 0.1, drawn from an RNG seeded by a fixed string
  (the same figures every run);
- the first RECOGNISED communes (by code) that then meet all ten criteria get a demo recognition
  decision under xa-ntm-2026 for 2026, numbered "MẪU-2026-…" like the other demo decisions.

Everything goes through the one write path (`bulk.Writer` → `ntm.indicators.versions`) with the
demo's actor, source and a reason saying it is invented; then the engine assesses the year.
"""

import datetime
import random

from ntm.indicators.assess import reassess_many
from ntm.indicators.engine import catalog
from ntm.indicators.models import Assessment
from ntm.recognition.models import Decision
from ntm.recognition.services import record_decision

from . import reform
from .bulk import Writer
from .laichau import SOURCE, LaiChau
from .recognition import AUTHORITY, NOTE

CRITERION = "7"
SEED = "ntm-demo/lai-chau-2026-criterion-7"
CHANCE = ((9, 0.6), (7, 0.35), (0, 0.1))  # (at least this many of the nine met, chance of meeting 7)
RECOGNISED = 3
DECISION_DATE = datetime.date(2026, 11, 20)
REASON = (
    "Dữ liệu mẫu (demo): tiêu chí 7 năm 2026 tự tạo (không có tiêu chí tương ứng trong bộ 2021–2025) "
    "— ước tính, không chính thức"
)


def plan_criterion_7(carried: dict[str, dict[str, bool]]) -> dict[str, bool]:
    """Criterion 7 per new commune code, from the nine criteria carried over from 2024."""
    rng = random.Random(SEED)
    out = {}
    for code in sorted(carried):
        met = sum(carried[code].values())
        chance = next(p for floor, p in CHANCE if met >= floor)
        out[code] = rng.random() < chance
    return out


def load_today(actor: str) -> Writer:
    lc = LaiChau.load()
    writer = Writer(actor=actor, source=SOURCE)
    current = {
        a.unit.code: a
        for a in Assessment.objects.filter(
            unit__in=lc.new_communes.values(), set_code=reform.SET_CODE, year=reform.YEAR
        ).select_related("unit")
    }
    carried = {
        code: {c: status == "met" for c, status in a.summary().statuses.items() if c != CRITERION}
        for code, a in current.items()
        if a.criteria_recorded  # only communes whose 2026 results the demo carried over
    }
    planned = plan_criterion_7(carried)
    rows = {lc.new_communes[code]: {CRITERION: met} for code, met in planned.items()}
    writer.statuses(reform.SET_CODE, reform.YEAR, rows, REASON)
    units = list(lc.new_communes.values())
    for set_code, year in sorted(writer.changed):
        if catalog().get(set_code).level == "commune":
            reassess_many(units, set_code, year)
    _recognise(actor, lc)
    return writer


def _recognise(actor: str, lc: LaiChau) -> None:
    meeting = Assessment.objects.filter(
        unit__in=lc.new_communes.values(), set_code=reform.SET_CODE, year=reform.YEAR, standard_met=True
    ).order_by("unit__code")
    for n, assessment in enumerate(meeting.select_related("unit")[:RECOGNISED], start=1):
        number = f"MẪU-{reform.YEAR}-{n:03d}/QĐ-UBND"
        if Decision.objects.filter(unit=assessment.unit, set_code=reform.SET_CODE, number=number).exists():
            continue
        record_decision(
            actor=actor,
            unit=assessment.unit,
            set_code=reform.SET_CODE,
            year=reform.YEAR,
            kind=Decision.Kind.RECOGNISE,
            number=number,
            date=DECISION_DATE,
            authority=AUTHORITY,
            note=NOTE,
            is_demo=True,
        )
