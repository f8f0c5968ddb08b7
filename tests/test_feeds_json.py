"""Unit tests of the JSON Feed 1.1 writer in render/feeds.py, checked against a JSON Schema
of the spec (tests/fixtures/jsonfeed-1.1.schema.json) and against the RSS and Atom twins."""

from __future__ import annotations

import datetime as dt
import json
import random
from functools import cache
from pathlib import Path
from typing import Any

import feedparser
import pytest
from community_alerts.core.archive import Archive
from community_alerts.core.item import Sender
from community_alerts.render import feeds
from community_alerts.render.present import ItemView
from jsonschema import Draft202012Validator
from test_feeds import HOSTILE_BODY, LONDON, NOW, SETTINGS, SITE, both_formats, entry_of, make_item

SCHEMA = Path(__file__).parent / "fixtures" / "jsonfeed-1.1.schema.json"


@cache
def _validator() -> Draft202012Validator:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)


def valid_json_feed(data: bytes) -> dict[str, Any]:
    """The feed read back, after checking its bytes and every rule of the schema."""
    assert data.endswith(b"}\n")
    feed = json.loads(data.decode("utf-8"))
    errors = [
        f"{'/'.join(map(str, error.absolute_path))}: {error.message}"
        for error in _validator().iter_errors(feed)
    ]
    assert errors == []
    return feed


def json_of(
    entries: list[feeds.FeedEntry],
    scope: feeds.FeedScope | None = None,
    options: feeds.FeedOptions | None = None,
) -> dict[str, Any]:
    return valid_json_feed(
        feeds.json_feed(
            scope or feeds.site_scope(SITE), entries, SITE, options or feeds.FeedOptions()
        )
    )


def test_the_schema_rejects_what_the_spec_forbids():
    good = {
        "version": feeds.JSON_FEED_VERSION,
        "title": "t",
        "items": [{"id": "1", "content_text": "x", "date_published": "2024-05-01T09:30:00Z"}],
    }
    assert list(_validator().iter_errors(good)) == []
    bad_items = [
        {"content_text": "x"},  # no id
        {"id": 1, "content_text": "x"},  # id not a string
        {"id": "1"},  # neither content_html nor content_text
        {"id": "1", "content_text": "x", "date_published": "2024-05-01 09:30"},
        {"id": "1", "content_text": "x", "date_modified": "2024-05-01T09:30:00"},  # no offset
        {"id": "1", "content_text": "x", "tags": "vans"},
        {"id": "1", "content_text": "x", "attachments": [{"url": "https://x.org/a.png"}]},
        {"id": "1", "content_text": "x", "author": {"name": "JSON Feed 1.0 only"}},
    ]
    for item in bad_items:
        assert list(_validator().iter_errors({**good, "items": [item]})), item
    for key in ("version", "title", "items"):
        assert list(_validator().iter_errors({k: v for k, v in good.items() if k != key})), key
    assert list(_validator().iter_errors({**good, "version": "https://jsonfeed.org/version/1"}))


def test_feed_names_its_scope_home_page_and_own_address():
    scope = feeds.area_scope("fenland", SETTINGS, SITE)
    feed = json_of([entry_of(make_item(1))], scope)
    assert {key: value for key, value in feed.items() if key != "items"} == {
        "version": "https://jsonfeed.org/version/1.1",
        "title": "Fenland – Cambs <Community> & Alerts",
        "home_page_url": "https://alerts.example.org/areas/fenland/",
        "feed_url": "https://alerts.example.org/areas/fenland/feed.json",
        "description": scope.description,
        "language": "en-GB",
        "authors": [{"name": "Cambs <Community> & Alerts"}],
    }


def test_item_carries_the_same_guid_link_dates_and_html_as_atom():
    item = make_item(
        1,
        title="Fish & chips <b>not bold</b>",
        summary="Scams <i>& more</i>",
        updated=dt.datetime(2024, 5, 2, 10, tzinfo=LONDON),
        sender=Sender("PC Jo Smith", "Beat manager"),
        tags=("vans",),
    )
    entry = entry_of(item, "<p>Fish &amp; chips</p>")
    (json_item,) = json_of([entry])["items"]
    assert json_item == {
        "id": "tag:alerts.example.org,2024:alerts/2024/alert-1",
        "url": "https://alerts.example.org/alerts/2024/alert-1/",
        "title": "Fish & chips <b>not bold</b>",  # plain text in JSON Feed: as written
        "content_html": "<p>Fish &amp; chips</p>",
        "summary": "Scams <i>& more</i>",
        "date_published": "2024-05-01T09:30:00+01:00",
        "date_modified": "2024-05-02T10:00:00+01:00",
        "authors": [{"name": "PC Jo Smith, Beat manager"}],
        "tags": ["Theft", "Cambridge", "vans"],
    }
    atom = feedparser.parse(both_formats([entry])["atom"]).entries[0]
    assert (atom.id, atom.link, atom.content[0].value) == (
        json_item["id"],
        json_item["url"],
        json_item["content_html"],
    )


def test_tags_are_the_labels_each_once():
    item = make_item(1, category="theft", areas=("cambridge",), tags=("Theft", "Cambridge", "x"))
    (json_item,) = json_of([entry_of(item)])["items"]
    assert json_item["tags"] == ["Theft", "Cambridge", "x"]


def test_image_is_the_item_image_and_an_attachment(tmp_path):
    image = tmp_path / "alerts" / "2024" / "van.jpg"
    image.parent.mkdir(parents=True)
    image.write_bytes(b"\xff\xd8" + bytes(198))
    item = make_item(1, image="alerts/2024/van.jpg", image_alt="A van")
    entry = feeds.feed_entry(ItemView(item, NOW, SETTINGS), "<p>x</p>", SITE, tmp_path)
    (json_item,) = json_of([entry])["items"]
    url = "https://alerts.example.org/alerts/2024/van.jpg"
    assert json_item["image"] == url
    assert json_item["attachments"] == [
        {"url": url, "mime_type": "image/jpeg", "size_in_bytes": 200}
    ]


def test_summary_only_items_carry_the_summary_as_text_and_no_html():
    entries = [
        entry_of(make_item(1), HOSTILE_BODY, full_content=False),
        entry_of(make_item(2, summary=""), None),
    ]
    by_id = {item["id"]: item for item in json_of(entries)["items"]}
    first, second = (by_id[feeds.guid_for(make_item(n), SITE)] for n in (1, 2))
    assert "content_html" not in first and first["content_text"] == "Summary of alert 1."
    # JSON Feed requires content: with no summary either, the title stands in.
    assert second["content_text"] == "Alert number 2" and "summary" not in second


def test_hostile_body_never_reaches_the_json_bytes():
    data = (
        feeds.json_feed(
            feeds.site_scope(SITE),
            [entry_of(make_item(1), HOSTILE_BODY)],
            SITE,
            feeds.FeedOptions(),
        )
        .decode()
        .lower()
    )
    for hostile in ("<script", "alert(", "onerror", "javascript:", "iframe", "data:image"):
        assert hostile not in data


def test_same_order_and_limit_as_rss_and_atom():
    entries = [entry_of(make_item(n)) for n in range(1, 11)]
    random.Random(7).shuffle(entries)
    options = feeds.FeedOptions(entry_limit=4)
    json_ids = [item["id"] for item in json_of(entries, options=options)["items"]]
    for data in both_formats(entries, options=options).values():
        assert [entry.id for entry in feedparser.parse(data).entries] == json_ids
    assert json_ids == [feeds.guid_for(make_item(n), SITE) for n in (10, 9, 8, 7)]


def test_bytes_are_utf8_with_fixed_key_order_whatever_the_entry_order():
    item = make_item(1, title="Catalytic converter thefts – “act now” … £500 reward")
    entries = [entry_of(make_item(n)) for n in (2, 3)] + [entry_of(item)]
    data = feeds.json_feed(feeds.site_scope(SITE), entries, SITE, feeds.FeedOptions())
    assert data == feeds.json_feed(
        feeds.site_scope(SITE), list(reversed(entries)), SITE, feeds.FeedOptions()
    )
    assert "“act now” … £500".encode() in data  # written as UTF-8, not \u escapes
    assert list(json.loads(data)) == [
        "version",
        "title",
        "home_page_url",
        "feed_url",
        "description",
        "language",
        "authors",
        "items",
    ]


def test_an_empty_feed_is_valid():
    assert json_of([])["items"] == []


@pytest.mark.parametrize("json_feed", [True, False])
def test_page_links_name_the_json_feed_only_when_it_is_written(json_feed):
    head, _ = feeds.page_feeds(["site"], SETTINGS, SITE, json_feed=json_feed)
    assert head[0].json == ("https://alerts.example.org/feed.json" if json_feed else None)


def test_all_feeds_writes_a_json_feed_beside_each_rss_feed():
    archive = Archive((make_item(1), make_item(2, areas=("fenland",))), NOW, SETTINGS)
    written = feeds.all_feeds(
        archive, {}, list(feeds.SCOPE_KINDS), SITE, feeds.FeedOptions(), Path(".")
    )
    rss = [path for path in written if path.endswith("rss.xml")]
    # The site, 3 sections, 7 areas, 8 categories, the urgent alerts of the site and of
    # each area, the current alerts.
    assert len(rss) == 1 + 3 + 7 + 8 + (1 + 7) + 1
    assert {path for path in written if path.endswith("feed.json")} == {
        path.replace("rss.xml", "feed.json") for path in rss
    }
    for path in rss:
        ids = [
            item["id"]
            for item in valid_json_feed(written[path.replace("rss.xml", "feed.json")])["items"]
        ]
        assert ids == [entry.id for entry in feedparser.parse(written[path]).entries], path
