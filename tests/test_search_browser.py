"""Search (Pagefind, alerts-search) in real headless Chromium over the built sample site,
served as static files on 127.0.0.1."""

from __future__ import annotations

import json
import re
from collections import Counter
from html import unescape
from html.parser import HTMLParser

import pytest
from browser import axe_violations, describe_violations
from pagefind_index import bundle_fragments, bundles, fragments
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError
from samplesite import open_page, pages_by_size, site  # noqa: F401 (fixtures)

pytestmark = pytest.mark.browser


class _Text(HTMLParser):
    """The text of the page's article, and separately of its court-news case headlines."""

    def __init__(self) -> None:
        super().__init__()
        self.depth = 0  # inside <article>
        self.headline = 0  # inside a case headline
        self.text: list[str] = []
        self.headlines: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "article":
            self.depth += 1
        if "ca-case__headline" in (dict(attrs).get("class") or ""):
            self.headline += 1

    def handle_endtag(self, tag):
        if tag == "article":
            self.depth -= 1
        if tag in ("h2", "h3", "h4") and self.headline:
            self.headline -= 1

    def handle_data(self, data):
        if self.depth:
            self.text.append(data)
        if self.headline:
            self.headlines.append(data)


def _words(text: str) -> list[str]:
    return re.findall(r"[A-Za-z]+", text)


def distinctive_word(site, path: str, *, from_headlines: bool = False) -> str:
    """A word of six letters or more on the page at `path` that no other message page has.

    Without a plural, verb or -y/-e ending, so that no other page has the same stem.
    """
    pages = {p: _Text() for p in site.item_paths()}
    for p, parser in pages.items():
        parser.feed(site.html(p))
    counts = Counter(
        w.lower() for parser in pages.values() for w in set(_words(" ".join(parser.text)))
    )
    source = pages[path].headlines if from_headlines else pages[path].text
    for fragment in source:
        for word in _words(fragment):
            if len(word) < 6:
                continue
            if counts[word.lower()] == 1 and not re.search(r"(s|ed|ing|ly|y|e)$", word):
                return word
    pytest.fail(f"no distinctive word on {path}")


SEARCH_PAGE = "search/"


def _paths(page, selector: str) -> list[str]:
    hrefs = page.eval_on_selector_all(selector, "els => els.map(e => e.href)")
    return [re.sub(r"^https?://[^/]+/|[?#].*$", "", href) for href in hrefs]


def results(page) -> list[str]:
    """Wait for the search page's results and return their links' paths."""
    page.locator("pagefind-summary").filter(has_text=re.compile(r"results? for")).wait_for()
    page.wait_for_function("() => !document.querySelector('pagefind-results ul[aria-busy=true]')")
    return _paths(page, "pagefind-results .pf-result-link")


def search(page, query: str) -> list[str]:
    """Type into the search page's box and return the result links' paths."""
    box = page.locator("pagefind-input input")
    box.fill("")
    box.focus()
    page.keyboard.type(query, delay=20)
    page.locator("pagefind-summary").filter(has_text=query).wait_for()
    return results(page)


def test_a_word_from_a_message_body_finds_the_message(open_page, site):
    path = site.pages["warning alert"]
    word = distinctive_word(site, path)
    page = open_page(SEARCH_PAGE)
    assert path in search(page, word), f"searching for {word!r} did not find {path}"


def test_a_word_from_a_court_case_headline_finds_the_digest(open_page, site):
    path = site.pages["court-news digest"]
    word = distinctive_word(site, path, from_headlines=True)
    page = open_page(SEARCH_PAGE)
    assert path in search(page, word), f"searching for {word!r} did not find {path}"


def test_a_result_shows_the_title_section_date_and_summary(open_page, site):
    path = site.pages["warning alert"]
    page = open_page(SEARCH_PAGE)
    assert path in search(page, distinctive_word(site, path))
    result = page.locator("pagefind-results .pf-result").filter(
        has=page.locator(f'a[href$="/{path}"]')
    )
    html = site.html(path)
    title = re.search(r"<h1>(.*?)</h1>", html).group(1)
    date = re.search(r"<dt>Published</dt>\s*<dd><time[^>]*>(.*?)</time>", html).group(1)
    summary = re.search(r'<meta name="description" content="(.*?)"', html).group(1)
    text = result.inner_text()
    for part in (title, "Alert", date, summary):
        assert unescape(part) in text, part


def test_the_header_form_opens_the_search_page_with_the_results(open_page, site):
    """Every page's header sends its words to search/?q= (a plain form: no script needed)."""
    path = site.pages["guide"]
    word = distinctive_word(site, path)
    page = open_page(site.pages["urgent alert"])
    page.get_by_role("searchbox", name="Search messages").fill(word)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.startswith(site.url + SEARCH_PAGE) and f"q={word}" in page.url
    assert path in results(page)


@pytest.mark.parametrize("kind", ["home", "warning alert", "alerts listing", "404"])
def test_every_page_has_a_visible_way_to_search_at_both_widths(open_page, site, kind):
    for width in (1280, 320):
        page = open_page(site.pages[kind], width)
        button = page.locator(".md-header").get_by_role("button", name="Search")
        assert button.is_visible(), f"{kind} at {width}px"
        with page.expect_navigation():
            button.click()
        assert page.url.startswith(site.url + SEARCH_PAGE)
        box = page.locator("pagefind-input input")
        box.wait_for()
        assert box.is_visible()


def _in_filter(site, path: str, name: str, value: str) -> bool:
    """Whether the message at `path` belongs under the filter's `value`, by what its page
    shows a reader: the section in the kicker; the areas listed, a county-wide message
    concerning every area (as on the area pages)."""
    html = site.html(path)
    if name == "section":
        return re.search(r'<p class="ca-kicker">([^<:]+)', html).group(1).strip() == value
    listed = re.search(r"<dt>Areas</dt>\s*<dd>(.*?)</dd>", html, re.S).group(1)
    areas = {unescape(area) for area in re.findall(r">([^<]+)</a>", listed)}
    return value in areas or "County-wide" in areas


def _choose(page, filter_name: str, value: str) -> None:
    """Open a filter's group (a <details>) and tick `value`, with the keyboard."""
    group = page.locator(f"pagefind-filter-pane details[data-filter-name={filter_name}]")
    if not group.evaluate("e => e.open"):
        group.locator("summary").focus()
        page.keyboard.press("Enter")
    group.get_by_role("checkbox", name=value).focus()
    page.keyboard.press("Space")
    assert group.get_by_role("checkbox", name=value).is_checked()


def _count(page) -> int:
    return int(re.match(r"\d+", page.inner_text("pagefind-summary").strip()).group())


def _all_results(page) -> list[str]:
    """Every result: Pagefind loads each one as its placeholder scrolls into view."""
    total = _count(page)
    page.wait_for_function(
        """(total) => {
        const waiting = document.querySelector('pagefind-results li.pf-result[aria-hidden=true]');
        if (waiting) waiting.scrollIntoView();
        return document.querySelectorAll('pagefind-results .pf-result-link').length >= total;
    }""",
        arg=total,
        polling=100,
    )
    return results(page)


@pytest.mark.parametrize("filter_name, value", [("section", "Guide"), ("area", "Fenland")])
def test_a_filter_narrows_the_results(open_page, site, filter_name, value):
    page = open_page(SEARCH_PAGE)
    search(page, "police")
    everything = _all_results(page)
    expected = {p for p in everything if _in_filter(site, p, filter_name, value)}
    _choose(page, filter_name, value)
    narrowed_count = (
        "(n) => document.querySelector('pagefind-summary').textContent.trim().startsWith(n + ' ')"
    )
    try:
        page.wait_for_function(narrowed_count, arg=len(expected), timeout=15000)
    except PlaywrightTimeoutError:
        # On a loaded machine Pagefind can drop a filter change that lands while it is still
        # loading the previous results; a reader's next keystroke searches again, so do that.
        box = page.locator("pagefind-input input")
        box.focus()
        page.keyboard.press("End")
        page.keyboard.type(" ")
        page.keyboard.press("Backspace")
        page.wait_for_function(narrowed_count, arg=len(expected), timeout=30000)
    narrowed = _all_results(page)
    assert narrowed and len(narrowed) == _count(page) < len(everything)
    for path in narrowed:
        assert _in_filter(site, path, filter_name, value), path
    # Every message of that section or area the query found stays.
    assert expected == set(narrowed)


def test_search_works_from_the_built_files_alone(open_page, site):
    """The index is static files fetched from the site; no server answers queries."""
    assert (site.root / "pagefind" / "pagefind-entry.json").is_file()
    path = site.pages["guide"]
    word = distinctive_word(site, path)
    page = open_page(SEARCH_PAGE)
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.reload()
    assert path in search(page, word)
    from_site = [url for url in requested if url.startswith(site.url)]
    assert any("pagefind/pagefind-entry.json" in url for url in from_site)
    assert any("/pagefind/index/" in url for url in from_site)
    assert any("/pagefind/fragment/" in url for url in from_site)
    # Every request to the site is for a file that exists in the build: nothing dynamic.
    for url in from_site:
        relative = re.sub(r"[?#].*$", "", url[len(site.url) :])
        target = site.root / relative
        assert target.is_file() or (target / "index.html").is_file(), url


def test_a_message_of_each_part_of_the_index_is_found(open_page, site):
    """The index is in parts by year (search/parts.py): the search page merges them."""
    parts = bundles(site.root)
    assert len(parts) > 1, "the sample content spans one year: add an older message"
    page = open_page(SEARCH_PAGE)
    for bundle in parts:
        path = bundle_fragments(bundle)[0]["url"].strip("/") + "/"
        assert path in search(page, distinctive_word(site, path)), bundle


def test_only_message_pages_are_indexed(site):
    indexed = 0
    for bundle in bundles(site.root):
        entry = json.loads((bundle / "pagefind-entry.json").read_text())
        indexed += sum(language["page_count"] for language in entry["languages"].values())
    assert indexed == len(site.item_paths())
    assert {page["url"].strip("/") + "/" for page in fragments(site.root)} == set(site.item_paths())


@pytest.mark.parametrize("width", (1280, 320))
def test_search_results_have_no_axe_violations(open_page, site, width):
    page = open_page(SEARCH_PAGE, width)
    assert search(page, "burglary")
    _choose(page, "area", "Fenland")
    results(page)
    violations = axe_violations(page)
    assert not violations, f"search results at {width}px:\n" + describe_violations(violations)


def test_search_results_can_be_reached_with_the_keyboard(open_page, site):
    page = open_page(SEARCH_PAGE)
    found = search(page, "burglary")
    assert found
    # Tab from the box moves on through the controls to the first result; Enter opens it.
    for _ in range(15):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.classList.contains('pf-result-link')"):
            break
    else:
        pytest.fail("Tab never reached a result")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert re.sub(r"^https?://[^/]+/|[?#].*$", "", page.url) == found[0]


def test_results_are_announced(open_page, site):
    """The count of results is spoken (a live region), not only shown. Pagefind's announcer
    holds the words for 350 ms only, so every text its live regions take is recorded (a
    look afterwards missed them on a busy machine)."""
    page = open_page(SEARCH_PAGE)
    page.evaluate(
        """() => { window.__announced = [];
        new MutationObserver(() => document.querySelectorAll('[aria-live]').forEach(
            region => region.textContent && window.__announced.push(region.textContent))
        ).observe(document.body, {subtree: true, childList: true, characterData: true}); }"""
    )
    search(page, "burglary")
    page.wait_for_function("() => window.__announced.some(text => /results? for/.test(text))")
