"""Lai Châu 2011–2020: which criteria each commune met each year, calibrated to seed 001.

Seed 001 (a 2019 provincial article) gives the province average of criteria met per commune —
2.88 in 2011, 13.43 in 2018 — with 29 communes meeting the standard in 2018, and the 2020 target:
15.5 criteria per commune and 39 communes. Seed 000 says Lai Châu city's two communes met all 19
criteria by 2018. Everything else here (the years in between, which commune met which criterion
when) is invented for the demo, from a seeded RNG so that every run gives the same numbers.

Pure Python: no Django. `plan_history` returns, per commune code, the criteria met in each year;
each commune only gains criteria over time, and a commune meeting all 19 keeps them.
"""

import random
from collections.abc import Iterable
from dataclasses import dataclass

YEARS = tuple(range(2011, 2021))
CRITERIA = tuple(str(n) for n in range(1, 20))
FULL = len(CRITERIA)

# Province average of criteria met per commune. 2011 and 2018 are seed 001's figures, 2020 its
# target (used as the demo's 2020 value); the other years are interpolated for the demo.
AVERAGES = {
    2011: 2.88,
    2012: 4.60,
    2013: 6.40,
    2014: 8.20,
    2015: 10.00,
    2016: 10.90,
    2017: 12.20,
    2018: 13.43,
    2019: 14.50,
    2020: 15.50,
}

# Communes first meeting all 19 criteria, per year: 29 by 2018 and 39 by 2020 as in seed 001.
NEWLY_MEETING = {2013: 2, 2014: 4, 2015: 6, 2016: 5, 2017: 6, 2018: 6, 2019: 5, 2020: 5}

# Communes whose year of meeting the standard the demo fixes (the rest are drawn at random).
FIXED_YEAR = {
    "03409": 2016,  # Xã San Thàng, Lai Châu city ("Sang Thàng" in seed 000)
    "03403": 2018,  # Xã Sùng Phài, Lai Châu city in the package (seed 000 names Nậm Loỏng)
    "03412": 2015,  # Xã Bình Lư, Tam Đường — the six Tam Đường communes meeting the standard
    "03424": 2016,  # Xã Bản Bo          by 2020 are the demo's choice (no seed names them)
    "03418": 2017,  # Xã Bản Giang
    "03427": 2018,  # Xã Nà Tăm
    "03394": 2019,  # Xã Thèn Sin
    "03406": 2020,  # Xã Hồ Thầu
}
# Tam Đường communes that had not met the standard by 2020 in the demo (see tamduong.py).
NOT_BY_2020 = frozenset({"03413", "03405", "03400", "03415", "03421", "03430"})
# Seed 001's 2020 target: "huyện Tân Uyên đạt tiêu chuẩn NTM" — every commune of it by 2020.
ALL_BY_2020_DISTRICT = "111"

# How early a criterion tends to be met in a mountain province (demo weights, higher = earlier).
EASE = {
    "1": 10, "19": 9, "18": 8, "4": 8, "8": 7, "14": 7, "12": 6, "15": 6, "16": 5, "3": 5,
    "9": 4, "7": 4, "13": 4, "6": 3, "5": 3, "2": 2, "11": 2, "17": 2, "10": 1.5,
}  # fmt: skip
READINESS = 4  # a commune meeting the standard in year R has at least 19 - 4·(R - y) criteria in y
MAX_GAIN = 5  # criteria a commune gains in a year, unless the province totals need more
SEED = "ntm-demo/lai-chau-2011-2020"


def target_sum(average: float, communes: int) -> int:
    """The total of criteria met whose per-commune average rounds to `average` (2 decimals)."""
    guess = round(average * communes)
    for total in sorted(range(guess - 3, guess + 4), key=lambda t: abs(t - guess)):
        if round(total / communes, 2) == average:
            return total
    raise ValueError(f"no total over {communes} communes averages {average}")


def recognition_years(communes: Iterable[tuple[str, str]], rng: random.Random) -> dict[str, int]:
    """Year each commune first meets all 19 criteria (communes absent do not by 2020)."""
    communes = sorted(communes)
    slots = [year for year, count in sorted(NEWLY_MEETING.items()) for _ in range(count)]
    years = dict(FIXED_YEAR)
    for year in years.values():
        slots.remove(year)
    district_wide = [code for code, district in communes if district == ALL_BY_2020_DISTRICT]
    for code in district_wide:
        year = rng.choice([y for y in slots if y >= 2014])
        slots.remove(year)
        years[code] = year
    others = [code for code, _d in communes if code not in years and code not in NOT_BY_2020]
    for code, year in zip(rng.sample(others, len(slots)), slots, strict=True):
        years[code] = year
    return years


def _criteria_order(rng: random.Random) -> tuple[str, ...]:
    """A commune's order of meeting criteria: a weighted random permutation (easier first)."""
    return tuple(sorted(CRITERIA, key=lambda code: -(rng.random() ** (1 / EASE[code]))))


def _counts(codes: list[str], met_from: dict[str, int], rng: random.Random) -> dict[str, dict[int, int]]:
    """Criteria met per commune and year, hitting each year's province total exactly."""
    speed = {code: rng.uniform(0.3, 1.0) for code in codes}
    previous = dict.fromkeys(codes, 0)
    counts: dict[str, dict[int, int]] = {code: {} for code in codes}
    for year in YEARS:
        low = {}
        for code in codes:
            start = met_from.get(code)
            if start is not None and start <= year:
                low[code] = FULL
            else:
                ready = FULL - READINESS * (start - year) if start else 0
                low[code] = min(FULL - 1, max(previous[code], ready))
        need = target_sum(AVERAGES[year], len(codes)) - sum(low.values())
        if need < 0:
            raise ValueError(f"{year}: the communes' floors exceed the province total")
        current = dict(low)
        gain = MAX_GAIN + (3 if year == YEARS[0] else 0)
        for cap in (gain, FULL):
            while need:
                room = [c for c in codes if current[c] < min(FULL - 1, max(low[c], previous[c] + cap))]
                if not room:
                    break
                pick = rng.choices(room, weights=[speed[c] for c in room])[0]
                current[pick] += 1
                need -= 1
        if need:
            raise ValueError(f"{year}: not enough room to reach the province total")
        for code in codes:
            counts[code][year] = current[code]
        previous = current
    return counts


@dataclass(frozen=True)
class History:
    met: dict[str, dict[int, frozenset[str]]]  # commune code -> year -> criteria met
    order: dict[str, tuple[str, ...]]  # commune code -> the order it meets criteria in
    meets_from: dict[str, int]  # commune code -> first year with all 19 (absent: not by 2020)


def plan_history(communes: Iterable[tuple[str, str]]) -> History:
    """Criteria met per commune code and year, 2011–2020; `communes` are (code, district code)."""
    communes = sorted(communes)
    rng = random.Random(SEED)
    meets_from = recognition_years(communes, rng)
    codes = [code for code, _d in communes]
    order = {code: _criteria_order(rng) for code in codes}
    counts = _counts(codes, meets_from, rng)
    met = {code: {year: frozenset(order[code][: counts[code][year]]) for year in YEARS} for code in codes}
    return History(met, order, meets_from)
