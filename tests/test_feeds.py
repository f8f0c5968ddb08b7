"""Unit tests of render/feeds.py: items in, feed bytes out, read back with feedparser and lxml."""

from __future__ import annotations

import calendar
import dataclasses
import datetime as dt
import html
import random
from pathlib import Path
from zoneinfo import ZoneInfo

import feedparser
import pytest
from community_alerts.core.archive import Archive
from community_alerts.core.item import Item, Sender, Settings
from community_alerts.render import feeds
from community_alerts.render.listings import all_listing_pages
from community_alerts.render.present import ItemView
from lxml import etree

LONDON = ZoneInfo("Europe/London")
NOW = dt.datetime(2024, 6, 1, 12, tzinfo=dt.UTC)
SITE = feeds.FeedSite("https://alerts.example.org/", "Cambs <Community> & Alerts", "en-GB", "2024")
SETTINGS = Settings()
ATOM = "{http://www.w3.org/2005/Atom}"
HOSTILE_BODY = """<p>Call 101.</p>
<script>alert(1)</script>
<img src="x.png" onerror="alert(2)" alt="x">
<a href="javascript:alert(3)">click</a>
<iframe src="https://evil.example/"></iframe>
<img src="data:image/png;base64,AAAA" alt="data">
<a href="../other-alert/">Related alert</a>
<a href="#what-to-do">What to do</a>
<img src="../images/van.png" alt="A van">
"""


def make_item(number: int = 1, **changes: object) -> Item:
    values: dict[str, object] = dict(
        source_path=f"alerts/2024/alert-{number}.md",
        source_hash=f"hash{number}",
        section="alerts",
        id=f"alerts/2024/alert-{number}",
        url=f"alerts/2024/alert-{number}/",
        title=f"Alert number {number}",
        date=dt.datetime(2024, 5, number, 9, 30, tzinfo=LONDON),
        date_day_only=False,
        summary=f"Summary of alert {number}.",
        body="Body.",
        areas=("cambridge",),
        category="theft",
    )
    values.update(changes)
    return Item(**values)  # type: ignore[arg-type]


def entry_of(item: Item, page_html: str | None = "<p>Body.</p>", **kwargs: object):
    return feeds.feed_entry(ItemView(item, NOW, SETTINGS), page_html, SITE, Path("."), **kwargs)


def parsed(data: bytes) -> feedparser.FeedParserDict:
    result = feedparser.parse(data)
    assert not result.bozo, result.get("bozo_exception")
    return result


def both_formats(
    entries: list[feeds.FeedEntry],
    scope: feeds.FeedScope | None = None,
    options: feeds.FeedOptions | None = None,
) -> dict[str, bytes]:
    scope = scope or feeds.site_scope(SITE)
    options = options or feeds.FeedOptions()
    return {
        "rss": feeds.rss_feed(scope, entries, SITE, options),
        "atom": feeds.atom_feed(scope, entries, SITE, options),
    }


def utc_seconds(moment: dt.datetime) -> int:
    return int(moment.timestamp())


def parsed_seconds(struct) -> int:
    return calendar.timegm(struct)


# -- GUIDs ------------------------------------------------------------------


def test_guid_is_a_tag_uri_from_host_and_id():
    assert feeds.guid_for(make_item(3), SITE) == "tag:alerts.example.org,2024:alerts/2024/alert-3"


def test_guid_survives_a_renamed_file_and_an_edited_title():
    before = make_item(1, id="van-thefts-2024")
    after = dataclasses.replace(
        before, source_path="alerts/renamed.md", url="alerts/renamed/", title="Van thefts: update"
    )
    assert feeds.guid_for(before, SITE) == feeds.guid_for(after, SITE)


def test_guid_escapes_characters_a_uri_cannot_carry():
    guid = feeds.guid_for(make_item(1, id="alerts/Vans in Ély #2"), SITE)
    assert guid == "tag:alerts.example.org,2024:alerts/Vans%20in%20%C3%89ly%20%232"


def test_rss_guid_is_not_a_permalink():
    rss = etree.fromstring(both_formats([entry_of(make_item(1))])["rss"])
    guid = rss.find("channel/item/guid")
    assert guid.get("isPermaLink") == "false"
    assert guid.text == "tag:alerts.example.org,2024:alerts/2024/alert-1"


# -- entry content ---------------------------------------------------------


def test_entry_body_is_sanitised_and_every_url_absolute():
    content = entry_of(make_item(1), HOSTILE_BODY).content_html
    for hostile in ("<script", "alert(", "onerror", "javascript:", "<iframe", "data:"):
        assert hostile not in content
    assert '<a href="https://alerts.example.org/alerts/2024/other-alert/">' in content
    assert '<a href="https://alerts.example.org/alerts/2024/alert-1/#what-to-do">' in content
    assert 'src="https://alerts.example.org/alerts/2024/images/van.png"' in content


@pytest.mark.parametrize("kind", ["rss", "atom"])
def test_hostile_html_never_reaches_the_feed_bytes(kind):
    data = both_formats([entry_of(make_item(1), HOSTILE_BODY)])[kind].decode()
    lowered = data.lower()
    for hostile in (
        "<script",
        "&lt;script",
        "alert(",
        "onerror",
        "javascript:",
        "iframe",
        "data:image",
    ):
        assert hostile not in lowered


def test_summary_only_entries_carry_no_body():
    entry = entry_of(make_item(1), HOSTILE_BODY, full_content=False)
    assert entry.content_html is None
    result = {kind: parsed(data) for kind, data in both_formats([entry]).items()}
    assert "content" not in result["atom"].entries[0]
    assert "content" not in result["rss"].entries[0]
    assert result["atom"].entries[0].summary == "Summary of alert 1."


def test_categories_are_category_areas_then_tags_each_once():
    item = make_item(1, areas=("cambridge", "county-wide"), tags=("vans", "cambridge", "vans"))
    assert entry_of(item).categories == (
        ("theft", "Theft"),
        ("cambridge", "Cambridge"),
        ("county-wide", "County-wide"),
        ("vans", "vans"),
    )


def test_enclosure_has_absolute_url_mime_type_and_byte_length(tmp_path):
    image = tmp_path / "alerts" / "2024" / "images" / "van.png"
    image.parent.mkdir(parents=True)
    image.write_bytes(b"\x89PNG" + b"0" * 96)
    item = make_item(1, image="alerts/2024/images/van.png", image_alt="A van")
    entry = feeds.feed_entry(ItemView(item, NOW, SETTINGS), "<p>x</p>", SITE, tmp_path)
    assert entry.enclosure == feeds.Enclosure(
        "https://alerts.example.org/alerts/2024/images/van.png", "image/png", 100
    )
    data = both_formats([entry])
    rss_enclosure = etree.fromstring(data["rss"]).find("channel/item/enclosure")
    assert dict(rss_enclosure.attrib) == {
        "url": entry.enclosure.url,
        "length": "100",
        "type": "image/png",
    }
    atom_links = etree.fromstring(data["atom"]).findall(f"{ATOM}entry/{ATOM}link")
    # feedgen 1.0 drops rel from entry links: the enclosure must not become a second alternate.
    assert [(link.get("rel"), link.get("href")) for link in atom_links] == [
        (None, "https://alerts.example.org/alerts/2024/alert-1/"),
        ("enclosure", entry.enclosure.url),
    ]
    atom_enclosure = atom_links[1]
    assert (atom_enclosure.get("type"), atom_enclosure.get("length")) == ("image/png", "100")


def test_sender_is_the_author_in_both_formats():
    item = make_item(1, sender=Sender("PC Jo Smith", "Beat manager", "Cambridgeshire Police"))
    for result in map(parsed, both_formats([entry_of(item)]).values()):
        assert result.entries[0].author == "PC Jo Smith, Beat manager, Cambridgeshire Police"


# -- escaping ----------------------------------------------------------------


@pytest.mark.parametrize("kind", ["rss", "atom"])
def test_titles_and_summaries_with_markup_characters_come_back_as_written(kind):
    title = 'Fish & chips <b>not bold</b> 3 < 4 > 2 "quoted"'
    summary = "Scams <script>alert(1)</script> & more"
    item = make_item(1, title=title, summary=summary)
    data = both_formats([entry_of(item)])[kind]
    assert b"<b>" not in data and b"<script>" not in data
    result = parsed(data)
    # RSS titles are HTML-escaped first (readers may take them as HTML); Atom's are text.
    assert result.entries[0].title == (html.escape(title, quote=False) if kind == "rss" else title)
    assert result.feed.title == SITE.name
    if kind == "rss":
        # RSS description is HTML: the text is HTML-escaped, then XML-escaped.
        description = etree.fromstring(data).find("channel/item/description").text
        assert description == "Scams &lt;script&gt;alert(1)&lt;/script&gt; &amp; more"
    else:
        assert result.entries[0].summary == summary


def test_atom_content_is_html_escaped_once_by_the_xml_writer():
    data = both_formats([entry_of(make_item(1), "<p>Fish &amp; chips</p>")])["atom"]
    content = etree.fromstring(data).find(f"{ATOM}entry/{ATOM}content")
    assert content.get("type") == "html"
    assert content.text == "<p>Fish &amp; chips</p>"
    assert b"&lt;p&gt;Fish &amp;amp; chips&lt;/p&gt;" in data


# -- order, limit, dates -----------------------------------------------------


@pytest.mark.parametrize("kind", ["rss", "atom"])
def test_entries_newest_first_whatever_the_given_order_and_limited(kind):
    entries = [entry_of(make_item(n)) for n in range(1, 11)]
    random.Random(4).shuffle(entries)
    options = feeds.FeedOptions(entry_limit=4)
    result = parsed(both_formats(entries, options=options)[kind])
    assert [e.title for e in result.entries] == [f"Alert number {n}" for n in (10, 9, 8, 7)]


@pytest.mark.parametrize("kind", ["rss", "atom"])
def test_feed_date_is_the_latest_updated_or_date_among_its_entries(kind):
    older_but_updated = make_item(1, updated=dt.datetime(2024, 5, 20, 8, tzinfo=LONDON))
    newest = make_item(9)
    result = parsed(both_formats([entry_of(newest), entry_of(older_but_updated)])[kind])
    assert parsed_seconds(result.feed.updated_parsed) == utc_seconds(
        dt.datetime(2024, 5, 20, 8, tzinfo=LONDON)
    )
    assert result.entries[0].title == "Alert number 9"


def test_entry_dates_keep_their_offsets():
    item = make_item(
        1,
        date=dt.datetime(2024, 5, 1, 9, 30, tzinfo=LONDON),
        updated=dt.datetime(2024, 5, 2, 10, tzinfo=LONDON),
    )
    data = both_formats([entry_of(item)])
    atom = etree.fromstring(data["atom"]).find(f"{ATOM}entry")
    assert atom.find(f"{ATOM}published").text == "2024-05-01T09:30:00+01:00"
    assert atom.find(f"{ATOM}updated").text == "2024-05-02T10:00:00+01:00"
    rss = etree.fromstring(data["rss"]).find("channel/item/pubDate")
    assert rss.text == "Wed, 01 May 2024 09:30:00 +0100"


@pytest.mark.parametrize("kind", ["rss", "atom"])
def test_an_empty_feed_is_dated_by_the_epoch_never_the_clock(kind):
    result = parsed(both_formats([])[kind])
    assert result.entries == []
    assert parsed_seconds(result.feed.updated_parsed) == 0


def test_same_entries_give_the_same_bytes():
    entries = [entry_of(make_item(n), HOSTILE_BODY) for n in (1, 2, 3)]
    assert both_formats(entries) == both_formats(list(reversed(entries)))


# -- feed metadata -------------------------------------------------------------


def test_rss_channel_has_its_page_link_self_link_and_ttl():
    scope = feeds.section_scope("alerts", SITE)
    data = both_formats([entry_of(make_item(1))], scope, feeds.FeedOptions(ttl_minutes=10))
    channel = etree.fromstring(data["rss"]).find("channel")
    assert channel.find("link").text == "https://alerts.example.org/alerts/"
    self_link = channel.find(f"{ATOM}link")
    assert (self_link.get("rel"), self_link.get("href")) == (
        "self",
        "https://alerts.example.org/alerts/rss.xml",
    )
    assert channel.find("ttl").text == "10"
    assert channel.find("title").text == "Alerts – Cambs <Community> & Alerts"


def test_atom_feed_has_self_and_alternate_links():
    scope = feeds.area_scope("fenland", SETTINGS, SITE)
    atom = etree.fromstring(both_formats([], scope)["atom"])
    links = {link.get("rel"): link.get("href") for link in atom.findall(f"{ATOM}link")}
    assert links == {
        "self": "https://alerts.example.org/areas/fenland/atom.xml",
        "alternate": "https://alerts.example.org/areas/fenland/",
    }
    assert atom.find(f"{ATOM}id").text == "https://alerts.example.org/areas/fenland/atom.xml"
    assert atom.findtext(f"{ATOM}author/{ATOM}name") == SITE.name


def test_scope_titles_and_descriptions_say_which_scope():
    fenland = feeds.area_scope("fenland", SETTINGS, SITE)
    county = feeds.area_scope("county-wide", SETTINGS, SITE)
    guides = feeds.section_scope("guides", SITE)
    assert fenland.title.startswith("Fenland") and "for Fenland" in fenland.description
    assert "county-wide messages included" in fenland.description
    assert "whole county" in county.description
    assert guides.title.startswith("Guides") and guides.description.startswith("Guides")


# -- scopes and pages ---------------------------------------------------------


def archive_of(*items: Item) -> Archive:
    return Archive(tuple(items), NOW, SETTINGS)


def test_all_feeds_writes_every_scope_with_county_wide_items_in_every_area():
    county = make_item(1, areas=("county-wide",))
    fenland = make_item(2, areas=("fenland",))
    guide = make_item(
        3, section="guides", id="guides/g", url="guides/g/", category=None, areas=("peterborough",)
    )
    draft = make_item(4, draft=True)
    future = make_item(5, date=dt.datetime(2024, 7, 1, tzinfo=LONDON))
    written = feeds.all_feeds(
        archive_of(county, fenland, guide, draft, future),
        {},
        list(feeds.SCOPE_KINDS),
        SITE,
        feeds.FeedOptions(),
        Path("."),
    )
    scopes = ["", "alerts/", "court-news/", "guides/"] + [f"areas/{a}/" for a in SETTINGS.areas]
    assert sorted(written) == sorted(
        p + f for p in scopes for f in ("rss.xml", "atom.xml", "feed.json")
    )

    def titles(path: str) -> list[str]:
        return [entry.title for entry in parsed(written[path]).entries]

    assert titles("atom.xml") == ["Alert number 3", "Alert number 2", "Alert number 1"]
    assert titles("alerts/rss.xml") == ["Alert number 2", "Alert number 1"]
    assert titles("court-news/atom.xml") == []
    for area in SETTINGS.areas:
        assert "Alert number 1" in titles(f"areas/{area}/atom.xml")
    assert titles("areas/fenland/rss.xml") == ["Alert number 2", "Alert number 1"]
    assert titles("areas/peterborough/rss.xml") == ["Alert number 3", "Alert number 1"]
    assert not any(b"number 4" in data or b"number 5" in data for data in written.values())


def test_all_feeds_writes_only_the_chosen_kinds():
    written = feeds.all_feeds(
        archive_of(make_item(1)),
        {},
        ["sections"],
        SITE,
        feeds.FeedOptions(json_feed=False),
        Path("."),
    )
    assert sorted(written) == sorted(
        f"{s}/{f}" for s in ("alerts", "court-news", "guides") for f in ("rss.xml", "atom.xml")
    )


def test_all_feeds_uses_each_items_page_html():
    item = make_item(1)
    written = feeds.all_feeds(
        archive_of(item),
        {item.id: '<p><a href="../x/">x</a></p>'},
        ["site"],
        SITE,
        feeds.FeedOptions(),
        Path("."),
    )
    content = parsed(written["atom.xml"]).entries[0].content[0].value
    assert content == '<p><a href="https://alerts.example.org/alerts/2024/x/">x</a></p>'


def links_titles(links: list[feeds.FeedLinks]) -> list[str]:
    return [link.name for link in links]


def test_an_item_page_links_the_site_its_section_and_its_areas():
    item = make_item(1, areas=("fenland", "county-wide"))
    head, shown = feeds.page_feeds(list(feeds.SCOPE_KINDS), SETTINGS, SITE, item=item)
    assert links_titles(head) == ["All messages", "Alerts", "Fenland", "County-wide"]
    assert head[1] == feeds.FeedLinks(
        "Alerts",
        "Alerts – Cambs <Community> & Alerts",
        "https://alerts.example.org/alerts/rss.xml",
        "https://alerts.example.org/alerts/atom.xml",
        "https://alerts.example.org/alerts/feed.json",
    )
    assert shown == []


def test_listing_pages_link_and_show_their_own_feeds():
    pages = {p.src_uri: p for p in all_listing_pages(archive_of(make_item(1)), per_page=10)}
    kinds = list(feeds.SCOPE_KINDS)

    def feeds_of(src_uri: str) -> tuple[list[str], list[str]]:
        head, shown = feeds.page_feeds(kinds, SETTINGS, SITE, listing=pages[src_uri])
        return links_titles(head), links_titles(shown)

    assert feeds_of("guides/index.md") == (["All messages", "Guides"], ["Guides"])
    assert feeds_of("areas/fenland/index.md") == (["All messages", "Fenland"], ["Fenland"])
    assert feeds_of("index.md") == (["All messages"], [])
    assert feeds_of("areas/index.md") == (["All messages"], list(SETTINGS.areas.values()))


def test_other_pages_link_the_site_feeds_when_there_are_any():
    assert links_titles(feeds.page_feeds(["site"], SETTINGS, SITE)[0]) == ["All messages"]
    assert feeds.page_feeds(["areas"], SETTINGS, SITE) == ([], [])
