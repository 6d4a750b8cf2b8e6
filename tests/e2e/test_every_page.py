"""Every page each demo user can reach, found by following the site's own links from the home page
(the Django admin too, for the administrator), fits a phone and a desk and speaks the office's
language: at 390 px nothing is wider than the screen (wide tables scroll inside their box), at 390 px
and again at 1366 px no console or page error, and the visible text holds no criteria-set code and
no English (a sentence of the compiled English catalog, or a stock Django/English word).

The crawl is breadth-first over same-origin GET links, at most `PER_NAME` addresses per resolved URL
name (one list page and one detail page stand for all their siblings; in the admin, one address per
name), in one browser context per user whose page is reused, the users side by side; each page is
loaded at 390 px and then widened to 1366 px."""

import asyncio
import gettext
import re
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml
from django.urls import Resolver404, resolve
from playwright.async_api import Error as PlaywrightError
from playwright.async_api import async_playwright
from playwright.sync_api import expect

import ntm
from ntm.demo.accounts import DEMO_USERS

from .conftest import ARTIFACTS, CHROMIUM, CHROMIUM_ARGS, log_in

PHONE, DESK = {"width": 390, "height": 844}, {"width": 1366, "height": 900}
PER_NAME = 2
PER_ADMIN_NAME = 1  # the admin's pages are one template per kind: one list and one form a model
SHOTS = ARTIFACTS / "every-page"
PACKAGE = Path(ntm.__file__).parent

# Pages not crawled, by resolved URL name (a regular expression), each with its reason.
SKIPS = {
    r"logout$": "ends the session",
    r"^set_language$": "changes the language (a POST form)",
    r"^api:": "the REST face: JSON and its developer documentation, not an office page",
    r"download|export|document|template$|xlsx": "answers a file, not a page",
    r"job_status$": "an htmx fragment polled by its job page",
    r"^admin:.*_delete$": "a deletion in the admin",
    r"^admin:(jsi18n|view_on_site|autocomplete)$": "the admin's scripts and redirects",
}
SKIP = re.compile("|".join(f"(?:{pattern})" for pattern in SKIPS))
# An address ending in a file or a file format ("…/progress/pdf/") answers a file, not a page.
FILES = re.compile(r"[./](xlsx|docx|pdf|csv|zip|json|png|jpg|svg)/?$", re.I)


def _set_codes() -> re.Pattern:
    """The codes of the criteria sets and of the criteria documents (provincial overrides)."""
    folder = PACKAGE / "catalogs"
    codes = {yaml.safe_load(p.read_text(encoding="utf-8"))["code"] for p in folder.glob("*.yaml")}
    codes |= {p.stem for p in (folder / "overrides").glob("*.yaml")}
    return re.compile(r"(?<![\w/-])(" + "|".join(sorted(map(re.escape, codes))) + r")(?![\w/-])")


def _english_sentences() -> list[str]:
    """The compiled catalog's English of three words or more, cut at its placeholders, that is not
    also Vietnamese (a name or a sentence the two languages share)."""
    with open(PACKAGE / "locale" / "en" / "LC_MESSAGES" / "django.mo", "rb") as mo:
        catalog = gettext.GNUTranslations(mo)._catalog  # type: ignore[attr-defined]
    vietnamese = "\n".join(str(k[0] if isinstance(k, tuple) else k) for k in catalog)
    found = set()
    for english in catalog.values():
        for piece in re.split(r"%\(\w+\)[sd]|%[sd]|\{[^}]*\}|[\n:;()«»\"“”]", english):
            piece = piece.strip(" .,–—-")
            words = re.findall(r"[A-Za-z]+", piece)
            if len(words) >= 3 and len(" ".join(words)) > 12 and piece not in vietnamese:
                found.add(piece)
    return sorted(found)


SET_CODE = _set_codes()
ENGLISH = _english_sentences()
# Stock Django words, values as Python or JavaScript print them, and the catalogs' English keys
# (levels, the general column): none belongs on a Vietnamese page.
STOCK = re.compile(
    r"\b(Django|Home|Add|Change|Delete|Save|Select|Search|Filter|Recent actions|Log out|View site|"
    r"Welcome|None|True|False|null|undefined|NaN|Page not found|Forbidden|Server Error|Loading|"
    r"Submit|Cancel|Next|Previous|Unknown|Yes|No|general|commune|district|township|province|village)\b"
)
TWO_FRAMES = "new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))"
VISIBLE_TEXT = """() => {
  const parts = [document.title, document.body.innerText];
  for (const el of document.querySelectorAll('option')) parts.push(el.textContent);
  for (const el of document.querySelectorAll('[placeholder]')) parts.push(el.placeholder);
  for (const el of document.querySelectorAll('input[type=submit], input[type=button]')) parts.push(el.value);
  return parts.join('\\n');
}"""


def _language_problems(text: str) -> list[str]:
    found = [f"set code «{m}»" for m in sorted(set(SET_CODE.findall(text)))]
    found += [f"English «{m}»" for m in sorted(set(STOCK.findall(text)))]
    found += [f"English «{s}»" for s in ENGLISH if s in text]
    return found


def _url_name(path: str) -> str | None:
    try:
        match = resolve(path)
    except Resolver404:
        return None
    return match.view_name


@dataclass
class Crawled:
    """What one user's crawl met: pages seen, those refused, and what is wrong with the others."""

    visited: int = 0
    forbidden: list[str] = field(default_factory=list)
    problems: dict[str, list[str]] = field(default_factory=dict)
    seconds: float = 0.0
    error: BaseException | None = None


def _crawl_key(name: str) -> str:
    """What counts toward `PER_NAME`: the URL name, except that the admin's add and history pages
    are one stock template whatever the model (each model's list and change form are its own)."""
    admin = re.fullmatch(r"admin:\w+_(add|history)", name)
    return f"admin:*_{admin.group(1)}" if admin else name


class Crawl:
    """One user's browser page, its console and its in-flight requests."""

    def __init__(self, page, origin: str):
        self.page, self.origin = page, origin
        self.errors: list[str] = []
        self.pending: set = set()
        page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: self.errors.append(str(e)))
        page.on("request", lambda r: self.pending.add(r))
        page.on("requestfinished", lambda r: self.pending.discard(r))
        page.on("requestfailed", lambda r: self.pending.discard(r))

    async def settle(self) -> None:
        """Wait until the page's own requests (htmx panels, chart data) have answered."""
        deadline = time.monotonic() + 15
        while self.pending and time.monotonic() < deadline:
            await asyncio.sleep(0.02)
        await self.page.evaluate(
            "new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))"
        )

    async def links(self) -> list[str]:
        hrefs = await self.page.locator("a[href]:not([download])").evaluate_all("as => as.map(a => a.href)")
        found = []
        for href in hrefs:
            parts = urlsplit(href)
            if f"{parts.scheme}://{parts.netloc}" == self.origin and not FILES.search(parts.path):
                found.append(parts.path + (f"?{parts.query}" if parts.query else ""))
        return found

    async def visit(self, path: str) -> tuple[int | None, list[str]]:
        """Load the page at 390 px, then 1366 px: its HTTP status and what is wrong with it."""
        page = self.page
        await page.set_viewport_size(PHONE)
        self.errors.clear()
        try:
            response = await page.goto(path, wait_until="load")
        except PlaywrightError as error:  # a file after all: nothing to look at
            if "Download is starting" in str(error):
                return None, []
            raise
        status = response.status if response else None
        if status == 403:  # not this user's page: the browser logs the refusal, nothing to look at
            return status, []
        await self.settle()
        found = [f"HTTP {status}"] if status != 200 else []
        wide = await page.evaluate("document.documentElement.scrollWidth")
        if wide > PHONE["width"]:
            found.append(f"{wide} px wide on a {PHONE['width']} px screen")
        await page.set_viewport_size(DESK)
        await page.wait_for_function(f"innerWidth === {DESK['width']}")
        await self.settle()
        found += _language_problems(await page.evaluate(VISIBLE_TEXT))
        found += [f"console: {e}" for e in self.errors]
        return status, found

    async def run(self, user) -> Crawled:
        """Log in, then breadth-first over the links each page shows, from the home page."""
        page, out, started = self.page, Crawled(), time.monotonic()
        await page.goto("/login/")
        await page.get_by_label("Tên đăng nhập").fill(user.username)
        await page.get_by_label("Mật khẩu").fill(user.password)
        await page.get_by_role("button", name="Đăng nhập").click()
        await page.wait_for_url("**/")
        seen: dict[str, int] = {}
        queue, linked_from = deque(["/"]), {"/": "/login/"}
        while queue:
            path = queue.popleft()
            status, found = await self.visit(path)
            if status is None:
                continue
            out.visited += 1
            if status == 403:
                out.forbidden.append(path)
                continue
            if found:
                out.problems[path] = found if status == 200 else [*found, f"linked from {linked_from[path]}"]
            shot = SHOTS / f"{user.username}-data-entry-390.png"
            if "/data/20" in path and not shot.exists():
                SHOTS.mkdir(parents=True, exist_ok=True)
                await page.set_viewport_size(PHONE)
                await page.screenshot(path=str(shot))
            for link in await self.links():
                name = _url_name(urlsplit(link).path)
                if link in linked_from or (name and SKIP.search(name)):
                    continue
                key = _crawl_key(name) if name else link  # an unresolved address: visited, to show its 404
                if seen.get(key, 0) < (PER_ADMIN_NAME if key.startswith("admin:") else PER_NAME):
                    seen[key] = seen.get(key, 0) + 1
                    linked_from[link] = path
                    queue.append(link)
        out.seconds = time.monotonic() - started
        return out


async def _crawl_all(site_url: str) -> dict[str, Crawled]:
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)

        async def one(user) -> Crawled:
            context = await browser.new_context(base_url=site_url, viewport=PHONE, locale="vi-VN")
            context.set_default_timeout(60_000)  # five users at once on two busy cores
            try:
                return await Crawl(await context.new_page(), site_url).run(user)
            except Exception as error:  # told by that user's test, not by the others'
                return Crawled(error=error)
            finally:
                await context.close()

        results = await asyncio.gather(*(one(user) for user in DEMO_USERS))
        await browser.close()
    return {user.username: result for user, result in zip(DEMO_USERS, results, strict=True)}


@pytest.fixture(scope="module")
def crawled(browser, site_url) -> dict[str, Crawled]:
    """Every demo user's crawl, side by side (the server and the browser take turns, so the users
    share the two cores' idle time). Playwright's asyncio runs in a thread of its own: the pytest
    thread already holds the sync API's loop."""
    results: dict[str, dict[str, Crawled]] = {}
    started = time.monotonic()
    thread = threading.Thread(target=lambda: results.setdefault("all", asyncio.run(_crawl_all(site_url))))
    thread.start()
    thread.join()
    found = results["all"]
    pages = sum(c.visited for c in found.values())
    print(f"\ncrawled {pages} pages for {len(found)} users in {time.monotonic() - started:.1f} s")
    return found


@pytest.mark.parametrize("user", DEMO_USERS, ids=lambda u: u.username)
def test_every_page_fits_a_phone_and_a_desk_in_vietnamese(crawled, user):
    result = crawled[user.username]
    if result.error is not None:
        raise result.error
    report = "\n".join(f"  {path}: " + "; ".join(found) for path, found in result.problems.items())
    assert not result.problems, f"{user.username} meets {len(result.problems)} pages with problems:\n{report}"
    assert len(result.forbidden) < result.visited / 4, (
        f"{user.username} is refused most pages: {result.forbidden}"
    )


def test_the_menu_folds_behind_its_button_on_a_phone(browser, site_url):
    """At phone width the menu folds behind its button, which opens it with the keyboard."""
    context = browser.new_context(base_url=site_url, viewport=PHONE, locale="vi-VN")
    page = context.new_page()
    try:
        user = DEMO_USERS[0]
        log_in(page, user.username, user.password)
        nav = page.locator("#mainnav")
        expect(nav).to_be_hidden()
        page.get_by_role("button", name="Danh mục").focus()
        page.keyboard.press("Enter")
        expect(nav).to_be_visible()
        expect(page.get_by_role("link", name="OCOP")).to_be_in_viewport()
        page.keyboard.press("Escape")
        expect(nav).to_be_hidden()
    finally:
        context.close()
