"""The subscribe page's postcode finder in real Chromium: a postcode or its district takes a
reader to their area's page, a district in two areas offers both, anything else gets a
message saying what to type; without JavaScript the table of districts is there instead.
(axe and the Content-Security-Policy on this page: test_a11y_browser.py and
test_csp_browser.py, which visit every kind of page.)"""

from __future__ import annotations

import pytest
from samplesite import open_page, pages_by_size, site  # noqa: F401 (fixtures)

pytestmark = pytest.mark.browser


def find(page, postcode: str) -> None:
    box = page.get_by_label("Your postcode")
    box.fill(postcode)
    box.press("Enter")


@pytest.mark.parametrize("postcode", ["PE15 8AB", "pe158ab", " Pe15 ", "PE15"])
def test_a_postcode_or_its_district_opens_the_area_page(open_page, postcode):
    page = open_page("subscribe/")
    find(page, postcode)
    page.wait_for_url("**/areas/fenland/")
    assert "Fenland" in page.locator("h1").inner_text()


def test_the_finder_button_works_too_and_on_a_phone(open_page):
    page = open_page("subscribe/", 320, 640)
    page.get_by_label("Your postcode").fill("cb1 2ab")
    page.get_by_role("button", name="Find my area").click()
    page.wait_for_url("**/areas/cambridge/")


def test_a_district_in_two_areas_offers_both(open_page):
    page = open_page("subscribe/")
    find(page, "CB25 9AB")
    status = page.get_by_role("status")
    status.get_by_role("link").first.wait_for()
    links = status.get_by_role("link")
    assert links.all_inner_texts() == ["South Cambridgeshire", "East Cambridgeshire"]
    assert "more than one area" in status.inner_text()
    assert page.url.endswith("/subscribe/")
    links.nth(1).click()
    page.wait_for_url("**/areas/east-cambridgeshire/")


@pytest.mark.parametrize(
    ("postcode", "message"),
    [
        ("SW1A 1AA", "We have no area for postcodes starting SW1A"),
        ("not a postcode", "\u201cnot a postcode\u201d is not a postcode. Type your postcode"),
        ("", "Type your postcode, for example PE15 8AB"),
    ],
)
def test_anything_else_gets_a_message_announced_where_the_reader_is(open_page, postcode, message):
    page = open_page("subscribe/")
    find(page, postcode)
    status = page.get_by_role("status")
    status.get_by_text(message).wait_for()
    # A live region, tied to the box, which is marked as wrong; the reader stays on the page.
    assert status.get_attribute("aria-live") == "polite"
    box = page.get_by_label("Your postcode")
    assert box.get_attribute("aria-invalid") == "true"
    assert "ca-finder-result" in box.get_attribute("aria-describedby").split()
    assert page.url.endswith("/subscribe/")


def test_without_javascript_the_table_of_districts_is_shown_and_no_form(browser, site):
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(site.url + "subscribe/")
        table = page.get_by_role("table", name="Postcode districts in each area")
        assert table.is_visible()
        fenland = table.get_by_role("row", name="Fenland")
        assert "PE15" in fenland.inner_text()
        fenland.get_by_role("link", name="Fenland").click()
        page.wait_for_url("**/areas/fenland/")
        page.go_back()
        assert not page.get_by_label("Your postcode").is_visible()
    finally:
        context.close()


def test_every_area_has_its_feeds_and_urgent_only_feeds_and_the_sign_up_address(site):
    html = site.html("subscribe/")
    for area in ("cambridge", "fenland", "county-wide"):
        for feed in ("rss.xml", "atom.xml", "feed.json"):
            assert f'href="../areas/{area}/{feed}"' in html
            assert f'href="../areas/{area}/urgent/{feed}"' in html
    assert 'href="../rss.xml"' in html and 'href="../alerts/atom.xml"' in html
    assert 'href="mailto:alerts@cambs.police.uk?subject=' in html


def test_the_page_is_in_the_sitemap_and_linked_from_the_listings(site):
    assert "<loc>https://alerts.example.org/subscribe/</loc>" in site.html("sitemap.xml")
    assert '<a href="../subscribe/">More ways to get alerts</a>' in site.html("alerts/")
