"""Listing pages as data: pagination, URLs, titles, previous and next."""

from __future__ import annotations

import datetime as dt

import pytest
from community_alerts.core.archive import Archive
from community_alerts.core.dates import LONDON
from community_alerts.core.item import CATEGORIES, Item, Settings
from community_alerts.render.listings import all_listing_pages, paginate

NOW = dt.datetime(2024, 6, 1, 12, 0, tzinfo=dt.UTC)


def make(n: int, section: str = "alerts", areas=("county-wide",)) -> Item:
    when = dt.datetime(2024, 1, 1, 9, 0, tzinfo=LONDON) + dt.timedelta(hours=n)
    return Item(
        source_path=f"{section}/i{n}.md",
        source_hash="0",
        section=section,
        id=f"{section}/i{n}",
        url=f"{section}/i{n}/",
        title=f"Item {n}",
        date=when,
        date_day_only=False,
        summary="",
        body="",
        areas=areas,
        category="theft" if section == "alerts" else None,
    )


def items(count: int) -> tuple[Item, ...]:
    return tuple(make(n) for n in range(count))


@pytest.mark.parametrize(
    ("count", "pages"), [(0, 1), (1, 1), (10, 1), (11, 2), (20, 2), (21, 3), (25, 3)]
)
def test_page_count(count, pages):
    assert len(paginate("alerts/", "Alerts", "section", "alerts", items(count), 10)) == pages


def test_pages_urls_titles_and_links():
    pages = paginate("alerts/", "Alerts", "section", "alerts", items(25), 10)
    assert [p.url for p in pages] == ["alerts/", "alerts/page/2/", "alerts/page/3/"]
    assert [p.src_uri for p in pages] == [
        "alerts/index.md",
        "alerts/page/2/index.md",
        "alerts/page/3/index.md",
    ]
    assert [p.title for p in pages] == ["Alerts", "Alerts (page 2 of 3)", "Alerts (page 3 of 3)"]
    assert [p.previous_url for p in pages] == [None, "alerts/", "alerts/page/2/"]
    assert [p.next_url for p in pages] == ["alerts/page/2/", "alerts/page/3/", None]
    assert [len(p.items) for p in pages] == [10, 10, 5]
    assert [p.page for p in pages] == [1, 2, 3]
    assert {p.pages for p in pages} == {3}


def test_pages_keep_order_and_lose_nothing():
    source = items(23)
    pages = paginate("areas/fenland/", "Messages for Fenland", "area", "fenland", source, 10)
    assert tuple(i for p in pages for i in p.items) == source
    assert pages[1].url == "areas/fenland/page/2/"


def test_empty_listing_has_one_page_without_links():
    [page] = paginate("guides/", "Guides", "section", "guides", (), 10)
    assert (page.url, page.items, page.previous_url, page.next_url) == ("guides/", (), None, None)


def test_all_listing_pages():
    alerts = [make(n) for n in range(11)]
    fens = [make(100 + n, "guides", ("fenland",)) for n in range(3)]
    archive = Archive(tuple(alerts + fens), NOW, Settings())
    pages = {p.url: p for p in all_listing_pages(archive, 10)}
    expected = {
        "",
        "areas/",
        "alerts/",
        "alerts/page/2/",
        "court-news/",
        "guides/",
        *(f"areas/{slug}/" for slug in Settings().areas),
        *(f"areas/{slug}/page/2/" for slug in Settings().areas),  # 11 county-wide alerts
        *(f"categories/{category}/" for category in CATEGORIES),  # empty ones too
        "categories/theft/page/2/",  # the 11 alerts' category
    }
    assert set(pages) == expected
    assert pages[""].template == "home.html"
    assert pages["areas/"].template == "areas.html"
    assert pages["alerts/page/2/"].template == "listing.html"
    assert pages["areas/fenland/"].title == "Messages for Fenland"
    assert len(pages["areas/fenland/"].items) + len(pages["areas/fenland/page/2/"].items) == 14
    assert len({p.src_uri for p in pages.values()}) == len(pages)
