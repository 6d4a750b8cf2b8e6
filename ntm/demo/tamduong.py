"""Tam Đường 2022–2024, calibrated to seed 002 (the district's 2024 NTM plan). Pure data.

What the seed states (used as the demo's figures):
- 2023: 8 of the 12 communes recognised NTM; Bản Bo at 10/19 of the advanced set, with criteria
  1, 5, 6, 10, 14, 17 still to reach; the district at 3/9 of the district set.
- 2024 targets (used as the demo's 2024 values): Sơn Bình recognised (9 communes), 18.5 criteria per
  commune on average, 11/12 communes meeting schools (5), income (10) and environment (17), 9/12
  meeting poverty (11) and 12/12 every other criterion; Bản Bo at 16/19 advanced (+1, 5, 6, 10,
  14, 17); the district at 6/9 (+1 planning, 6 economy, 7 environment).

Invented for the demo (the seed names none of them): which 8 communes were recognised, the
criteria the other communes miss, and 2022. Bản Bo's advanced criteria that the plan sets a 2024
target for are exactly 16 (1, 3–10, 12–17, 19): the demo takes the remaining three (2, 11, 18) as
the ones Bản Bo still misses in 2024, and 10 of the 16 as met in 2023.
"""

YEARS = (2022, 2023, 2024)
BASE_SET = "xa-ntm-2021"
ADVANCED_SET = "xa-ntm-nang-cao-2021"
DISTRICT_SET = "huyen-ntm-2021"
DISTRICT = "106"  # Huyện Tam Đường
BAN_BO = "03424"
SON_BINH = "03413"

# Communes meeting xa-ntm-2021 in every year 2022–2024 (demo's choice of the 8 recognised by 2023,
# with Bản Hon and Khun Há below); they were the six meeting the 2016 set by 2020 (history.py).
MEETING_THROUGHOUT = ("03412", "03424", "03418", "03427", "03394", "03406")

# xa-ntm-2021 criteria a commune misses, per year (years not listed: none missing).
MISSING: dict[str, dict[int, tuple[str, ...]]] = {
    "03421": {2022: ("10",)},  # Bản Hon — recognised 2023
    "03430": {2022: ("11", "17")},  # Khun Há — recognised 2023
    SON_BINH: {2022: ("5", "10", "11", "17"), 2023: ("11", "17")},  # recognised 2024 (seed 002)
    "03405": {2022: ("2", "5", "6", "11", "13", "17"), 2023: ("5", "6", "11", "17"), 2024: ("5", "11")},
    "03400": {2022: ("5", "9", "10", "11", "17"), 2023: ("9", "10", "11", "17"), 2024: ("10", "11")},
    "03415": {2022: ("2", "10", "11", "13", "17"), 2023: ("11", "13", "17"), 2024: ("11", "17")},
}  # Giang Ma, Tả Lèng, Nùng Nàng: still 17/19 in 2024

COMMUNES = tuple(sorted((*MEETING_THROUGHOUT, *MISSING)))

# Bản Bo, advanced set: criteria met per year (seed 002: 10/19 in 2023, 16/19 in 2024).
ADVANCED_MET = {
    2023: ("3", "4", "7", "8", "9", "12", "13", "15", "16", "19"),
    2024: ("1", "3", "4", "5", "6", "7", "8", "9", "10", "12", "13", "14", "15", "16", "17", "19"),
}
ADVANCED_YEARS = tuple(ADVANCED_MET)
# Criterion 1 is computed from values: the detailed plan (1.3) is what Bản Bo completes in 2024
# (seed 002: "Hoàn thành quy hoạch chi tiết xã nông thôn mới nâng cao (xã Bản Bo)").
ADVANCED_BLOCKING = {"1": "1.3"}
# Criterion 10 (income): the catalog's advanced threshold is the xa-ntm-2021 placeholder, which
# Bản Bo's income meets, so "not met in 2023" cannot come from a value: it is recorded as a status;
# the 2024 value is Bản Bo's xa-ntm-2021 income of that year.
ADVANCED_INCOME_RECORDED = (2023,)

# Tam Đường district, district set: 3/9 in 2023 (the three the plan says to "maintain"), 6/9 in 2024.
DISTRICT_MET = {2023: ("3", "4", "9"), 2024: ("1", "3", "4", "6", "7", "9")}


def missing(code: str, year: int) -> tuple[str, ...]:
    return MISSING.get(code, {}).get(year, ())


def met_from(code: str, criterion: str) -> int | None:
    """First year (2022–2024) a commune meets a criterion of xa-ntm-2021 (None: not by 2024)."""
    return next((year for year in YEARS if criterion not in missing(code, year)), None)


def advanced_met_from(criterion: str) -> int | None:
    return next((year for year in ADVANCED_YEARS if criterion in ADVANCED_MET[year]), None)
