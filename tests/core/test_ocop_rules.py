import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ntm.core.ocop import ScoreError, check_parts, expiring_within, expiry, stars_for


def test_certified_15_3_2023_expires_15_3_2026():
    assert expiry(datetime.date(2023, 3, 15)) == datetime.date(2026, 3, 15)


def test_expiry_clamps_to_month_end():
    assert expiry(datetime.date(2024, 2, 29)) == datetime.date(2027, 2, 28)


@pytest.mark.parametrize(
    ("total", "stars"),
    [(100, 5), (90, 5), (89.9, 4), (70, 4), (69, 3), (50, 3), (49.5, 2), (30, 2), (29.9, 1), (0, 1)],
)
def test_star_bands(total, stars):
    assert stars_for(total) == stars


def test_part_scores_are_checked_against_the_version():
    assert check_parts("2023", 38, 22, 30).stars == 5
    with pytest.raises(ScoreError, match="phần A phải từ 0 đến 40"):
        check_parts("2023", 41, 10, 10)
    with pytest.raises(ScoreError, match="phần C phải từ 0 đến 40"):
        check_parts("2019", 10, 10, 41)


def test_expiring_list_window():
    expires = datetime.date(2026, 3, 15)
    assert expiring_within(expires, datetime.date(2025, 10, 1))
    assert not expiring_within(expires, datetime.date(2025, 9, 14))
    assert not expiring_within(expires, datetime.date(2026, 3, 16))


@given(st.floats(min_value=0, max_value=100, allow_nan=False))
def test_three_stars_or_more_exactly_from_50_points(total):
    assert (stars_for(total) >= 3) == (total >= 50)
