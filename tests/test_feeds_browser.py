"""A feed opened in a real browser (Debian's headless Chromium, over http): the site's
stylesheet shows it as a page saying what it is and how to subscribe, with its entries."""

from __future__ import annotations

import pytest
from browser import served
from sitebuild import Build
from test_feeds_streams_site import build_streams_site

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Build:
    return build_streams_site(tmp_path_factory.mktemp("feeds-browser"))


@pytest.fixture(scope="module")
def base_url(built: Build):
    with served(built.site) as url:
        yield url


@pytest.mark.parametrize("feed", ["areas/fenland/urgent/rss.xml", "current/atom.xml"])
@pytest.mark.parametrize("width", [1280, 320])
def test_a_feed_opened_in_a_browser_reads_as_a_page(browser, base_url: str, feed: str, width: int):
    page = browser.new_page(viewport={"width": width, "height": 800})
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    try:
        page.goto(base_url + feed)
        heading = page.get_by_role("heading", level=2, name="This is a news feed")
        heading.wait_for()
        text = page.inner_text("body")
        assert "copy this page's address into your feed reader" in text
        assert f"https://alerts.example.org/{feed}" in text  # the address to copy
        title = "Fenland: warnings and urgent alerts" if "fenland" in feed else "Current alerts"
        assert page.get_by_role("heading", level=1).inner_text().startswith(title)
        entries = page.locator("li h3 a")
        names = entries.all_inner_texts()
        assert names[:2] == ["Courier fraud calls across the county"] + (
            ["Sheds broken into in March"] if "fenland" in feed else ["Bike marking event"]
        )
        assert entries.first.get_attribute("href") == (
            "https://alerts.example.org/alerts/urgent-county/"
        )
        # Readable on a phone: nothing wider than the screen.
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        # The feed and the stylesheet, both of the site; nothing from anywhere else.
        assert {url for url in requested if not url.endswith("/favicon.ico")} == {
            base_url + feed,
            base_url + "feed.xsl",
        }
    finally:
        page.close()
