"""Integration: the subscriber streams (alert categories with their listing pages, warnings
and urgent alerts of the site and of each area, current alerts) and the feed stylesheet, in
a fixture site built strict with the project's mkdocs.yml."""

from __future__ import annotations

import calendar
import collections
import re
from pathlib import Path

import feedparser
import pytest
from community_alerts.core.item import CATEGORIES
from lxml import etree
from sitebuild import Build, FixtureSite, alert
from test_feeds_json import valid_json_feed
from test_feeds_site import AREAS, SITE_URL, head_feeds

STREAMS = (
    tuple(f"categories/{category}/" for category in CATEGORIES)
    + ("urgent/", "current/")
    + tuple(f"areas/{area}/urgent/" for area in AREAS)
)
ATOM = "{http://www.w3.org/2005/Atom}"
STYLESHEET_LINE = b'<?xml-stylesheet type="text/xsl" href="/feed.xsl"?>'


def write_streams_content(site: FixtureSite) -> None:
    """Alerts of several categories, severities and areas; "now" is 1 June 2024."""
    site.write(
        "alerts/urgent-county.md",
        alert(
            "Courier fraud calls across the county",
            "2024-05-30T10:00",
            category="fraud",
            severity="urgent",
            areas="[county-wide]",
        ),
    )
    site.write(
        "alerts/fenland-warning.md",
        alert(
            "Sheds broken into in March",
            "2024-05-28T09:00",
            category="burglary",
            severity="warning",
            areas="[fenland]",
        ),
    )
    site.write(
        "alerts/cambridge-info.md",
        alert("Bike marking event", "2024-05-29T12:00", category="community", areas="[cambridge]"),
    )
    site.write(
        "alerts/old-urgent.md",
        alert("Old urgent alert", "2024-03-01", severity="urgent", areas="[cambridge]"),
    )
    # Two alerts of the same day, without a time: the same date and the same updated.
    for name in ("a", "b"):
        site.write(
            f"alerts/same-day-{name}.md",
            alert(f"Same day {name}", "2024-05-27", areas="[peterborough]"),
        )
    site.write(
        "alerts/appeal.md",
        alert("Appeal for witnesses", "2024-05-20T09:00", category="appeal", areas="[fenland]"),
    )
    site.write(
        "alerts/appeal-update.md",
        alert(
            "'Update: witnesses found'",
            "2024-05-25T10:00",
            category="appeal",
            areas="[fenland]",
            status="update",
            supersedes="alerts/appeal",
        ),
    )
    site.write(
        "guides/locks.md",
        "---\ntitle: Choosing good locks\ndate: 2024-03-02\n---\n\nFit good locks.\n",
    )


def build_streams_site(root: Path) -> Build:
    """The streams' content, two messages to a listing page."""
    site = FixtureSite(root)
    write_streams_content(site)
    config = site.root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert "per_page: 20" in text
    config.write_text(text.replace("per_page: 20", "per_page: 2"), encoding="utf-8")
    build = site.build()
    assert build.returncode == 0, build.output
    return build


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Build:
    return build_streams_site(tmp_path_factory.mktemp("streams-site"))


@pytest.fixture(scope="module")
def parsed(built: Build) -> dict[str, feedparser.FeedParserDict]:
    return {
        scope + name: feedparser.parse((built.site / scope / name).read_bytes())
        for scope in STREAMS
        for name in ("rss.xml", "atom.xml")
    }


def titles(feed: feedparser.FeedParserDict) -> list[str]:
    return [entry.title for entry in feed.entries]


def test_every_stream_has_three_feeds_that_parse_cleanly_with_the_same_entries(built, parsed):
    for scope in STREAMS:
        rss, atom = parsed[scope + "rss.xml"], parsed[scope + "atom.xml"]
        for feed in (rss, atom):
            assert not feed.bozo, (scope, feed.get("bozo_exception"))
        assert (rss.version, atom.version) == ("rss20", "atom10"), scope
        json_feed = valid_json_feed((built.site / scope / "feed.json").read_bytes())
        ids = [item["id"] for item in json_feed["items"]]
        assert ids == [e.id for e in rss.entries] == [e.id for e in atom.entries], scope
        assert json_feed["feed_url"] == SITE_URL + scope + "feed.json"
        assert json_feed["home_page_url"] == SITE_URL + scope
        for name in ("rss.xml", "atom.xml"):
            self_links = [
                link.href for link in parsed[scope + name].feed.links if link.rel == "self"
            ]
            assert self_links == [SITE_URL + scope + name]


def test_category_feeds_hold_every_alert_of_their_category(parsed):
    assert titles(parsed["categories/fraud/atom.xml"]) == ["Courier fraud calls across the county"]
    assert titles(parsed["categories/theft/rss.xml"]) == [
        "Same day b",
        "Same day a",
        "Old urgent alert",
    ]
    # A replaced alert stays in the feeds, as in the section's.
    assert titles(parsed["categories/appeal/atom.xml"]) == [
        "Update: witnesses found",
        "Appeal for witnesses",
    ]
    assert parsed["categories/fraud/atom.xml"].feed.title.startswith("Alerts: Fraud and scams")


def test_urgent_feeds_hold_warnings_and_urgent_alerts_county_wide_ones_in_every_area(parsed):
    county = "Courier fraud calls across the county"
    assert titles(parsed["urgent/atom.xml"]) == [
        county,
        "Sheds broken into in March",
        "Old urgent alert",
    ]
    assert titles(parsed["areas/fenland/urgent/rss.xml"]) == [county, "Sheds broken into in March"]
    assert titles(parsed["areas/cambridge/urgent/atom.xml"]) == [county, "Old urgent alert"]
    for area in AREAS:
        assert county in titles(parsed[f"areas/{area}/urgent/atom.xml"]), area


def test_current_feed_holds_the_current_alerts_newest_first(parsed):
    for name in ("rss.xml", "atom.xml"):
        assert titles(parsed["current/" + name]) == [
            "Courier fraud calls across the county",
            "Bike marking event",
            "Sheds broken into in March",
            "Same day b",
            "Same day a",
            "Update: witnesses found",
        ]
    # Its date is its newest entry's, never the build time.
    assert parsed["current/atom.xml"].feed.updated == "2024-05-30T10:00:00+01:00"


def test_an_empty_stream_says_so_dated_by_the_epoch(built, parsed):
    for name in ("rss.xml", "atom.xml"):
        feed = parsed["categories/other/" + name]
        assert feed.entries == []
        assert calendar.timegm(feed.feed.updated_parsed) == 0
    assert valid_json_feed((built.site / "categories/other/feed.json").read_bytes())["items"] == []
    assert "There are no alerts in this category yet." in built.read("categories/other/index.html")


def test_category_listings_are_paginated_and_link_their_feeds(built):
    first = built.read("categories/theft/index.html")
    second = built.read("categories/theft/page/2/index.html")
    assert "<h1>Alerts: Theft</h1>" in first
    assert first.index("Same day b") < first.index("Same day a")
    assert "Old urgent alert" in second and "Old urgent alert" not in first
    assert 'rel="next"' in first and 'rel="prev"' in second
    feeds = [SITE_URL + "categories/theft/" + name for name in ("rss.xml", "atom.xml", "feed.json")]
    assert head_feeds(first)[3:] == feeds
    for url in feeds:
        assert f'href="{url}"' in first  # in the page's "Subscribe" list too


def test_category_listings_are_reached_from_the_alerts_listing_and_each_alert(built):
    alerts = built.read("alerts/index.html")
    for category in CATEGORIES:
        assert f'href="../categories/{category}/"' in alerts, category
    assert 'href="../../categories/burglary/">Burglary</a>' in built.read(
        "alerts/fenland-warning/index.html"
    )


def test_listings_link_the_urgent_and_current_feeds(built):
    fenland = head_feeds(built.read("areas/fenland/index.html"))
    assert fenland[3:] == [
        SITE_URL + scope + name
        for scope in ("areas/fenland/", "areas/fenland/urgent/")
        for name in ("rss.xml", "atom.xml", "feed.json")
    ]
    alerts = head_feeds(built.read("alerts/index.html"))
    for scope in ("urgent/", "current/"):
        assert SITE_URL + scope + "atom.xml" in alerts
    assert SITE_URL + "current/atom.xml" in head_feeds(built.read("index.html"))


def test_no_feed_has_two_entries_with_the_same_updated(built):
    checked = 0
    for path in [*built.site.rglob("atom.xml"), built.site / "alerts" / "cap.atom"]:
        root = etree.fromstring(path.read_bytes())
        updated = [entry.findtext(f"{ATOM}updated") for entry in root.iter(f"{ATOM}entry")]
        assert [u for u, n in collections.Counter(updated).items() if n > 1] == [], path
        checked += 1
    for path in built.site.rglob("feed.json"):
        modified = [item["date_modified"] for item in valid_json_feed(path.read_bytes())["items"]]
        assert len(modified) == len(set(modified)), path
    assert checked == len(STREAMS) + 1 + 3 + len(AREAS) + 1
    # Of the two alerts of 27 May, the later GUID keeps the time; the other is a second back.
    theft = etree.fromstring((built.site / "categories/theft/atom.xml").read_bytes())
    assert [e.findtext(f"{ATOM}updated") for e in theft.iter(f"{ATOM}entry")][:2] == [
        "2024-05-27T00:00:00+01:00",
        "2024-05-26T23:59:59+01:00",
    ]


def test_every_rss_and_atom_feed_names_the_sites_stylesheet(built):
    feeds = [*built.site.rglob("rss.xml"), *built.site.rglob("atom.xml")]
    assert len(feeds) == 2 * (len(STREAMS) + 1 + 3 + len(AREAS))
    for path in feeds:
        assert path.read_bytes().splitlines()[1] == STYLESHEET_LINE, path
    stylesheet = built.site / "feed.xsl"
    assert oct(stylesheet.stat().st_mode & 0o777) == "0o644"
    etree.XSLT(etree.parse(str(stylesheet)))  # a stylesheet lxml can apply
    # Nothing the page shows is fetched from another site.
    assert not re.search(r'(src|href)="https?://(?!alerts\.example\.org/)', stylesheet.read_text())


def test_the_cap_index_says_its_language(built):
    root = etree.fromstring((built.site / "alerts/cap.atom").read_bytes())
    assert root.get("{http://www.w3.org/XML/1998/namespace}lang") == "en-GB"


def test_two_builds_give_byte_identical_streams(built, tmp_path):
    again = build_streams_site(tmp_path)

    def streams(root: Path) -> dict[str, bytes]:
        return {
            scope + name: (root / scope / name).read_bytes()
            for scope in STREAMS
            for name in ("rss.xml", "atom.xml", "feed.json")
        } | {"feed.xsl": (root / "feed.xsl").read_bytes()}

    assert streams(again.site) == streams(built.site)
