"""Browser tests run the real site — `ntm setup` then `ntm serve` (gunicorn and a worker), as the
README's first command does — against a database of their own, and drive Debian's Chromium through
Playwright."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.sites import Site

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-quic",
]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def site(tmp_path_factory):
    """The site's database and var folder, prepared by `ntm setup`."""
    site = Site(tmp_path_factory.mktemp("site"), "ntm_e2e")
    try:
        site.setup()
        yield site
    finally:
        site.close()


@pytest.fixture(scope="session")
def site_env(site):
    """The environment of the site's processes: its var folder and its own database."""
    return site.env


def site_shell(env: dict, code: str) -> str:
    """Run Python in the site's Django (`ntm manage shell`), as an operator would on the server."""
    result = subprocess.run(
        [sys.executable, "-m", "ntm.cli", "manage", "shell", "--no-imports", "-c", code],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout


@pytest.fixture(scope="session")
def site_url(site):
    _, url = site.serve()
    return url


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        message = f"{CHROMIUM} is missing: browser tests cannot run (./dev test installs it as root)"
        if os.environ.get("CI"):
            pytest.fail(message)
        sys.stderr.write(f"\n!!! SKIPPING BROWSER TESTS: {message}\n")
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an asyncio loop registered on this thread while it lives, and
    # Django then refuses database access to the tests that follow on the same pytest worker
    # (SynchronousOnlyOperation). Nothing here runs concurrently, so Django's guard is lifted.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, site_url):
    context = browser.new_context(base_url=site_url, viewport={"width": 1280, "height": 900}, locale="vi-VN")
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def screenshot(request):
    """Save a full-page screenshot under test-artifacts/<test name>/<step>.png."""
    folder = ARTIFACTS / request.node.name
    folder.mkdir(parents=True, exist_ok=True)

    def _shot(page, step: str) -> Path:
        path = folder / f"{step}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return _shot


def log_in(page, username: str, password: str) -> None:
    page.goto("/login/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(password)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url("**/")
