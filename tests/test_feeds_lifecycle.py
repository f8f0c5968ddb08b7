"""Updates and withdrawals in feeds (issue 9): the update is an entry of its own, and the
old entry keeps its GUID, is dated as changed when the newer message was published, and
opens with a line linking it. Unit tests of render/feeds.py, then the outputs fixture site."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import feedparser
import pytest
from community_alerts.core.archive import Archive
from community_alerts.core.item import Item
from community_alerts.render import feeds
from lxml import etree
from outputs_site import SITE_URL, build_outputs_site, outputs_build
from sitebuild import Build
from test_feeds import LONDON, NOW, SETTINGS, SITE, make_item, parsed
from test_feeds_json import valid_json_feed

ATOM = "{http://www.w3.org/2005/Atom}"
CONTENT = "{http://purl.org/rss/1.0/modules/content/}encoded"

APPEAL = make_item(
    1,
    id="appeal",
    url="alerts/appeal/",
    title="Appeal after shed break-ins",
    category="appeal",
    areas=("fenland",),
)
UPDATE = make_item(
    5,
    id="appeal-update",
    url="alerts/appeal-update/",
    category="appeal",
    title='Update: arrest <made> & "charged"',
    status="update",
    supersedes="appeal",
    areas=("fenland",),
)
WARNING = make_item(
    2,
    id="ely-bank-calls",
    url="alerts/ely-bank-calls/",
    category="fraud",
    title="Fake bank calls in Ely",
    severity="urgent",
)
CANCEL = make_item(
    7,
    id="ely-bank-calls-withdrawn",
    url="alerts/ely-withdrawn/",
    category="fraud",
    title="Bank call warning withdrawn",
    status="cancel",
    supersedes="ely-bank-calls",
)


def site_feeds(*items: Item, full_content: bool = True) -> dict[str, bytes]:
    """The site's three feeds as all_feeds writes them over an archive of `items`."""
    return feeds.all_feeds(
        Archive(items, NOW, SETTINGS),
        {item.id: f"<p>Body of {item.id}.</p>" for item in items},
        ["site"],
        SITE,
        feeds.FeedOptions(full_content=full_content),
        Path("."),
    )


def json_items(*items: Item, full_content: bool = True) -> dict[str, dict[str, Any]]:
    """The site's JSON Feed items by item id (the end of each GUID), newest first."""
    data = site_feeds(*items, full_content=full_content)["feed.json"]
    return {entry["id"].rsplit(":", 1)[1]: entry for entry in valid_json_feed(data)["items"]}


def test_replaced_alert_keeps_its_guid_and_dates_and_links_the_update():
    found = json_items(APPEAL, UPDATE, WARNING, CANCEL)
    appeal = found["appeal"]
    assert appeal["id"] == feeds.guid_for(APPEAL, SITE)
    assert appeal["date_published"] == "2024-05-01T09:30:00+01:00"
    # Its own: the update's date would give two entries the same updated.
    assert appeal["date_modified"] == "2024-05-01T09:30:00+01:00"
    assert appeal["content_html"] == (
        "<p><strong>This appeal was updated on Sunday 5 May 2024, 09:30.</strong> "
        '<a href="https://alerts.example.org/alerts/appeal-update/">Read the update: '
        "Update: arrest &lt;made&gt; &amp; &quot;charged&quot;</a></p>\n"
        "<p>Body of appeal.</p>"
    )
    warning = found["ely-bank-calls"]
    assert warning["date_modified"] == "2024-05-02T09:30:00+01:00"
    assert warning["content_html"].startswith(
        "<p><strong>This warning was withdrawn on Tuesday 7 May 2024, 09:30.</strong> "
        '<a href="https://alerts.example.org/alerts/ely-withdrawn/">Read the withdrawal: '
        "Bank call warning withdrawn</a></p>\n"
    )


def test_the_update_and_the_withdrawal_are_entries_of_their_own():
    found = json_items(APPEAL, UPDATE, WARNING, CANCEL)
    for item in (UPDATE, CANCEL):
        own = found[item.id]
        assert own["id"] == feeds.guid_for(item, SITE)
        assert own["date_published"] == own["date_modified"] == item.date.isoformat()
        assert own["content_html"] == f"<p>Body of {item.id}.</p>"
    # Newest first by publication: the old entries stay where they were.
    assert list(found) == ["ely-bank-calls-withdrawn", "appeal-update", "ely-bank-calls", "appeal"]


@pytest.mark.parametrize("kind", ["rss.xml", "atom.xml"])
def test_rss_and_atom_carry_the_same_change(kind):
    written = site_feeds(APPEAL, UPDATE)
    entry = parsed(written[kind]).entries[-1]
    assert entry.id == feeds.guid_for(APPEAL, SITE)
    assert entry.content[0].value.startswith("<p><strong>This appeal was updated on ")
    if kind == "atom.xml":
        atom = etree.fromstring(written[kind]).findall(f"{ATOM}entry")[-1]
        assert atom.findtext(f"{ATOM}updated") == "2024-05-01T09:30:00+01:00"
        assert atom.findtext(f"{ATOM}published") == "2024-05-01T09:30:00+01:00"
    else:
        # RSS has no updated date: pubDate stays the first publication.
        rss = etree.fromstring(written[kind]).findall("channel/item")[-1]
        assert rss.findtext("pubDate") == "Wed, 01 May 2024 09:30:00 +0100"


def test_summary_only_feeds_still_open_a_replaced_entry_with_the_link():
    found = json_items(APPEAL, UPDATE, full_content=False)
    assert found["appeal"]["content_html"].endswith("</a></p>\n<p>Summary of alert 1.</p>")
    assert "content_html" not in found["appeal-update"]


def test_an_unpublished_successor_changes_nothing():
    draft = make_item(5, id="draft-update", status="update", supersedes="appeal", draft=True)
    future = make_item(
        6,
        id="future-update",
        status="update",
        supersedes="appeal",
        date=dt.datetime(2024, 7, 1, tzinfo=LONDON),
    )
    appeal = json_items(APPEAL, draft, future)["appeal"]
    assert appeal["date_modified"] == appeal["date_published"]
    assert appeal["content_html"] == "<p>Body of appeal.</p>"


def test_a_withdrawn_chain_marks_each_message_withdrawn():
    second = make_item(
        9,
        id="appeal-closed",
        url="alerts/appeal-closed/",
        category="appeal",
        status="cancel",
        supersedes="appeal-update",
    )
    found = json_items(APPEAL, UPDATE, second)
    # The first message of the chain too: the withdrawal named its update.
    for ident in ("appeal", "appeal-update"):
        assert found[ident]["content_html"].startswith(
            "<p><strong>This appeal was withdrawn on Thursday 9 May 2024, 09:30.</strong> "
            '<a href="https://alerts.example.org/alerts/appeal-closed/">'
        )
    assert "appeal-update/" not in found["appeal"]["content_html"]


def test_a_later_own_update_is_kept_as_the_entry_date():
    edited = make_item(
        1,
        id="appeal",
        url="alerts/appeal/",
        category="appeal",
        updated=dt.datetime(2024, 5, 20, tzinfo=LONDON),
    )
    assert json_items(edited, UPDATE)["appeal"]["date_modified"] == "2024-05-20T00:00:00+01:00"


# -- the outputs fixture site ----------------------------------------------------

APPEAL_GUID = "tag:alerts.example.org,2024:alerts/2024/appeal"
UPDATE_GUID = "tag:alerts.example.org,2024:alerts/2024/appeal-update"
WARNING_GUID = "tag:alerts.example.org,2024:ely-bank-calls"
CANCEL_GUID = "tag:alerts.example.org,2024:alerts/2024/warning-cancel"
APPEAL_NOTICE = (
    "<p><strong>This appeal was updated on Saturday 25 May 2024, 10:00.</strong> "
    f'<a href="{SITE_URL}alerts/2024/appeal-update/">'
    "Read the update: Update: arrest after shed break-ins in March</a></p>\n"
)
WARNING_NOTICE = (
    "<p><strong>This warning was withdrawn on Tuesday 28 May 2024, 16:00.</strong> "
    f'<a href="{SITE_URL}alerts/2024/warning-cancel/">Read the withdrawal: '
    "Bank call warning withdrawn</a></p>\n"
)


def feed_files(build: Build) -> dict[str, bytes]:
    return {
        str(path.relative_to(build.site)): path.read_bytes()
        for name in ("rss.xml", "atom.xml", "feed.json")
        for path in sorted(build.site.rglob(name))
    }


def site_entries(build: Build, scope: str) -> dict[str, dict[str, str]]:
    """Each entry of a scope's three feeds by GUID: its content and (Atom, JSON) updated."""
    atom = etree.fromstring((build.site / scope / "atom.xml").read_bytes())
    rss = etree.fromstring((build.site / scope / "rss.xml").read_bytes())
    items = valid_json_feed((build.site / scope / "feed.json").read_bytes())["items"]
    found: dict[str, dict[str, str]] = {}
    for entry in atom.iter(f"{ATOM}entry"):
        found[entry.findtext(f"{ATOM}id")] = {
            "atom_updated": entry.findtext(f"{ATOM}updated"),
            "atom_content": entry.findtext(f"{ATOM}content"),
        }
    for item in rss.iter("item"):
        found[item.findtext("guid")]["rss_content"] = item.findtext(CONTENT)
    for item in items:
        found[item["id"]] |= {
            "json_updated": item["date_modified"],
            "json_content": item["content_html"],
        }
    return found


@pytest.fixture(scope="module")
def built() -> Build:
    return outputs_build()


@pytest.mark.parametrize("scope", ["", "alerts", "areas/fenland"])
def test_site_appeal_keeps_its_guid_and_dates_and_links_its_update(built, scope):
    found = site_entries(built, scope)
    appeal = found[APPEAL_GUID]
    assert appeal["atom_updated"] == appeal["json_updated"] == "2024-05-20T09:00:00+01:00"
    for kind in ("atom_content", "rss_content", "json_content"):
        assert appeal[kind].startswith(APPEAL_NOTICE + "<p>Two sheds were broken into"), kind
    update = found[UPDATE_GUID]
    assert update["atom_updated"] == "2024-05-25T10:00:00+01:00"
    assert "This appeal was updated" not in update["atom_content"]


@pytest.mark.parametrize("scope", ["", "alerts", "areas/east-cambridgeshire"])
def test_site_withdrawn_warning_links_the_withdrawal_which_is_its_own_entry(built, scope):
    found = site_entries(built, scope)
    warning = found[WARNING_GUID]
    assert warning["atom_updated"] == warning["json_updated"] == "2024-05-22T00:00:00+01:00"
    for kind in ("atom_content", "rss_content", "json_content"):
        assert warning[kind].startswith(WARNING_NOTICE), kind
    assert found[CANCEL_GUID]["atom_updated"] == "2024-05-28T16:00:00+01:00"
    assert not found[CANCEL_GUID]["atom_content"].startswith("<p><strong>")


def test_site_area_without_the_withdrawal_still_marks_the_warning(built):
    # The warning is county-wide; its withdrawal names East Cambridgeshire only.
    found = site_entries(built, "areas/cambridge")
    assert CANCEL_GUID not in found
    assert found[WARNING_GUID]["json_content"].startswith(WARNING_NOTICE)


def test_site_lifecycle_feeds_parse_and_list_every_message_once(built):
    for path, data in feed_files(built).items():
        if path.endswith(".json"):
            ids = [item["id"] for item in valid_json_feed(data)["items"]]
        else:
            result = feedparser.parse(data)
            assert not result.bozo, (path, result.get("bozo_exception"))
            ids = [entry.id for entry in result.entries]
        assert len(ids) == len(set(ids)), path
    root = [item["id"] for item in json.loads((built.site / "feed.json").read_bytes())["items"]]
    assert {APPEAL_GUID, UPDATE_GUID, WARNING_GUID, CANCEL_GUID} <= set(root)


def test_site_feeds_are_byte_identical_across_two_builds(built, tmp_path):
    again = build_outputs_site(tmp_path)
    assert feed_files(again) == feed_files(built)
