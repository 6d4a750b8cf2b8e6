"""The office pages at a phone's width: the home page's to-do, a commune's villages with the add
form, the OCOP list, a producer and a product page — nothing wider than the screen, no console error,
and the to-do's links open."""

import json

import pytest

from ntm.demo.accounts import DEMO_USERS

from .conftest import log_in, site_shell

PHONE = {"width": 390, "height": 844}
PAGES = """
import json
from ntm.ocop.models import Product
from ntm.units.models import AdminUnit, Level
ban_bo = AdminUnit.objects.get(code="03424", level=Level.COMMUNE, valid_from__isnull=False)
son_binh = AdminUnit.objects.get(code="03413", level=Level.COMMUNE, valid_from__isnull=True)
tea = Product.objects.get(name="Chè xanh Tam Đường (mẫu)")
print(json.dumps({
    "xa.banbo": ["/", f"/units/{ban_bo.pk}/villages/", "/ocop/"],
    "huyen.tamduong": ["/", f"/units/{son_binh.pk}/villages/", "/ocop/",
                       f"/ocop/producers/{tea.producer_id}/", f"/ocop/products/{tea.pk}/",
                       f"/ocop/products/{tea.pk}/edit/"],
}))
"""


@pytest.fixture(scope="module")
def pages(site_env) -> dict:
    return json.loads(site_shell(site_env, PAGES).strip().splitlines()[-1])


@pytest.mark.parametrize("username", ["xa.banbo", "huyen.tamduong"])
def test_office_pages_fit_a_phone(browser, site_url, pages, username):
    password = next(u.password for u in DEMO_USERS if u.username == username)
    context = browser.new_context(base_url=site_url, viewport=PHONE, locale="vi-VN")
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    try:
        log_in(page, username, password)
        problems = {}
        for path in pages[username]:
            errors.clear()
            response = page.goto(path)
            page.wait_for_load_state("networkidle")
            found = [f"HTTP {response.status}"] if response.status != 200 else []
            wide = page.evaluate("document.scrollingElement.scrollWidth")
            if wide > PHONE["width"]:
                found.append(f"{wide} px wide")
            if found + errors:
                problems[path] = found + errors
        page.goto("/")
        todo = page.locator("[data-testid=home-todo] a")
        assert todo.count() > 0
        todo.first.click()
        page.wait_for_load_state("networkidle")
        assert "403" not in page.title()
        assert problems == {}
    finally:
        context.close()
