"""Integration: feeds and feed links of fixture sites built strict with the project's mkdocs.yml."""

from __future__ import annotations

import calendar
import html
import json
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import feedparser
import pytest
from lxml import etree
from sitebuild import Build, FixtureSite, alert
from test_feeds_json import valid_json_feed

SITE_URL = "https://alerts.example.org/"
AREAS = (
    "cambridge",
    "south-cambridgeshire",
    "east-cambridgeshire",
    "fenland",
    "huntingdonshire",
    "peterborough",
    "county-wide",
)
SCOPES = ("", "alerts/", "court-news/", "guides/") + tuple(f"areas/{a}/" for a in AREAS)
FEEDS = tuple(scope + name for scope in SCOPES for name in ("rss.xml", "atom.xml"))
JSON_FEEDS = tuple(scope + "feed.json" for scope in SCOPES)
ESCAPED_TITLE = "Fish & chips <b>shop</b> break-in: 3 < 4 > 2"
HOSTILE_BODY = """
Tools were taken from vans overnight. See [the county-wide alert](county-wide-scam.md).

<script>alert(1)</script>

<iframe src="https://evil.example/"></iframe>

<p onclick="alert(2)">Call 101 to report it.</p>

<a href="javascript:alert(3)">Harmless looking link</a>

![A white van](images/van.png)

<img src="x.png" onerror="alert(4)" alt="broken">

<img src="data:image/png;base64,iVBORw0KGgo=" alt="embedded">
"""
# Drafts and future items carry tokens found nowhere else, so a search finds any leak.
UNPUBLISHED = ("qwxzebra", "qwxokapi")
PNG = b"\x89PNG\r\n\x1a\n" + bytes(92)


def write_content(site: FixtureSite) -> None:
    site.write(
        "alerts/2024/county-wide-scam.md",
        alert(
            "Courier fraud across the county",
            "2024-05-20T09:00",
            category="fraud",
            areas="[county-wide]",
            updated="2024-05-31T18:45",
        ),
    )
    site.write(
        "alerts/2024/van-thefts.md",
        alert(
            "Van thefts in Ely",
            "2024-05-30T10:00",
            areas="[east-cambridgeshire]",
            tags="[vans, tools]",
            image="images/van.png",
            image_alt="A white van",
            sender="{name: PC Jo Smith, role: Beat manager}",
            id="van-thefts-ely",
        ).replace("Tools were taken from vans overnight.\n", HOSTILE_BODY),
    )
    site.write("alerts/2024/images/van.png", PNG)
    site.write(
        "alerts/2024/escaped.md",
        alert(
            f"'{ESCAPED_TITLE}'",
            "2024-05-28T08:15",
            areas="[cambridge]",
            summary="'Summary with <b>tags</b> & an ampersand'",
        ),
    )
    site.write(
        "alerts/2024/expired.md", alert("Old expired alert", "2024-01-10", areas="[fenland]")
    )
    site.write("alerts/2024/draft.md", alert("Draft qwxzebra", "2024-05-29", draft="true"))
    site.write("alerts/2024/future.md", alert("Future qwxokapi", "2024-07-01"))
    site.write(
        "court-news/2024/week-21.md",
        """\
        ---
        title: Court news, week 21
        date: 2024-05-24
        areas: [peterborough]
        cases:
          - headline: Burglar jailed
            url: https://www.example.org/news/1
        ---
        """,
    )
    site.write(
        "guides/locks.md",
        """\
        ---
        title: Choosing good locks
        date: 2024-03-02
        areas: [huntingdonshire, cambridge]
        ---

        Fit locks to British Standard BS 3621.
        """,
    )


def feed_paths(site: Path, paths: tuple[str, ...] = FEEDS + JSON_FEEDS) -> dict[str, bytes]:
    return {path: (site / path).read_bytes() for path in paths}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Build:
    site = FixtureSite(tmp_path_factory.mktemp("feeds-site"))
    write_content(site)
    build = site.build()
    assert build.returncode == 0, build.output
    return build


@pytest.fixture(scope="module")
def parsed(built: Build) -> dict[str, feedparser.FeedParserDict]:
    return {path: feedparser.parse((built.site / path).read_bytes()) for path in FEEDS}


def titles(feed: feedparser.FeedParserDict) -> list[str]:
    return [entry.title for entry in feed.entries]


def test_every_scope_has_both_feeds_and_each_parses_cleanly(parsed):
    for path, feed in parsed.items():
        assert not feed.bozo, (path, feed.get("bozo_exception"))
        assert feed.version == ("rss20" if path.endswith("rss.xml") else "atom10"), path


def test_entry_counts_per_scope(parsed):
    counts = {path: len(feed.entries) for path, feed in parsed.items() if "rss" in path}
    assert counts == {
        "rss.xml": 6,
        "alerts/rss.xml": 4,
        "court-news/rss.xml": 1,
        "guides/rss.xml": 1,
        # Every area holds the county-wide alert as well as its own messages.
        "areas/cambridge/rss.xml": 3,
        "areas/south-cambridgeshire/rss.xml": 1,
        "areas/east-cambridgeshire/rss.xml": 2,
        "areas/fenland/rss.xml": 2,
        "areas/huntingdonshire/rss.xml": 2,
        "areas/peterborough/rss.xml": 2,
        "areas/county-wide/rss.xml": 1,
    }
    for path in counts:
        assert len(parsed[path.replace("rss.xml", "atom.xml")].entries) == counts[path]


def test_county_wide_items_are_in_every_area_feed(parsed):
    for area in AREAS:
        for name in ("rss.xml", "atom.xml"):
            assert "Courier fraud across the county" in titles(parsed[f"areas/{area}/{name}"])


def test_entries_newest_first(parsed):
    assert titles(parsed["atom.xml"]) == [
        "Van thefts in Ely",
        ESCAPED_TITLE,
        "Court news, week 21",
        "Courier fraud across the county",
        "Choosing good locks",
        "Old expired alert",
    ]
    for path, feed in parsed.items():
        published = [calendar.timegm(entry.published_parsed) for entry in feed.entries]
        assert published == sorted(published, reverse=True), path


def test_feed_date_is_its_newest_entry_date(parsed):
    for scope in SCOPES:
        # RSS items carry no updated date, so the Atom twin says what the newest is.
        newest = max(calendar.timegm(e.updated_parsed) for e in parsed[scope + "atom.xml"].entries)
        for name in ("rss.xml", "atom.xml"):
            assert calendar.timegm(parsed[scope + name].feed.updated_parsed) == newest, scope
    # The county-wide alert was updated after the newest message was published.
    assert parsed["atom.xml"].feed.updated == "2024-05-31T18:45:00+01:00"


def test_drafts_and_future_items_are_absent(built):
    for path, data in feed_paths(built.site).items():
        for token in UNPUBLISHED:
            assert token.encode() not in data, (path, token)


def test_expired_alerts_stay_in_feeds(parsed):
    assert "Old expired alert" in titles(parsed["alerts/atom.xml"])


def test_hostile_html_is_absent_from_every_feed(built):
    for path, data in feed_paths(built.site).items():
        text = data.decode().lower()
        for hostile in (
            "<script",
            "&lt;script",
            "alert(",
            "onclick",
            "onerror",
            "javascript:",
            "iframe",
            "data:image",
        ):
            assert hostile not in text, (path, hostile)


def test_titles_and_summaries_are_escaped_and_read_back_as_written(built, parsed):
    for path, data in feed_paths(built.site).items():
        if path in ("atom.xml", "areas/cambridge/atom.xml"):
            assert b"Fish &amp; chips &lt;b&gt;shop&lt;/b&gt;" in data, path
        if path in ("rss.xml", "alerts/rss.xml"):  # HTML-escaped, then XML-escaped
            assert b"Fish &amp;amp; chips &amp;lt;b&amp;gt;shop&amp;lt;/b&amp;gt;" in data, path
            assert b"<b>shop" not in data, path
    entry = parsed["atom.xml"].entries[1]
    assert entry.title == ESCAPED_TITLE
    # An RSS title is HTML-escaped before XML-escaping (readers may take it as HTML), so a
    # reader that shows it as HTML shows the writer's text, and markup never becomes live.
    assert parsed["rss.xml"].entries[1].title == html.escape(ESCAPED_TITLE, quote=False)
    assert entry.summary == "Summary with <b>tags</b> & an ampersand"
    # RSS description is HTML: the summary is HTML-escaped, then XML-escaped.
    rss = etree.fromstring((built.site / "rss.xml").read_bytes())
    descriptions = [item.findtext("description") for item in rss.iter("item")]
    assert "Summary with &lt;b&gt;tags&lt;/b&gt; &amp; an ampersand" in descriptions
    assert parsed["rss.xml"].entries[1].summary == (
        "Summary with &lt;b&gt;tags&lt;/b&gt; &amp; an ampersand"
    )


class _Urls(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.urls += [value or "" for name, value in attrs if name in ("href", "src")]


def urls_in(html: str) -> list[str]:
    parser = _Urls()
    parser.feed(html)
    return parser.urls


def test_every_link_and_url_in_content_is_absolute(built):
    atom = "{http://www.w3.org/2005/Atom}"
    content_encoded = "{http://purl.org/rss/1.0/modules/content/}encoded"
    for path, data in feed_paths(built.site, FEEDS).items():
        root = etree.fromstring(data)
        for link in root.iter("link", f"{atom}link"):
            assert (link.get("href") or link.text).startswith(SITE_URL), path
        for content in root.iter(f"{atom}content", content_encoded):
            for url in urls_in(content.text):
                assert re.match(r"https?://|mailto:|tel:", url), (path, url)
    van = feedparser.parse((built.site / "alerts/atom.xml").read_bytes()).entries[0]
    body = van.content[0].value
    assert f'href="{SITE_URL}alerts/2024/county-wide-scam/"' in body
    assert f'src="{SITE_URL}alerts/2024/images/van.png"' in body


def test_image_is_an_enclosure_with_type_and_length(built):
    rss = etree.fromstring((built.site / "rss.xml").read_bytes())
    enclosures = [dict(e.attrib) for e in rss.iter("enclosure")]
    assert enclosures == [
        {
            "url": f"{SITE_URL}alerts/2024/images/van.png",
            "length": str(len(PNG)),
            "type": "image/png",
        }
    ]


def test_entry_guids_links_authors_and_categories(parsed):
    van = parsed["rss.xml"].entries[0]
    assert van.id == "tag:alerts.example.org,2024:van-thefts-ely"
    assert van.guidislink is False
    assert van.link == f"{SITE_URL}alerts/2024/van-thefts/"
    assert van.author == "PC Jo Smith, Beat manager"
    assert [tag.term for tag in van.tags] == ["Theft", "East Cambridgeshire", "vans", "tools"]
    court = parsed["court-news/atom.xml"].entries[0]
    assert court.id == "tag:alerts.example.org,2024:court-news/2024/week-21"
    assert "Burglar jailed" in court.content[0].value  # the cases are part of the body


def test_rss_channels_have_a_short_ttl(built):
    for path in FEEDS:
        if path.endswith("rss.xml"):
            assert (
                etree.fromstring((built.site / path).read_bytes()).findtext("channel/ttl") == "15"
            )


def test_each_feed_says_which_scope_and_links_itself(built, parsed):
    assert parsed["areas/fenland/atom.xml"].feed.title.startswith("Fenland")
    assert parsed["court-news/rss.xml"].feed.title.startswith("Court news")
    for path, feed in parsed.items():
        self_links = [link.href for link in feed.feed.links if link.rel == "self"]
        assert self_links == [SITE_URL + path]


# -- JSON Feed -------------------------------------------------------------------


@pytest.fixture(scope="module")
def json_feeds(built: Build) -> dict[str, dict]:
    """Every scope's feed.json, checked against the JSON Feed 1.1 schema, by its scope."""
    return {
        path.removesuffix("feed.json"): valid_json_feed((built.site / path).read_bytes())
        for path in JSON_FEEDS
    }


def test_every_json_feed_has_the_same_entries_in_the_same_order_as_its_twins(json_feeds, parsed):
    for scope, feed in json_feeds.items():
        ids = [item["id"] for item in feed["items"]]
        for name in ("rss.xml", "atom.xml"):
            assert ids == [entry.id for entry in parsed[scope + name].entries], scope + name
        assert feed["title"] == parsed[scope + "atom.xml"].feed.title
        assert feed["home_page_url"] == SITE_URL + scope
        assert feed["feed_url"] == SITE_URL + scope + "feed.json"
        assert feed["language"] == "en-GB"


def test_json_items_carry_the_atom_content_dates_and_links(built, json_feeds):
    atom = "{http://www.w3.org/2005/Atom}"
    for scope, feed in json_feeds.items():
        # Read with lxml: feedparser rewrites the HTML it hands over.
        entries = etree.fromstring((built.site / scope / "atom.xml").read_bytes()).findall(
            f"{atom}entry"
        )
        for item, entry in zip(feed["items"], entries, strict=True):
            assert item["url"] == entry.find(f"{atom}link").get("href")
            assert item["content_html"] == entry.findtext(f"{atom}content")
            assert item["date_published"] == entry.findtext(f"{atom}published")
            assert item["date_modified"] == entry.findtext(f"{atom}updated")
            for url in urls_in(item["content_html"]) + [item["url"]]:
                assert re.match(r"https?://|mailto:|tel:", url), (scope, url)


def test_json_items_name_their_sender_tags_and_image(json_feeds):
    van = json_feeds[""]["items"][0]
    assert van["title"] == "Van thefts in Ely"
    assert van["authors"] == [{"name": "PC Jo Smith, Beat manager"}]
    assert van["tags"] == ["Theft", "East Cambridgeshire", "vans", "tools"]
    image = f"{SITE_URL}alerts/2024/images/van.png"
    assert van["image"] == image
    assert van["attachments"] == [
        {"url": image, "mime_type": "image/png", "size_in_bytes": len(PNG)}
    ]
    escaped = json_feeds[""]["items"][1]
    assert escaped["title"] == ESCAPED_TITLE  # JSON Feed titles are plain text
    assert escaped["summary"] == "Summary with <b>tags</b> & an ampersand"


def test_json_feeds_are_utf8_and_end_with_a_newline(built):
    for path, data in feed_paths(built.site, JSON_FEEDS).items():
        assert data.endswith(b"\n") and not data.endswith(b"\n\n"), path
        assert json.loads(data.decode("utf-8")), path


# -- pages ---------------------------------------------------------------------


FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/feed+json")


class _Head(HTMLParser):
    """The alternate feed links in a page's <head>."""

    def __init__(self) -> None:
        super().__init__()
        self.in_head = False
        self.feeds: list[tuple[str, str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "head":
            self.in_head = True
        elif (
            tag == "link"
            and self.in_head
            and found.get("rel") == "alternate"
            and (found.get("type") in FEED_TYPES)
        ):
            self.feeds.append((found["type"], found.get("title") or "", found["href"] or ""))

    def handle_endtag(self, tag: str) -> None:
        if tag == "head":
            self.in_head = False


def head_feeds(html: str) -> list[str]:
    parser = _Head()
    parser.feed(html)
    assert all(title for _, title, _ in parser.feeds)
    return [href for _, _, href in parser.feeds]


def test_every_html_page_links_the_site_feeds_in_its_head(built):
    # Pages are what the theme renders; other HTML files (emails to paste into a
    # mailing service) are documents of their own.
    pages = {p: p.read_text(encoding="utf-8") for p in built.site.rglob("*.html")}
    pages = {p: html for p, html in pages.items() if 'name="generator" content="mkdocs-' in html}
    assert {
        built.site / "404.html",
        built.site / "index.html",
        built.site / "alerts/2024/van-thefts/index.html",
    } <= set(pages)
    for page, page_html in pages.items():
        assert head_feeds(page_html)[:3] == [SITE_URL + name for name in FEED_NAMES], page


FEED_NAMES = ("rss.xml", "atom.xml", "feed.json")
ATOM = "{http://www.w3.org/2005/Atom}"


def test_pages_link_their_own_section_and_area_feeds(built):
    van = head_feeds(built.read("alerts/2024/van-thefts/index.html"))
    assert van == [
        SITE_URL + scope + name
        for scope in ("", "alerts/", "areas/east-cambridgeshire/")
        for name in FEED_NAMES
    ]
    assert head_feeds(built.read("guides/index.html"))[3:] == [
        SITE_URL + "guides/" + name for name in FEED_NAMES
    ]
    assert head_feeds(built.read("areas/fenland/index.html"))[3:] == [
        SITE_URL + scope + name
        for scope in ("areas/fenland/", "areas/fenland/urgent/")
        for name in FEED_NAMES
    ]
    json_links = re.findall(
        r'<link rel="alternate" type="application/feed\+json" '
        r'title="([^"]+)" href="([^"]+)"',
        built.read("areas/fenland/index.html"),
    )
    assert json_links[1] == (
        "Fenland – Cambridgeshire Community Alerts (JSON Feed)",
        SITE_URL + "areas/fenland/feed.json",
    )


def test_listing_and_area_pages_show_subscribe_links(built):
    for page, feed in (
        ("alerts/index.html", "alerts/"),
        ("areas/fenland/index.html", "areas/fenland/"),
    ):
        html = built.read(page)
        assert ">Subscribe</h2>" in html
        assert f'href="{SITE_URL}{feed}rss.xml"' in html
        assert f'href="{SITE_URL}{feed}atom.xml"' in html
        assert (
            f'<a href="{SITE_URL}{feed}feed.json" type="application/feed+json">JSON Feed</a>'
            in html
        )
    areas = built.read("areas/index.html")
    for area in AREAS:
        assert f'href="{SITE_URL}areas/{area}/atom.xml"' in areas


# -- rebuilds ------------------------------------------------------------------


def test_two_builds_give_byte_identical_feeds(tmp_path):
    site = FixtureSite(tmp_path)
    write_content(site)
    first = site.build()
    assert first.returncode == 0, first.output
    before = feed_paths(first.site)
    second = site.build()
    assert second.returncode == 0, second.output
    assert feed_paths(second.site) == before


def test_guids_survive_a_rename_with_an_id_and_a_title_edit(tmp_path):
    site = FixtureSite(tmp_path)
    site.write("alerts/van-thefts.md", alert("Van thefts", id="van-thefts-2024"))
    site.write("alerts/other.md", alert("Other alert", "2024-05-29T10:00"))
    first = feedparser.parse((site.build().site / "atom.xml").read_bytes())
    (tmp_path / "content" / "alerts" / "van-thefts.md").unlink()
    site.write(
        "alerts/2024/van-thefts-renamed.md",
        alert("'Van thefts: arrest made'", id="van-thefts-2024"),
    )
    site.write("alerts/other.md", alert("Other alert, title edited", "2024-05-29T10:00"))
    build = site.build()
    assert build.returncode == 0, build.output
    second = feedparser.parse((build.site / "atom.xml").read_bytes())
    assert (
        [e.id for e in second.entries]
        == [e.id for e in first.entries]
        == [
            "tag:alerts.example.org,2024:van-thefts-2024",
            "tag:alerts.example.org,2024:alerts/other",
        ]
    )
    assert second.entries[0].link == SITE_URL + "alerts/2024/van-thefts-renamed/"


# -- options ---------------------------------------------------------------------


def configure_feeds(site: FixtureSite, options: str) -> None:
    config = site.root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert "  - alerts:\n" in text
    options = "".join(f"  {line}\n" for line in options.splitlines())  # under `feeds:`
    config.write_text(
        text.replace("  - alerts:\n", f"  - alerts:\n      feeds:\n{options}"), encoding="utf-8"
    )


def test_options_limit_ttl_scopes_and_summary_only(tmp_path):
    site = FixtureSite(tmp_path)
    for day in range(20, 26):
        site.write(f"alerts/a{day}.md", alert(f"Alert {day}", f"2024-05-{day}T10:00"))
    configure_feeds(
        site,
        "      entry_limit: 2\n      ttl_minutes: 5\n"
        "      full_content: false\n      scopes: [site]\n",
    )
    build = site.build()
    assert build.returncode == 0, build.output
    rss = feedparser.parse((build.site / "rss.xml").read_bytes())
    assert titles(rss) == ["Alert 25", "Alert 24"]
    assert rss.feed.ttl == "5"
    assert all("content" not in entry for entry in rss.entries)
    assert not (build.site / "alerts" / "rss.xml").exists()
    assert not (build.site / "areas" / "fenland" / "atom.xml").exists()
    summary_only = valid_json_feed((build.site / "feed.json").read_bytes())
    assert [item["content_text"] for item in summary_only["items"]] == [
        "Tools were taken from vans overnight.",
        "Tools were taken from vans overnight.",
    ]
    assert all("content_html" not in item for item in summary_only["items"])


def test_json_feed_option_off_writes_no_json_feeds_and_no_links(tmp_path):
    site = FixtureSite(tmp_path)
    site.write("alerts/a.md", alert())
    configure_feeds(site, "      json_feed: false\n")
    build = site.build()
    assert build.returncode == 0, build.output
    assert not list(build.site.rglob("feed.json"))
    assert (build.site / "rss.xml").exists()
    for page in ("alerts/a/index.html", "alerts/index.html", "404.html"):
        assert "application/feed+json" not in build.read(page), page


def test_disabled_plugin_writes_no_feeds_and_no_links(tmp_path):
    site = FixtureSite(tmp_path)
    site.write("alerts/a.md", alert())
    configure_feeds(site, "      enabled: false\n")
    build = site.build()
    assert build.returncode == 0, build.output
    assert not (build.site / "rss.xml").exists()
    assert 'type="application/rss+xml"' not in build.read("alerts/a/index.html")


def test_a_bad_option_fails_the_build_and_names_it(tmp_path):
    site = FixtureSite(tmp_path)
    site.write("alerts/a.md", alert())
    configure_feeds(site, "      entry_limit: 0\n")
    build = site.build()
    assert build.returncode != 0
    assert (
        "Plugin 'alerts' option 'feeds': Sub-option 'entry_limit': must be at least 1"
        in build.output
    )


def test_sample_content_builds_strict(tmp_path):
    repo = Path(__file__).resolve().parents[1]
    site = FixtureSite(tmp_path)
    shutil.rmtree(tmp_path / "content")
    shutil.copytree(repo / "content", tmp_path / "content")
    build = site.build(now=None)
    assert build.returncode == 0, build.output
    rss_and_atom = sorted({*build.site.rglob("rss.xml"), *build.site.rglob("atom.xml")})
    assert {str(p.relative_to(build.site)) for p in rss_and_atom} >= {
        *FEEDS,
        "categories/fraud/atom.xml",
        "urgent/rss.xml",
        "areas/fenland/urgent/atom.xml",
        "current/atom.xml",
    }
    for path in rss_and_atom:
        assert not feedparser.parse(path.read_bytes()).bozo, path
    for path in build.site.rglob("feed.json"):
        valid_json_feed(path.read_bytes())
    # Feed validators warn of two entries of a feed with the same updated.
    for path in [*build.site.rglob("atom.xml"), build.site / "alerts" / "cap.atom"]:
        updated = [e.findtext(f"{ATOM}updated") for e in etree.parse(path).iter(f"{ATOM}entry")]
        assert len(updated) == len(set(updated)), path
