"""Pages across the 2025 reform: a pre-reform unit's pages never open on a year after 2025 and say
where the unit went; a post-reform unit's say what it was formed from; no link shown to a demo
user answers 403; refusals and unknown pages are Vietnamese pages of the site."""

import re
from urllib.parse import parse_qs, urlsplit

import pytest

from ntm.units.models import AdminUnit, Level

pytestmark = pytest.mark.django_db

LINK = re.compile(r'href="(/[^"#]*)"')
# a year a page opens on: a selected option, a year or period field's value
SHOWN_YEAR = re.compile(
    r'<option(?: value="(\d{4})")? selected>(\d{4})?</option>|name="(?:year|period)" value="(\d{4})'
)
DOWNLOADS = ("/reports/units/", "/reports/plans/", "/evidence/")


def _main(html: str) -> str:
    return html.split("<main>", 1)[1].split("</main>", 1)[0]


def _links(html: str) -> list[str]:
    return list(dict.fromkeys(link.replace("&amp;", "&") for link in LINK.findall(_main(html))))


def _years_in(url: str) -> set[int]:
    parts = urlsplit(url)
    years = {int(y) for y in re.findall(r"/(20[1-3]\d)/", parts.path)}  # not a unit id
    query = parse_qs(parts.query)
    years |= {int(v[:4]) for key in ("year", "period") for v in query.get(key, []) if v[:4].isdigit()}
    return years


def _post_reform_target(url: str) -> bool:
    match = re.match(r"/units/(\d+)/", urlsplit(url).path)
    if not match:
        return False
    unit = AdminUnit.objects.filter(pk=int(match[1])).first()
    return unit is not None and unit.valid_from is not None


@pytest.mark.parametrize("username", ["huyen.tamduong", "quantri"])
def test_every_page_linked_from_a_pre_reform_unit_opens_on_2025_or_before(
    username, session_as, ban_bo, tam_duong
):
    client = session_as(username)
    starts = [ban_bo, tam_duong] + ([tam_duong.parent] if username == "quantri" else [])
    problems, visited = [], 0
    for unit in starts:
        page = client.get(f"/units/{unit.pk}/")
        assert page.status_code == 200
        assert "01/7/2025" in page.text
        for link in _links(page.text):
            if _post_reform_target(link):  # the successor's own pages open on its own era
                continue
            if late := {y for y in _years_in(link) if y > 2025}:
                problems.append(f"{unit}: link {link} names {late}")
            if link.startswith(DOWNLOADS) or link.startswith("/units/?"):
                continue
            response = client.get(link)
            visited += 1
            if response.status_code != 200:
                problems.append(f"{unit}: {link} answers {response.status_code}")
                continue
            shown = {int(y) for groups in SHOWN_YEAR.findall(response.text) for y in groups if y}
            inner = {
                y
                for inner in _links(response.text)
                if not _post_reform_target(inner)
                for y in _years_in(inner)
            }
            if late := {y for y in shown | inner if y > 2025}:
                problems.append(f"{unit}: {link} opens on or links {late}")
    assert visited >= 8
    assert not problems, "\n".join(problems)


def test_a_pre_reform_commune_says_where_it_went_and_links_there(session_as, ban_bo):
    new_ban_bo = AdminUnit.objects.get(level=Level.COMMUNE, code="03424", valid_from__isnull=False)
    client = session_as("huyen.tamduong")
    for url in (f"/units/{ban_bo.pk}/", f"/units/{ban_bo.pk}/data/2024/"):
        text = client.get(url).text
        note = text.split('data-testid="era-went"', 1)[1].split("</span>", 1)[0]
        assert "Sắp xếp từ 01/7/2025 →" in note
        assert f'href="/units/{new_ban_bo.pk}/"' in note and "Xã Bản Bo (mới)" in note


def test_a_post_reform_commune_links_the_communes_it_was_formed_from(session_as, ban_bo):
    new_ban_bo = AdminUnit.objects.get(level=Level.COMMUNE, code="03424", valid_from__isnull=False)
    text = session_as("xa.banbo").get(f"/units/{new_ban_bo.pk}/").text
    note = text.split('data-testid="era-came"', 1)[1].split("</span>", 1)[0]
    assert "Hình thành từ 01/7/2025 từ" in note
    assert f'href="/units/{ban_bo.pk}/"' in note and "Xã Nà Tăm" in note


def test_the_district_dashboard_opens_on_its_last_year_and_names_the_province_now(session_as, tam_duong):
    response = session_as("huyen.tamduong").get(f"/units/{tam_duong.pk}/dashboard/")
    assert "<option selected>2024</option>" in response.text
    assert "2026" not in re.findall(r"<option[^>]*>(\d{4})</option>", response.text)
    assert "Cấp huyện kết thúc từ 01/7/2025" in response.text
    assert 'data-testid="kpis"' in response.text


@pytest.mark.parametrize(
    ("username", "year"),
    [("tinh.laichau", 2026), ("xa.banbo", 2026), ("xem.laichau", 2026), ("huyen.tamduong", 2024)],
)
def test_import_and_report_pages_default_to_the_users_unit_year(username, year, session_as):
    client = session_as(username)
    data = client.get("/data/").text
    assert f'<option value="{year}" selected>' in data
    if username == "xem.laichau":  # a viewer downloads reports but never requests one: no form
        return
    reports = client.get("/reports/").text
    assert f'name="year" value="{year}"' in reports and f'name="period" value="{year}"' in reports


@pytest.mark.parametrize("username", ["tinh.laichau", "xa.banbo", "xem.laichau", "quantri", "huyen.tamduong"])
def test_no_link_of_the_navigation_or_the_home_page_answers_403(username, session_as):
    client = session_as(username)
    home = client.get("/")
    nav = home.text.split('<nav class="mainnav"', 1)[1].split(">", 1)[1].split("</nav>", 1)[0]
    links = list(dict.fromkeys(LINK.findall(nav) + _links(home.text)))
    assert any("Bảng điều khiển" in part for part in nav.split("</a>"))
    for link in links:
        response = client.get(link, follow=True)
        assert response.status_code == 200, (link, response.status_code)


def test_the_commune_officers_dashboard_is_its_communes_page_with_its_results(session_as):
    new_ban_bo = AdminUnit.objects.get(level=Level.COMMUNE, code="03424", valid_from__isnull=False)
    client = session_as("xa.banbo")
    response = client.get("/dashboard/", follow=True)
    assert response.redirect_chain[-1][0] == f"/units/{new_ban_bo.pk}/"
    result = response.text.split('data-testid="unit-result"', 1)[1].split("</div>\n</div>", 1)[0]
    assert "Tiêu chí đạt năm 2026" in result
    assert re.search(r"<strong>\d+/10</strong>", result)


def test_breadcrumb_links_only_the_dashboards_the_user_may_open(session_as, tam_duong):
    text = session_as("huyen.tamduong").get(f"/units/{tam_duong.pk}/dashboard/").text
    crumbs = text.split('<nav class="breadcrumb">', 1)[1].split("</nav>", 1)[0]
    assert "Tỉnh Lai Châu" in crumbs and "/dashboard/" not in crumbs


def test_refusals_and_unknown_pages_are_vietnamese_pages_of_the_site(session_as):
    client = session_as("huyen.tamduong")
    new_lai_chau = AdminUnit.objects.get(level=Level.PROVINCE, code="12", valid_from__isnull=False)
    refused = client.get(f"/units/{new_lai_chau.pk}/dashboard/")
    assert refused.status_code == 403
    assert "Không có quyền truy cập" in refused.text and 'class="mainnav"' in refused.text
    missing = client.get("/units/999999999/")
    assert missing.status_code == 404
    assert "Không tìm thấy trang" in missing.text and 'class="mainnav"' in missing.text
