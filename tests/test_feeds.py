"""Unit tests of render/feeds.py: items in, feed bytes out, read back with feedparser and lxml."""

from __future__ import annotations

import calendar
import dataclasses
import datetime as dt
import html
import json
import random
from pathlib import Path
from zoneinfo import ZoneInfo

import feedparser
import pytest
from community_alerts.core.archive import Archive
from community_alerts.core.item import CATEGORIES, Item, Sender, Settings
from community_alerts.render import feeds
from community_alerts.render.listings import all_listing_pages
from community_alerts.render.present import ItemView, view_of
from lxml import etree
from lxml import html as lxml_html

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
    scopes = ["", "alerts/", "court-news/", "guides/", "urgent/", "current/"]
    scopes += [f"areas/{a}/" for a in SETTINGS.areas] + [
        f"areas/{a}/urgent/" for a in SETTINGS.areas
    ]
    scopes += [f"categories/{category}/" for category in CATEGORIES]
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
    fenland = ["Fenland", "Fenland: warnings and urgent alerts"]
    assert feeds_of("areas/fenland/index.md") == (["All messages", *fenland], fenland)
    alerts = ["Alerts", "Warnings and urgent alerts", "Current alerts"]
    assert feeds_of("alerts/index.md") == (["All messages", *alerts], alerts)
    fraud = ["Alerts: Fraud and scams"]
    assert feeds_of("categories/fraud/index.md") == (["All messages", *fraud], fraud)
    assert feeds_of("index.md") == (["All messages", "Current alerts"], [])
    assert feeds_of("areas/index.md") == (["All messages"], list(SETTINGS.areas.values()))


def test_other_pages_link_the_site_feeds_when_there_are_any():
    assert links_titles(feeds.page_feeds(["site"], SETTINGS, SITE)[0]) == ["All messages"]
    assert feeds.page_feeds(["areas"], SETTINGS, SITE) == ([], [])


# -- subscriber streams: categories, urgent, current -------------------------------


EXPIRED = dt.datetime(2024, 5, 14, tzinfo=LONDON)


def streams_archive() -> Archive:
    return archive_of(
        make_item(20, category="fraud", severity="warning", areas=("cambridge",)),
        make_item(21, severity="urgent", areas=("county-wide",)),
        make_item(22, category="fraud", areas=("fenland",)),
        # Expired: in every stream but the current one.
        make_item(5, category="burglary", severity="urgent", areas=("cambridge",), expires=EXPIRED),
        make_item(
            23, section="guides", id="guides/g", url="guides/g/", category=None, areas=("fenland",)
        ),
    )


def written_titles(written: dict[str, bytes], path: str) -> list[str]:
    return [entry.title for entry in parsed(written[path]).entries]


def test_category_urgent_and_current_feeds_hold_their_alerts():
    written = feeds.all_feeds(
        streams_archive(), {}, list(feeds.SCOPE_KINDS), SITE, feeds.FeedOptions(), Path(".")
    )

    def numbers(path: str) -> list[int]:
        return [int(title.removeprefix("Alert number ")) for title in written_titles(written, path)]

    assert numbers("categories/fraud/atom.xml") == [22, 20]
    assert numbers("categories/burglary/rss.xml") == [5]
    assert numbers("categories/appeal/atom.xml") == []
    assert numbers("urgent/atom.xml") == [21, 20, 5]
    # An area's urgent alerts include the county-wide ones, as its own feed does.
    assert numbers("areas/cambridge/urgent/rss.xml") == [21, 20, 5]
    assert numbers("areas/fenland/urgent/atom.xml") == [21]
    assert numbers("areas/county-wide/urgent/atom.xml") == [21]
    assert numbers("current/atom.xml") == [22, 21, 20]
    current = feedparser.parse(written["current/rss.xml"])
    assert current.feed.title == f"Current alerts – {SITE.name}"
    assert [link.href for link in current.feed.links if link.rel == "self"] == [
        "https://alerts.example.org/current/rss.xml"
    ]


def test_an_empty_stream_is_a_valid_feed_dated_by_the_epoch():
    written = feeds.all_feeds(
        archive_of(make_item(1, severity="info", expires=EXPIRED)),  # not urgent, theft
        {},
        ["categories", "urgent", "current"],
        SITE,
        feeds.FeedOptions(),
        Path("."),
    )
    for path in (
        "current/atom.xml",
        "current/rss.xml",
        "urgent/atom.xml",
        "categories/fraud/rss.xml",
    ):
        result = parsed(written[path])
        assert result.entries == [], path
        assert parsed_seconds(result.feed.updated_parsed) == 0, path
    assert json.loads(written["current/feed.json"])["items"] == []


def test_scope_kinds_choose_the_new_streams_one_by_one():
    archive = streams_archive()
    for kind, folders in (
        ("categories", {f"categories/{category}/" for category in CATEGORIES}),
        ("urgent", {"urgent/"} | {f"areas/{area}/urgent/" for area in SETTINGS.areas}),
        ("current", {"current/"}),
    ):
        written = feeds.all_feeds(archive, {}, [kind], SITE, feeds.FeedOptions(), Path("."))
        assert {path.rsplit("/", 1)[0] + "/" for path in written} == folders, kind


def test_current_feed_keeps_the_newest_whatever_order_the_archive_lists_them_in():
    archive = archive_of(*(make_item(n) for n in (20, 21, 22, 23)))
    # Listed most severe first, say, rather than newest first: the feed still keeps
    # the newest, newest first.
    archive.__dict__["current_alerts"] = tuple(reversed(archive.current_alerts))
    written = feeds.all_feeds(
        archive, {}, ["current"], SITE, feeds.FeedOptions(entry_limit=2), Path(".")
    )
    assert written_titles(written, "current/atom.xml") == ["Alert number 23", "Alert number 22"]


def test_urgent_and_category_scopes_say_what_they_hold():
    fenland = feeds.urgent_scope("fenland", SETTINGS, SITE)
    assert fenland.title.startswith("Fenland: warnings and urgent alerts")
    assert "county-wide ones included" in fenland.description
    assert "whole county" in feeds.urgent_scope("county-wide", SETTINGS, SITE).description
    assert feeds.urgent_scope(None, SETTINGS, SITE).path == "urgent/"
    assert feeds.category_scope("road-safety", SITE).path == "categories/road-safety/"
    assert feeds.category_scope("fraud", SITE).title == f"Alerts: Fraud and scams – {SITE.name}"


# -- no two entries with the same updated -----------------------------------------


def test_distinct_times_keeps_the_highest_ranked_and_moves_the_others_a_second_back():
    noon = dt.datetime(2024, 5, 20, 12, tzinfo=dt.UTC)
    second = dt.timedelta(seconds=1)
    moved = feeds.distinct_times([(noon, 1), (noon, 2), (noon - second, 0), (noon, 0)])
    assert moved == [noon - second, noon, noon - 3 * second, noon - 2 * second]
    assert feeds.distinct_times([(noon, 0), (noon + second, 0)]) == [noon, noon + second]


def test_a_replaced_alert_keeps_its_own_updated_time():
    first = make_item(20, category="appeal")
    update = make_item(
        24, id="alerts/update", url="alerts/update/", supersedes=first.id, status="update"
    )
    archive = archive_of(first, update)
    entry = feeds.feed_entry(view_of(first, archive), "<p>Body.</p>", SITE, Path("."))
    assert entry.updated == first.date
    assert entry.content_html.startswith("<p><strong>This appeal was updated on")


@pytest.mark.parametrize("kind", ["atom", "json"])
def test_no_two_entries_of_a_feed_have_the_same_updated(kind):
    day = dt.datetime(2024, 5, 20, tzinfo=LONDON)
    same_day = [make_item(n, date=day, date_day_only=True) for n in (1, 2, 3)]
    replaced = make_item(4, date=dt.datetime(2024, 5, 10, tzinfo=LONDON))
    update = make_item(5, updated=day, date=dt.datetime(2024, 5, 19, tzinfo=LONDON))
    entries = [entry_of(item) for item in (*same_day, replaced, update)]
    if kind == "atom":
        root = etree.fromstring(both_formats(entries)["atom"])
        found = {
            e.findtext(f"{ATOM}title"): e.findtext(f"{ATOM}updated")
            for e in root.iter(f"{ATOM}entry")
        }
        feed_updated = root.findtext(f"{ATOM}updated")
    else:
        feed = json.loads(
            feeds.json_feed(feeds.site_scope(SITE), entries, SITE, feeds.FeedOptions())
        )
        found = {item["title"]: item["date_modified"] for item in feed["items"]}
        feed_updated = found["Alert number 3"]
    assert len(set(found.values())) == len(found) == 5
    # Published last, then the greatest GUID, keeps the time; each other a second earlier.
    assert found == {
        "Alert number 3": "2024-05-20T00:00:00+01:00",
        "Alert number 2": "2024-05-19T23:59:59+01:00",
        "Alert number 1": "2024-05-19T23:59:58+01:00",
        "Alert number 5": "2024-05-19T23:59:57+01:00",
        "Alert number 4": "2024-05-10T00:00:00+01:00",
    }
    assert feed_updated == "2024-05-20T00:00:00+01:00"  # still the latest time


# -- the stylesheet ------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["rss", "atom"])
def test_every_rss_and_atom_feed_names_the_sites_stylesheet(kind):
    data = both_formats([entry_of(make_item(1))])[kind]
    assert data.splitlines()[1] == b'<?xml-stylesheet type="text/xsl" href="/feed.xsl"?>'
    parsed(data)  # still a clean feed
    in_a_folder = dataclasses.replace(SITE, url="https://police.example.org/alerts/")
    scope = feeds.site_scope(in_a_folder)
    moved = getattr(feeds, f"{kind}_feed")(scope, [], in_a_folder, feeds.FeedOptions())
    assert b'href="/alerts/feed.xsl"' in moved.splitlines()[1]


@pytest.mark.parametrize("kind", ["rss", "atom"])
def test_the_stylesheet_shows_a_feed_as_a_page_that_explains_it(kind):
    item = make_item(1, title="Fish & chips <b>shop</b> break-in", summary="Vans & <i>tools</i>")
    data = both_formats([entry_of(item), entry_of(make_item(2))])[kind]
    transform = etree.XSLT(etree.fromstring(feeds.feed_stylesheet(SITE)))
    page = str(transform(etree.fromstring(data)))
    shown = lxml_html.fromstring(page)
    text = shown.text_content()
    assert "This is a news feed" in text
    assert "copy this page's address into your feed reader" in text
    assert "https://alerts.example.org/" + ("rss.xml" if kind == "rss" else "atom.xml") in text
    assert shown.findtext(".//h1") == SITE.name
    entries = [(a.text_content(), a.get("href")) for a in shown.iterfind(".//li/h3/a")]
    assert entries == [
        ("Alert number 2", "https://alerts.example.org/alerts/2024/alert-2/"),
        ("Fish & chips <b>shop</b> break-in", "https://alerts.example.org/alerts/2024/alert-1/"),
    ]
    assert "Vans & <i>tools</i>" in text  # text as written, never markup
    assert shown.find(".//b") is None and shown.find(".//i") is None
    assert shown.get("lang") == "en-GB"
