"""F8 in a real browser: the Content-Security-Policy holds on the main pages (no violation reported
while they work: charts, map, htmx search), an inline script is refused, and a unit name carrying
HTML shows as text in the map tooltip instead of running."""

import json
import re

import pytest
from playwright.sync_api import expect

from ntm.demo.accounts import DEMO_USERS

from .conftest import log_in, site_shell

PASSWORDS = {u.username: u.password for u in DEMO_USERS}
PAYLOAD = "<img src=x onerror=\"document.title='XSS-'+document.cookie.length\">"

# Reported by the browser for every blocked script, style, frame or connection.
RECORD_VIOLATIONS = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__csp.push(`${e.effectiveDirective} blocked ${e.blockedURI} at ${e.sourceFile}:${e.lineNumber}`);
});
"""


@pytest.fixture(scope="module")
def units(site_env) -> dict:
    code = (
        "import json; from ntm.units.models import AdminUnit as U; "
        "d = U.objects.get(code='106', level=2, valid_from__isnull=True); "
        "c = U.objects.get(code='03424', valid_from__isnull=True); "
        "print(json.dumps({'district': d.pk, 'commune': c.pk}))"
    )
    return json.loads(site_shell(site_env, code).strip().splitlines()[-1])


def _watch(page) -> list[str]:
    """Violations seen by the browser: the DOM event and the console message both count."""
    console: list[str] = []
    page.add_init_script(RECORD_VIOLATIONS)
    page.on(
        "console",
        lambda m: console.append(m.text) if "Content Security Policy" in m.text else None,
    )
    return console


def _violations(page, console: list[str]) -> list[str]:
    return [*page.evaluate("window.__csp || []"), *console]


def test_main_pages_work_without_any_csp_violation(page, units):
    console = _watch(page)
    page.goto("/login/")
    log_in(page, "quantri", PASSWORDS["quantri"])
    district, commune = units["district"], units["commune"]
    pages = [
        "/",
        "/units/",
        "/dashboard/",
        f"/units/{district}/dashboard/?year=2024",
        f"/units/{district}/matrix/2024/",
        f"/units/{district}/trend/",
        f"/units/{commune}/",
        f"/units/{commune}/data/2024/",
        "/catalogs/",
        "/catalogs/xa-ntm-2021/versions/",
        "/catalogs/xa-ntm-2021/versions/1/",
        "/catalogs/xa-ntm-2021/versions/upload/",
        "/ocop/",
        "/plans/",
        "/data/",
        "/reports/",
        "/audit/",
        "/admin/",
        "/admin/units/adminunit/",
        "/api/docs",
    ]
    seen = {}
    for path in pages:
        response = page.goto(path)
        assert response.status == 200, path
        page.wait_for_load_state("networkidle")
        seen[path] = _violations(page, console)
        console.clear()
    assert seen == {path: [] for path in pages}

    # The pages' scripts ran: the map drew its markers, ECharts its canvas.
    page.goto(f"/units/{district}/dashboard/?year=2024")
    expect(page.locator("#map path.leaflet-interactive").first).to_be_attached()
    expect(page.locator("#chart-trend canvas, #chart-banding canvas").first).to_be_attached()
    page.locator("#map path.leaflet-interactive").first.hover()
    expect(page.locator(".leaflet-tooltip")).to_be_visible()
    # htmx search and the select that submits its form on change, both wired without inline script.
    page.goto("/units/")
    page.get_by_label(re.compile("Tìm theo tên hoặc mã")).fill("ban bo")
    expect(page.locator("#search-results li").first).to_be_visible()
    page.goto(f"/units/{district}/dashboard/?year=2024")
    page.get_by_label("Năm").select_option("2023")
    page.wait_for_url(re.compile(r"year=2023"))
    assert _violations(page, console) == []

    # And the policy is enforced: a script injected inline does not run and is reported.
    page.evaluate(
        "() => { const s = document.createElement('script'); s.textContent = 'window.__ran = 1';"
        " document.body.append(s); }"
    )
    page.wait_for_function("window.__csp.length > 0")
    assert page.evaluate("window.__ran") is None
    assert any("script-src" in v for v in _violations(page, console))


def test_unit_name_with_html_is_text_in_the_map_tooltip(page, site_env, units):
    rename = "from ntm.units.models import AdminUnit as U; U.objects.filter(pk={pk}).update(name={name!r})"
    original = site_shell(
        site_env,
        f"from ntm.units.models import AdminUnit as U; print(U.objects.get(pk={units['commune']}).name)",
    ).strip()
    site_shell(site_env, rename.format(pk=units["commune"], name=original + PAYLOAD))
    try:
        log_in(page, "huyen.tamduong", PASSWORDS["huyen.tamduong"])
        page.goto(f"/units/{units['district']}/dashboard/?year=2024")
        markers = page.locator("#map path.leaflet-interactive")
        expect(markers.first).to_be_attached()
        shown = []
        for index in range(markers.count()):
            markers.nth(index).hover(force=True)
            shown.append(page.locator(".leaflet-tooltip").last.inner_text())
        assert any(PAYLOAD in text for text in shown)  # printed as typed, not parsed
        assert page.locator("img[src='x']").count() == 0
        assert not page.title().startswith("XSS")
    finally:
        site_shell(site_env, rename.format(pk=units["commune"], name=original))
