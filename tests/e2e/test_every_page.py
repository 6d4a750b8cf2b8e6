"""Every page each demo user can reach, found by following the site's own links from the home page
(the Django admin too, for the administrator), fits a phone and a desk and speaks the office's
language: at 390 px nothing is wider than the screen (wide tables scroll inside their box), at 390 px
and again at 1366 px no console or page error, and the visible text holds no criteria-set code and
no English (a sentence of the compiled English catalog, or a stock Django/English word).

The crawl is breadth-first over same-origin GET links, at most `PER_NAME` addresses per resolved URL
name (one list page and one detail page stand for all their siblings), in one browser context per
user whose page is reused; each page is loaded at 390 px and then widened to 1366 px."""

import gettext
import re
import time
from collections import deque
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml
from django.urls import Resolver404, resolve
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import expect

import ntm
from ntm.demo.accounts import DEMO_USERS

from .conftest import ARTIFACTS, log_in

PHONE, DESK = {"width": 390, "height": 844}, {"width": 1366, "height": 900}
PER_NAME = 2
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
FILES = re.compile(r"\.(xlsx|docx|pdf|csv|zip|json|png|jpg|svg)$", re.I)


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


class Crawl:
    """One user's browser page, its console and its in-flight requests."""

    def __init__(self, page):
        self.page = page
        self.errors: list[str] = []
        self.pending: set = set()
        page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: self.errors.append(str(e)))
        page.on("request", lambda r: self.pending.add(r))
        page.on("requestfinished", lambda r: self.pending.discard(r))
        page.on("requestfailed", lambda r: self.pending.discard(r))

    def settle(self) -> None:
        """Wait until the page's own requests (htmx panels, chart data) have answered."""
        deadline = time.monotonic() + 15
        while self.pending and time.monotonic() < deadline:
            self.page.wait_for_timeout(25)
        self.page.evaluate("new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))")

    def links(self, origin: str) -> list[str]:
        hrefs = self.page.locator("a[href]:not([download])").evaluate_all("as => as.map(a => a.href)")
        found = []
        for href in hrefs:
            parts = urlsplit(href)
            if f"{parts.scheme}://{parts.netloc}" == origin and not FILES.search(parts.path):
                found.append(parts.path + (f"?{parts.query}" if parts.query else ""))
        return found

    def visit(self, path: str) -> tuple[int | None, list[str]]:
        """Load the page at 390 px, then 1366 px: its HTTP status and what is wrong with it."""
        page = self.page
        page.set_viewport_size(PHONE)
        self.errors.clear()
        try:
            response = page.goto(path, wait_until="load")
        except PlaywrightError as error:  # a file after all: nothing to look at
            if "Download is starting" in str(error):
                return None, []
            raise
        status = response.status if response else None
        if status == 403:  # not this user's page: the browser logs the refusal, nothing to look at
            return status, []
        self.settle()
        found = [f"HTTP {status}"] if status != 200 else []
        wide = page.evaluate("document.documentElement.scrollWidth")
        if wide > PHONE["width"]:
            found.append(f"{wide} px wide on a {PHONE['width']} px screen")
        page.set_viewport_size(DESK)
        page.wait_for_function(f"innerWidth === {DESK['width']}")
        self.settle()
        found += _language_problems(page.evaluate(VISIBLE_TEXT))
        found += [f"console: {e}" for e in self.errors]
        return status, found


def _check_menu(page) -> None:
    """At phone width the menu folds behind its button, which opens it with the keyboard."""
    nav = page.locator("#mainnav")
    expect(nav).to_be_hidden()
    page.get_by_role("button", name="Danh mục").focus()
    page.keyboard.press("Enter")
    expect(nav).to_be_visible()
    expect(page.get_by_role("link", name="OCOP")).to_be_in_viewport()
    page.keyboard.press("Escape")
    expect(nav).to_be_hidden()


@pytest.mark.parametrize("user", DEMO_USERS, ids=lambda u: u.username)
def test_every_page_fits_a_phone_and_a_desk_in_vietnamese(browser, site_url, user):
    context = browser.new_context(base_url=site_url, viewport=PHONE, locale="vi-VN")
    crawl = Crawl(context.new_page())
    try:
        log_in(crawl.page, user.username, user.password)
        _check_menu(crawl.page)
        seen: dict[str, int] = {}
        queue, queued = deque(["/"]), {"/"}
        problems: dict[str, list[str]] = {}
        visited, forbidden, started = 0, [], time.monotonic()
        while queue:
            path = queue.popleft()
            status, found = crawl.visit(path)
            if status is None:
                continue
            visited += 1
            if status == 403:
                forbidden.append(path)
                continue
            if found:
                problems[path] = found
            if "/data/20" in path and not (SHOTS / f"{user.username}-data-entry-390.png").exists():
                SHOTS.mkdir(parents=True, exist_ok=True)
                crawl.page.set_viewport_size(PHONE)
                crawl.page.screenshot(path=str(SHOTS / f"{user.username}-data-entry-390.png"))
            for link in crawl.links(site_url):
                name = _url_name(urlsplit(link).path)
                if link in queued or (name and SKIP.search(name)):
                    continue
                key = name or link  # an address no URL name resolves is visited, to show its 404
                if seen.get(key, 0) < PER_NAME:
                    seen[key] = seen.get(key, 0) + 1
                    queued.add(link)
                    queue.append(link)
        print(f"\n{user.username}: {visited} pages in {time.monotonic() - started:.1f} s")
        report = "\n".join(f"  {path}: " + "; ".join(found) for path, found in problems.items())
        assert not problems, f"{user.username} meets {len(problems)} pages with problems:\n{report}"
        assert len(forbidden) < visited / 4, f"{user.username} is refused most pages: {forbidden}"
    finally:
        context.close()
