"""Demo recognition decisions: one "recognise" decision for each Lai Châu commune in the year the
demo data first has it meet all 19 criteria, under the set the year was assessed with. Numbers,
dates and the authority's wording are invented and say so ("MẪU-…"); no decision is real.

A commune recognised under xa-ntm-2016 has no second decision under xa-ntm-2021: the demo only
records what a province would have decided (a new recognition when a commune first meets the
standard). Idempotent: a decision with the same unit, set, kind and number is not recorded again.
"""

import datetime

from ntm.recognition.models import Decision
from ntm.recognition.services import record_decision
from ntm.units.models import AdminUnit

AUTHORITY = "UBND tỉnh Lai Châu"
NOTE = "Quyết định MẪU (demo): số, ngày tự tạo — không phải quyết định thật; năm đạt chuẩn theo dữ liệu mẫu"


def recognitions(first_years: dict[str, tuple[str, int]]) -> list[tuple[str, str, int, str]]:
    """(commune code, set, year, demo number) for every first year of meeting the standard."""
    out: list = []
    seq: dict = {}
    for code, (set_code, year) in sorted(first_years.items(), key=lambda item: (item[1][1], item[0])):
        seq[year] = seq.get(year, 0) + 1
        out.append((code, set_code, year, f"MẪU-{year}-{seq[year]:03d}/QĐ-UBND"))
    return out


def load_decisions(
    actor: str, communes: dict[str, AdminUnit], first_years: dict[str, tuple[str, int]]
) -> int:
    existing = set(
        Decision.objects.filter(unit__in=communes.values(), is_demo=True).values_list(
            "unit_id", "set_code", "kind", "number"
        )
    )
    created = 0
    for code, set_code, year, number in recognitions(first_years):
        unit = communes[code]
        if (unit.pk, set_code, Decision.Kind.RECOGNISE, number) in existing:
            continue
        record_decision(
            actor=actor,
            unit=unit,
            set_code=set_code,
            year=year,
            kind=Decision.Kind.RECOGNISE,
            number=number,
            date=datetime.date(year, 12, 20),
            authority=AUTHORITY,
            note=NOTE,
            is_demo=True,
        )
        created += 1
    return created
