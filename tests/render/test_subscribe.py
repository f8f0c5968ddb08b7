"""The subscribe page's contents (render/subscribe.py): the feeds of every scope, urgent only
among them, and the postcode districts of each configured area."""

from __future__ import annotations

from community_alerts.core.item import Settings
from community_alerts.render.subscribe import DEFAULT_DISTRICTS, DISTRICT, subscribe_page

ALL_SCOPES = ["site", "sections", "areas"]


def test_every_area_has_its_feeds_and_its_urgent_only_feeds():
    page = subscribe_page(Settings(), None, "alerts@example.org", ALL_SCOPES, json_feed=True)
    fenland = next(ways for ways in page.areas if ways.area.slug == "fenland")
    assert (fenland.feeds.rss, fenland.feeds.atom, fenland.feeds.json) == (
        "areas/fenland/rss.xml",
        "areas/fenland/atom.xml",
        "areas/fenland/feed.json",
    )
    assert fenland.urgent.rss == "areas/fenland/urgent/rss.xml"
    assert [ways.area.slug for ways in page.area_feeds][-1] == "county-wide"
    assert [feeds.rss for feeds in page.site] == ["rss.xml", "urgent/rss.xml", "current/rss.xml"]
    assert [feeds.atom for feeds in page.sections] == [
        "alerts/atom.xml",
        "court-news/atom.xml",
        "guides/atom.xml",
    ]
    assert page.categories[0].rss == "categories/burglary/rss.xml"


def test_only_the_feeds_the_build_writes_are_listed():
    page = subscribe_page(Settings(), None, "alerts@example.org", ["areas"], json_feed=False)
    assert page.site == () and page.sections == () and page.categories == ()
    assert all(ways.feeds.json is None for ways in page.area_feeds)
    assert subscribe_page(Settings(), None, "a@example.org", [], json_feed=True).area_feeds == ()


def test_the_default_districts_are_real_districts_of_the_configured_areas_only():
    assert all(DISTRICT.fullmatch(d) for districts in DEFAULT_DISTRICTS.values() for d in districts)
    settings = Settings(areas={"fenland": "Fenland", "county-wide": "County-wide"})
    page = subscribe_page(settings, None, "alerts@example.org", ALL_SCOPES, json_feed=True)
    assert [(w.area.slug, w.districts) for w in page.districts] == [
        ("fenland", ("PE7", "PE13", "PE14", "PE15", "PE16"))
    ]


def test_configured_districts_replace_the_defaults():
    page = subscribe_page(
        Settings(), {"cambridge": ["CB1"]}, "alerts@example.org", ALL_SCOPES, json_feed=True
    )
    assert [(w.area.slug, w.districts) for w in page.districts] == [("cambridge", ("CB1",))]
