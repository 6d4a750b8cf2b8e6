"""The home page says what to do for the user's unit: data missing, criteria at risk, plan targets
behind, reports due, dossiers waiting for the user's step, OCOP certificates expiring — each a link
the user can open."""

import datetime
import re

import pytest

from ntm.accounts.models import User
from ntm.accounts.permissions import home_unit
from ntm.demo.accounts import DEMO_USERS
from ntm.indicators.data_years import default_year
from ntm.planning.models import Plan
from ntm.units.models import AdminUnit, Level
from ntm.web.todo import todo

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 12, 6)


def _user(username: str) -> User:
    return User.objects.get(username=username)


def _groups(username: str, unit=None, year=None, today=TODAY) -> dict:
    user = _user(username)
    unit = unit or home_unit(user)
    return {g.key: g for g in todo(user, unit, year or default_year(unit), today)}


def _commune(code: str) -> AdminUnit:
    return AdminUnit.objects.get(code=code, level=Level.COMMUNE, valid_from__isnull=True)


def test_the_district_home_page_lists_the_plan_targets_behind_with_a_link_to_the_plan(login):
    plan = Plan.objects.get(is_demo=True, year=2024, unit__code="106")
    html = login("huyen.tamduong").get("/").text
    todo_html = html[html.index('data-testid="home-todo"') :]
    assert "Việc cần làm — Huyện Tam Đường, năm 2024" in todo_html
    assert "Chỉ tiêu kế hoạch năm 2024 chậm tiến độ hoặc chưa có số liệu" in todo_html
    assert f'href="/plans/{plan.pk}/"' in todo_html
    assert re.search(r"chỉ tiêu chậm tiến độ hoặc không đạt, 2 chưa có số liệu", todo_html)


def test_certificates_expiring_within_six_months_are_listed_soonest_first():
    lines = [line.text for line in _groups("huyen.tamduong")["ocop"].lines]
    assert lines == [
        "Miến dong Bình Lư (mẫu) (4 sao) hết hạn ngày 15/03/2027",
        "Gạo Séng Cù Tả Lèng (mẫu) (3 sao) hết hạn ngày 15/04/2027",
    ]
    later = _groups("huyen.tamduong", today=datetime.date(2027, 1, 1))["ocop"].lines
    assert "Chè xanh Tam Đường (mẫu) (4 sao) hết hạn ngày 15/06/2027" in [line.text for line in later]


def test_communes_without_data_and_criteria_not_met_are_listed():
    tam_duong = AdminUnit.objects.get(code="106", level=Level.DISTRICT, valid_from__isnull=True)
    missing = _groups("huyen.tamduong", tam_duong, 2025)["data"]
    assert missing.title == "Số liệu còn thiếu năm 2025"
    # 2025 counts the five new communes of the district's area (the roll-up rule); none has 2025 data
    assert len(missing.lines) + missing.more == 5
    assert all(line.text.endswith("chưa có số liệu") for line in missing.lines)
    assert all("/2025/" in line.url for line in missing.lines)
    giang_ma = _groups("huyen.tamduong", _commune("03405"), 2024)
    # both verdicts rest on thresholds not yet confirmed against their decision
    risk = ["Xã Giang Ma chưa đạt tiêu chí 5 (tạm tính), 11 (tạm tính)"]
    assert [line.text for line in giang_ma["risk"].lines] == risk
    assert "data" not in giang_ma  # all 57 indicators of 2024 have a value


def test_the_province_sees_its_overdue_report_the_reports_to_review_and_the_dossiers_at_its_step():
    groups = _groups("tinh.laichau")
    rounds = groups["rounds"].lines
    assert rounds[0].urgent and "quý III năm 2026: quá hạn từ 15/10/2026" in rounds[0].text
    assert any("đã gửi" in line.text and "chờ bạn duyệt" in line.text for line in rounds)
    dossiers = groups["dossiers"].lines
    assert dossiers and all(line.url.startswith("/dossiers/") for line in dossiers)


def test_a_commune_officer_sees_only_its_own_report(login):
    groups = _groups("xa.banbo")
    assert [line.url.startswith("/rounds/") for line in groups["rounds"].lines] == [True]
    assert "dossiers" not in groups or all("Bản Bo" in line.text for line in groups["dossiers"].lines)


@pytest.mark.parametrize("username", [u.username for u in DEMO_USERS])
def test_every_line_of_the_home_page_opens(username, login):
    client = login(username)
    html = client.get("/").text
    if 'data-testid="home-todo"' not in html:
        return
    section = html[html.index('data-testid="home-todo"') : html.index('data-testid="home-tiles"')]
    for url in sorted(set(re.findall(r'href="([^"]+)"', section))):
        assert client.get(url).status_code == 200, url
