"""Browser tests run the real site — `ntm setup` then gunicorn, as the README's first command does —
against a database of their own, and drive Debian's Chromium through Playwright."""

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

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


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _site_database(env: dict) -> tuple[str | None, str | None]:
    """A fresh PostgreSQL database for the site when the suite runs on PostgreSQL; SQLite otherwise."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        return None, None
    import psycopg

    base, _, _name = url.rpartition("/")
    name = f"ntm_e2e_{os.getpid()}"
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    env["DATABASE_URL"] = f"{base}/{name}"
    return url, name


def _drop_database(admin_url: str, name: str) -> None:
    import psycopg

    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="session")
def site_env(tmp_path_factory):
    """The environment of the site's processes: its var folder and its own database."""
    var_dir = tmp_path_factory.mktemp("site")
    env = {**os.environ, "NTM_VAR_DIR": str(var_dir), "NTM_LOGIN_FAILURE_LIMIT": "50"}
    admin_url, db_name = _site_database(env)
    subprocess.run([sys.executable, "-m", "ntm.cli", "setup"], env=env, check=True, capture_output=True)
    try:
        yield env
    finally:
        if db_name:
            _drop_database(admin_url, db_name)


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
def site_url(site_env):
    env = site_env
    port = _free_port()
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "ntm.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "2",
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                urllib.request.urlopen(f"{url}/login/", timeout=10)
                break
            except OSError:  # refused while gunicorn starts, or a first response slower than the timeout
                if time.monotonic() > deadline or server.poll() is not None:
                    raise RuntimeError("the site did not start") from None
                time.sleep(0.3)
        yield url
    finally:
        server.terminate()
        server.wait(timeout=10)


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
