"""The unit × criterion matrix and the trend page follow every write at once."""

import datetime
import re

import pytest

from ntm.indicators.engine import same_standard
from ntm.indicators.rollups import units_counted
from ntm.indicators.services import ValueChange, save_values
from ntm.recognition.selectors import recognised_units
from ntm.recognition.services import record_decision
from ntm.units.models import AdminUnit, Level

pytestmark = pytest.mark.django_db


@pytest.fixture
def tam_duong():
    return AdminUnit.objects.get(code="106", level=Level.DISTRICT)


def test_matrix_lists_the_districts_communes_with_a_row_each(login, tam_duong):
    text = login("huyen.tamduong").get(f"/units/{tam_duong.pk}/matrix/2024/", {"set": "xa-ntm-2021"}).text
    assert text.count('<tr data-unit="') == 12
    assert "Xã Bản Bo" in text and "Xã Khun Há" in text
    assert 'data-testid="coverage-19"' in text


def test_a_saved_value_shows_in_the_matrix_at_once(login, tam_duong):
    from ntm.accounts.models import User

    ban_bo = AdminUnit.objects.get(code="03424", level=Level.COMMUNE, valid_from__isnull=True)
    client = login("huyen.tamduong")
    before = client.get(f"/units/{tam_duong.pk}/matrix/2024/", {"set": "xa-ntm-2021"}).text
    save_values(
        actor=User.objects.get(username="xa.banbo"),
        unit=ban_bo,
        set_code="xa-ntm-2021",
        year=2024,
        changes=[ValueChange("7", False, expected_version=_version(ban_bo, "7"))],
        reason="kiểm tra lại chợ",
    )
    after = client.get(f"/units/{tam_duong.pk}/matrix/2024/", {"set": "xa-ntm-2021"}).text
    assert before != after
    row = after[after.index('data-unit="03424"') :]
    row = row[: row.index("</tr>")]
    assert 'class="cell st-not_met' in row and 'title="Chưa đạt' in row


def _version(unit, code):
    from ntm.indicators.models import IndicatorValue

    current = IndicatorValue.objects.filter(
        unit=unit, indicator_code=code, set_code="xa-ntm-2021", period="2024", is_current=True
    ).first()
    return current.version if current else 0


def test_matrix_out_of_scope_is_refused(login):
    sin_ho = AdminUnit.objects.get(code="108", level=Level.DISTRICT)
    assert login("huyen.tamduong").get(f"/units/{sin_ho.pk}/matrix/2024/").status_code == 403


def test_national_matrix_is_for_administrators(login):
    assert login("tinh.laichau").get("/national/matrix/2024/").status_code == 403
    assert login("quantri").get("/national/trend/").status_code == 200


def test_trend_page_shows_the_seed_figures_for_lai_chau(login):
    province = AdminUnit.objects.get(code="12", level=Level.PROVINCE, valid_from__isnull=True)
    text = login("tinh.laichau").get(f"/units/{province.pk}/trend/").text
    assert 'data-testid="average-2011">2,88<' in text
    assert 'data-testid="average-2018">13,43<' in text
    assert 'data-testid="met-2018">29<' in text


def _recognised_by_year(text: str) -> dict[int, int]:
    return {int(y): int(n) for y, n in re.findall(r'data-testid="recognised-(\d+)">(\d+)<', text)}


def test_trend_recognised_counts_follow_a_new_decision(login):
    province = AdminUnit.objects.get(code="12", level=Level.PROVINCE, valid_from__isnull=True)
    client = login("tinh.laichau")
    before = _recognised_by_year(client.get(f"/units/{province.pk}/trend/").text)
    year = max(y for y, n in before.items() if n and y < 2025)
    set_code = "xa-ntm-2021" if year >= 2021 else "xa-ntm-2016"
    recognised = recognised_units(
        units_counted(province, set_code, year), same_standard(set_code), datetime.date(year, 12, 31)
    )
    commune = AdminUnit.objects.get(pk=min(recognised))
    record_decision(
        actor="tests",
        unit=commune,
        set_code=set_code,
        year=year,
        kind="revoke",
        number="9/QĐ-UBND",
        date=datetime.date(year, 12, 30),
        authority="UBND tỉnh Lai Châu",
    )
    after = _recognised_by_year(client.get(f"/units/{province.pk}/trend/").text)
    assert after[year] == before[year] - 1
    assert {y: n for y, n in after.items() if y < year} == {y: n for y, n in before.items() if y < year}


def test_national_matrix_has_a_row_per_province_with_lai_chau_counts(login):
    text = login("quantri").get("/national/matrix/2018/").text
    assert text.count("<tr><td><a href=") == 63
    row = text[text.index(">Tỉnh Lai Châu<") :]
    assert "29/94" in row[: row.index("</tr>")]


def test_matrix_marks_recorded_statuses_in_english_too(login, tam_duong):
    """Lai Châu's 2018 history is recorded criterion by criterion, not computed from values."""
    client = login("huyen.tamduong")
    text = client.get(f"/units/{tam_duong.pk}/matrix/2018/").text
    assert 'class="cell st-met recorded" title="Đạt (ghi nhận)">✓<sup>R</sup></td>' in text
    client.cookies["django_language"] = "en"
    text = client.get(f"/units/{tam_duong.pk}/matrix/2018/").text
    assert 'class="cell st-met recorded" title="Met (recorded)">✓<sup>R</sup></td>' in text
