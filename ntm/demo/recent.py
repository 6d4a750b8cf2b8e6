"""Lai Châu's communes outside Tam Đường, 2022–2024 under xa-ntm-2021: recorded statuses only
(no indicator values), continuing each commune's 2016–2020 path. Invented for the demo — no seed
gives these figures. Pure Python.

Each commune keeps what it met in 2020 and gains 0–2 criteria a year in its own order; communes that
met all 19 keep them; NEWLY_MEETING communes a year are picked among the closest to the standard.
"""

import random

from .history import FULL, History

YEARS = (2022, 2023, 2024)
NEWLY_MEETING = {2022: 3, 2023: 3, 2024: 4}
SEED = "ntm-demo/lai-chau-2022-2024"


def plan_recent(history: History, codes: list[str]) -> dict[str, dict[int, frozenset[str]]]:
    """Criteria met per commune code and year 2022–2024 for `codes` (communes of the history)."""
    rng = random.Random(SEED)
    counts = {code: len(history.met[code][2020]) for code in sorted(codes)}
    plan: dict[str, dict[int, frozenset[str]]] = {code: {} for code in counts}
    for year in YEARS:
        for code in counts:
            if counts[code] < FULL:
                counts[code] = min(FULL - 1, counts[code] + rng.choice((0, 1, 1, 2)))
        closest = sorted((c for c in counts if counts[c] < FULL), key=lambda c: (-counts[c], c))
        for code in closest[: NEWLY_MEETING[year]]:
            counts[code] = FULL
        for code, count in counts.items():
            plan[code][year] = frozenset(history.order[code][:count])
    return plan
