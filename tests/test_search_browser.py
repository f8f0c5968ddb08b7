"""Search in real headless Chromium over the built sample site, served as static files."""

from __future__ import annotations

import re
from collections import Counter
from html.parser import HTMLParser

import pytest

from browser import axe_violations, describe_violations
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

    Without a plural, verb or -y/-e ending: Material's query adds a trailing wildcard to the
    unstemmed word ("roofers*"), which misses the stemmed index term ("roofer").
    """
    pages = {p: _Text() for p in site.item_paths()}
    for p, parser in pages.items():
        parser.feed(site.html(p))
    counts = Counter(w.lower() for parser in pages.values()
                     for w in set(_words(" ".join(parser.text))))
    source = pages[path].headlines if from_headlines else pages[path].text
    for fragment in source:
        for word in _words(fragment):
            if len(word) < 6:
                continue
            if counts[word.lower()] == 1 and not re.search(r"(s|ed|ing|ly|y|e)$", word):
                return word
    pytest.fail(f"no distinctive word on {path}")


def search(page, query: str) -> list[str]:
    """Type into Material's search box and return the result links' paths."""
    page.locator(".md-search__input").focus()
    page.keyboard.type(query, delay=20)
    page.locator(".md-search-result__meta").filter(has_text="matching").wait_for()
    hrefs = page.eval_on_selector_all(".md-search-result__item a", "els => els.map(e => e.href)")
    return [re.sub(r"^https?://[^/]+/|[?#].*$", "", href) for href in hrefs]


def test_a_word_from_a_message_body_finds_the_message(open_page, site):
    path = site.pages["warning alert"]
    word = distinctive_word(site, path)
    page = open_page("")
    assert path in search(page, word), f"searching for {word!r} did not find {path}"


def test_a_word_from_a_court_case_headline_finds_the_digest(open_page, site):
    path = site.pages["court-news digest"]
    word = distinctive_word(site, path, from_headlines=True)
    page = open_page("")
    assert path in search(page, word), f"searching for {word!r} did not find {path}"


def test_search_works_from_the_built_files_alone(open_page, site):
    """The index is a static file fetched from the site; no server answers queries."""
    index = site.root / "search" / "search_index.json"
    assert index.is_file()
    path = site.pages["guide"]
    word = distinctive_word(site, path)
    page = open_page("")
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.reload()
    assert path in search(page, word)
    from_site = [url for url in requested if url.startswith(site.url)]
    assert site.url + "search/search_index.json" in from_site
    # Every request to the site is for a file that exists in the build: nothing dynamic.
    for url in from_site:
        relative = re.sub(r"[?#].*$", "", url[len(site.url):])
        target = site.root / relative
        assert target.is_file() or (target / "index.html").is_file(), url


@pytest.mark.parametrize("width", (1280, 320))
def test_search_results_have_no_axe_violations(open_page, site, width):
    page = open_page("", width)
    assert search(page, "burglary")
    violations = axe_violations(page)
    assert not violations, f"search results at {width}px:\n" + describe_violations(violations)


def test_search_results_can_be_reached_with_the_keyboard(open_page, site):
    page = open_page("")
    page.keyboard.press("Tab")  # the skip link
    page.keyboard.press("Tab")  # the site name
    page.keyboard.press("Tab")  # the search box
    assert page.evaluate("document.activeElement.classList.contains('md-search__input')")
    results = search(page, "burglary")
    assert results
    # Material moves through results with the arrow keys; Enter opens the one selected.
    page.keyboard.press("ArrowDown")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert re.sub(r"^https?://[^/]+/|[?#].*$", "", page.url) == results[0]
