"""Script and markup injection through every field that reaches HTML or XML.

One fixture site carries every vector of `VECTORS` through every field: an
alert, a guide and a court-news digest per vector, the vector in the title,
summary, sender (text for alerts, name/role/organisation for the others),
crime references, tags, topics, image description, event location, the
case headline, summary and address, and raw in the body. The site is built
once with `mkdocs build --strict`, and every output is read back with real
parsers: each HTML page and email, each RSS and Atom feed (feedparser, lxml,
and the HTML inside them), the plain-text emails, the search index, the
sitemap, and CAP, iCalendar and SMS files when the build makes them.
"""

from __future__ import annotations

import html
import re
from pathlib import Path
from urllib.parse import urlsplit

import feedparser
import pytest
from hostile_tools import (
    ENCODED_MARKERS,
    MARKER,
    VECTORS,
    dangerous_url,
    live_dangers,
    one_line,
    scan,
    yaml_text,
)
from lxml import etree
from pagefind_index import fragments
from sitebuild import Build, FixtureSite

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"
# Elements a feed may hold: RSS 2.0, Atom 1.0, content:encoded, dc:creator.
FEED_ELEMENTS = {
    "rss",
    "channel",
    "title",
    "link",
    "description",
    "language",
    "lastBuildDate",
    "pubDate",
    "ttl",
    "generator",
    "docs",
    "item",
    "guid",
    "category",
    "enclosure",
    "encoded",
    "creator",
    "feed",
    "id",
    "updated",
    "subtitle",
    "entry",
    "summary",
    "content",
    "published",
    "author",
    "name",
    "uri",
    "email",
    "rights",
    "icon",
    "logo",
}
HTML_IN_FEEDS = ("description", "encoded")  # RSS; Atom marks its HTML with type="html"


def clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[:limit]


def alert_file(n: int, vector: str) -> str:
    flat = one_line(vector)
    return "\n".join(
        [
            "---",
            f"title: {yaml_text(clip(f'A{n} {flat}', 150))}",
            "date: 2024-05-20T10:00",
            "category: fraud",
            "severity: urgent",
            "expires: 2024-12-31",
            f"summary: {yaml_text(clip(flat, 300))}",
            f"sender: {yaml_text(flat)}",
            f"tags: [{yaml_text(flat)}]",
            f"crime_refs: [{yaml_text(flat)}]",
            "image: images/pic.png",
            f"image_alt: {yaml_text(flat)}",
            "event:",
            "  start: 2024-06-20T19:00",
            "  end: 2024-06-20T20:00",
            f"  location: {yaml_text(flat)}",
            "---",
            "",
            vector,
            "",
            f"Alert body {n}.",
            "",
        ]
    )


def chunks(size: int) -> list[list[int]]:
    """Vector numbers in groups: guides and digests carry several vectors each."""
    numbers = list(range(len(VECTORS)))
    return [numbers[i : i + size] for i in range(0, len(numbers), size)]


GUIDE_GROUPS = chunks(6)
COURT_GROUPS = chunks(12)


def guide_file(k: int, group: list[int]) -> str:
    flat = [one_line(VECTORS[n]) for n in group]
    name, role, organisation = (flat * 3)[1:4]
    return "\n".join(
        [
            "---",
            f"title: {yaml_text(clip(f'G{k} {flat[0]}', 150))}",
            "date: 2024-05-21",
            f"summary: {yaml_text(clip(flat[-1], 300))}",
            "sender:",
            f"  name: {yaml_text(name)}",
            f"  role: {yaml_text(role)}",
            f"  organisation: {yaml_text(organisation)}",
            f"topics: [{', '.join(map(yaml_text, flat))}]",
            f"tags: [{', '.join(map(yaml_text, flat))}]",
            "---",
            "",
            *(VECTORS[n] + "\n" for n in group),
        ]
    )


def court_file(k: int, group: list[int]) -> str:
    lines = [
        "---",
        f"title: {yaml_text(clip(f'C{k} {one_line(VECTORS[group[0]])}', 150))}",
        "date: 2024-05-22",
        "sender:",
        f"  name: {yaml_text(one_line(VECTORS[group[-1]]))}",
        "cases:",
    ]
    for n in group:
        flat = one_line(VECTORS[n])
        lines += [
            f"  - headline: {yaml_text(flat)}",
            f"    url: {yaml_text(f'https://example.org/case-{n}/{flat}')}",
            f"    summary: {yaml_text(flat)}",
        ]
    return "\n".join([*lines, "---", "", *(VECTORS[n] + "\n" for n in group)])


# Addresses that pass the loader's http(s) check but try to break out of an attribute.
URL_VECTORS = [
    'https://example.org/"><script>alert(171)</script>',
    "https://example.org/?q=' onmouseover='alert(172)",
    'https://example.org/#" onfocus="alert(173)" autofocus="',
    "https://javascript:alert(174)@example.org/",
    "https://example.org/</a><img src=x onerror=alert(175)>",
    "https://example.org/%22%3E%3Cscript%3Ealert(176)%3C/script%3E",
]


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> Build:
    site = FixtureSite(tmp_path_factory.mktemp("hostile"))
    site.write("alerts/images/pic.png", PNG)
    for n, vector in enumerate(VECTORS):
        site.write(f"alerts/v{n:02d}.md", alert_file(n, vector))
    for k, group in enumerate(GUIDE_GROUPS):
        site.write(f"guides/v{k:02d}.md", guide_file(k, group))
    for k, group in enumerate(COURT_GROUPS):
        site.write(f"court-news/v{k:02d}.md", court_file(k, group))
    cases = "\n".join(
        f"  - headline: Case {n}\n    url: {yaml_text(url)}" for n, url in enumerate(URL_VECTORS)
    )
    site.write(
        "court-news/urls.md", f"---\ntitle: Addresses\ndate: 2024-05-23\ncases:\n{cases}\n---\n"
    )
    build = site.build()
    assert build.returncode == 0, build.output
    assert "Traceback" not in build.output
    return build


def outputs(build: Build, pattern: str) -> list[Path]:
    return sorted(build.site.rglob(pattern))


def name(build: Build, path: Path) -> str:
    return path.relative_to(build.site).as_posix()


ITEMS = (
    [f"alerts/v{n:02d}/" for n in range(len(VECTORS))]
    + [f"guides/v{k:02d}/" for k in range(len(GUIDE_GROUPS))]
    + [f"court-news/v{k:02d}/" for k in range(len(COURT_GROUPS))]
)


def test_every_hostile_item_is_published(hostile):
    for url in ITEMS:
        assert (hostile.site / url / "index.html").is_file(), url
        assert (hostile.site / url / "email.html").is_file(), url


# ------------------------------------------------------------------ web pages


def test_no_page_can_run_content_script(hostile):
    pages = [
        p
        for p in outputs(hostile, "*.html")
        if p.name != "email.html" and not name(hostile, p).startswith("email/")
    ]
    assert len(pages) > len(ITEMS)
    for page in pages:
        document = page.read_text(encoding="utf-8")
        assert live_dangers(document, material_scripts=True) == [], name(hostile, page)
        # Material's own; the search page adds Pagefind's UI, alerts-search.js, its template;
        # the subscribe page its postcode finder, alerts-subscribe.js.
        extra = {"search/index.html": 3, "subscribe/index.html": 1}.get(name(hostile, page), 0)
        expected = 4 + extra
        assert len(scan(document).scripts) == expected, name(hostile, page)


def visible(build: Build, path: str) -> str:
    return scan(build.read(path)).visible_text


@pytest.mark.parametrize("n", range(len(VECTORS)))
def test_text_fields_are_shown_as_text_on_item_pages(hostile, n):
    """Escaped, not cut: the reader sees exactly what the writer typed."""
    flat = " ".join(one_line(VECTORS[n]).split())
    alert_page = visible(hostile, f"alerts/v{n:02d}/index.html")
    assert " ".join(clip(f"A{n} {one_line(VECTORS[n])}", 150).split()) in alert_page
    assert alert_page.count(flat) >= 4  # title, sender, crime reference, tag (at least)
    assert one_line(VECTORS[n]) in scan(hostile.read(f"alerts/v{n:02d}/index.html")).alts
    [k] = [k for k, group in enumerate(GUIDE_GROUPS) if n in group]
    assert visible(hostile, f"guides/v{k:02d}/index.html").count(flat) >= 2  # topic and tag
    [k] = [k for k, group in enumerate(COURT_GROUPS) if n in group]
    assert visible(hostile, f"court-news/v{k:02d}/index.html").count(flat) >= 2  # headline, summary


@pytest.mark.parametrize("n", range(len(VECTORS)))
def test_titles_are_text_in_listings(hostile, n):
    title = " ".join(clip(f"A{n} {one_line(VECTORS[n])}", 150).split())
    for path in ("alerts/index.html", "index.html", "areas/county-wide/index.html"):
        page = hostile.read(path)
        if f"alerts/v{n:02d}/" in page:
            assert title in scan(page).visible_text, path


def test_case_addresses_stay_inside_their_attribute(hostile):
    found = scan(hostile.read("court-news/urls/index.html"))
    assert live_dangers(hostile.read("court-news/urls/index.html"), material_scripts=True) == []
    hrefs = []

    class Links(type(found)):
        def handle_starttag(self, tag, attrs):
            super().handle_starttag(tag, attrs)
            if tag == "a":
                hrefs.append(dict(attrs).get("href") or "")

    links = Links()
    links.feed(hostile.read("court-news/urls/index.html"))
    case_links = [h for h in hrefs if "example.org" in h]
    assert len(case_links) == len(URL_VECTORS)
    for href in case_links:
        assert urlsplit(href).scheme == "https" and not dangerous_url(href), href


def test_search_index_entries_hold_no_live_markup(hostile):
    """Pagefind indexes each page's text and the search page shows it escaped: pagefind.js
    escapes < and > in the text before marking the words found, and the result template
    escapes the title, date and summary. What it shows must be safe HTML."""
    pages = fragments(hostile.site)
    assert len(pages) >= len(ITEMS)
    for page in pages:
        for field, text in [("content", page["content"]), *page["meta"].items()]:
            shown = (
                text.replace("<", "&lt;").replace(">", "&gt;")
                if field == "content"
                else html.escape(text, quote=False)
            )
            assert live_dangers(shown, material_scripts=False) == [], (page["url"], field)
            assert not re.search(
                r"<\s*(script|iframe|img|svg|object|embed|style|meta|base)\b", shown, re.IGNORECASE
            ), (page["url"], field)


def test_sitemap_holds_only_site_addresses(hostile):
    tree = etree.fromstring((hostile.site / "sitemap.xml").read_bytes())
    locations = [e.text for e in tree.iter("{*}loc")]
    assert locations and all(loc.startswith("https://alerts.example.org/") for loc in locations)


# ------------------------------------------------------------------ feeds


def feed_files(build: Build) -> list[Path]:
    return outputs(build, "rss.xml") + outputs(build, "atom.xml")


def html_parts(tree: etree._Element) -> list[str]:
    """The text of every element a feed reader renders as HTML, XML-unescaped."""
    parts = []
    for element in tree.iter():
        local = etree.QName(element).localname
        if local in HTML_IN_FEEDS or element.get("type") == "html":
            parts.append(element.text or "")
    return parts


def test_feeds_parse_and_hold_no_markup_as_xml(hostile):
    feeds = feed_files(hostile)
    # Two each: the site, 3 sections, 7 areas, 8 categories, the urgent alerts of the site
    # and of each area, the current alerts.
    assert len(feeds) == 2 * (1 + 3 + 7 + 8 + (1 + 7) + 1)
    for path in feeds:
        raw = path.read_bytes()
        parsed = feedparser.parse(raw)
        assert not parsed.bozo, (name(hostile, path), parsed.get("bozo_exception"))
        # The subscriber streams hold only some alerts; every other feed holds hostile ones.
        if not re.match(r"(categories|urgent|current)/|areas/[^/]+/urgent/", name(hostile, path)):
            assert parsed.entries, name(hostile, path)
        assert not re.search(
            rb"<\s*/?\s*(script|iframe|img|svg|object|embed|style|meta|base)\b", raw, re.IGNORECASE
        ), name(hostile, path)
        assert b"<![CDATA[" not in raw
        tree = etree.fromstring(raw)
        elements = {etree.QName(e).localname for e in tree.iter() if isinstance(e.tag, str)}
        assert elements <= FEED_ELEMENTS, (name(hostile, path), elements - FEED_ELEMENTS)


def test_html_in_feeds_is_safe_once_unescaped(hostile):
    checked = 0
    for path in feed_files(hostile):
        tree = etree.fromstring(path.read_bytes())
        for part in html_parts(tree):
            checked += 1
            assert live_dangers(part, material_scripts=False) == [], (name(hostile, path), part)
            assert not re.search(r"<\s*script", part, re.IGNORECASE), name(hostile, path)
            # Quoted attribute values are data (an address may hold "' onmouseover='").
            tags = re.sub(r'="[^"]*"', '=""', part)
            assert not re.search(r"<[^<>]*\son[a-z]+\s*=", tags, re.IGNORECASE), name(hostile, path)
            assert not re.search(r"<[^<>]*=\s*(javascript|data|vbscript):", tags, re.IGNORECASE)
    assert checked > 2 * len(VECTORS)


def test_feed_links_and_enclosures_are_http(hostile):
    for path in feed_files(hostile):
        tree = etree.fromstring(path.read_bytes())
        for element in tree.iter():
            if not isinstance(element.tag, str):
                continue
            for attribute in ("href", "url"):
                value = element.get(attribute)
                if value is not None:
                    assert urlsplit(value).scheme == "https", (name(hostile, path), value)
            if etree.QName(element).localname == "link" and element.text:
                assert urlsplit(element.text).scheme == "https"


def feedparser_dangers(build: Build, kind: str, fields: tuple[str, ...]) -> list[tuple]:
    """What feedparser (the reader library most aggregators build on) hands over as HTML
    that could still run: it sanitises HTML, but the escape hatches it leaves are found here."""
    found = []
    for path in outputs(build, kind):
        for entry in feedparser.parse(path.read_bytes()).entries:
            details = [entry.get(f"{field}_detail") for field in fields if field != "content"]
            if "content" in fields:
                details += entry.get("content", [])
            for detail in details:
                if detail is not None and detail.type in ("text/html", "application/xhtml+xml"):
                    dangers = live_dangers(detail.value, material_scripts=False)
                    if dangers:
                        found.append((name(build, path), detail.value[:70], dangers))
    return found


def test_feedparser_view_of_content_and_summaries_is_clean(hostile):
    """What a typical reader shows: content and summaries as feedparser hands them over."""
    assert feedparser_dangers(hostile, "rss.xml", ("summary", "content")) == []
    assert feedparser_dangers(hostile, "atom.xml", ("title", "summary", "content")) == []


def test_feedparser_view_of_rss_titles_is_clean(hostile):
    assert feedparser_dangers(hostile, "rss.xml", ("title",)) == []


def test_feed_titles_are_the_writers_text(hostile):
    """A title is text: the reader sees it as typed, neither cut nor escaped twice."""
    parsed = feedparser.parse((hostile.site / "alerts/atom.xml").read_bytes())
    titles = {entry.title for entry in parsed.entries}
    tree = etree.fromstring((hostile.site / "alerts/atom.xml").read_bytes())
    raw_titles = {e.text for e in tree.iter("{http://www.w3.org/2005/Atom}title")}
    expected = " ".join(clip(f"A5 {one_line(VECTORS[5])}", 150).split())
    assert expected in raw_titles
    assert titles  # parsed


# ------------------------------------------------------------------ emails


def test_email_html_runs_nothing(hostile):
    emails = outputs(hostile, "email.html") + sorted((hostile.site / "email").rglob("*.html"))
    assert len(emails) >= len(ITEMS)
    for path in emails:
        document = path.read_text(encoding="utf-8")
        assert live_dangers(document, material_scripts=False) == [], name(hostile, path)
        assert scan(document).scripts == [], name(hostile, path)


WRITERS_TEXT = sorted(
    {one_line(v) for v in VECTORS}
    | {clip(f"{p}{n} {one_line(VECTORS[n])}", 150) for p in "AGC" for n in range(len(VECTORS))},
    key=len,
    reverse=True,
)
SCHEME_ANYWHERE = re.compile(r"(javascript|vbscript|data)\s*:", re.IGNORECASE)


def residue(text: str) -> str:
    """Plain text less every copy of what writers typed, and less every http(s) address:
    what is left is what the renderer itself wrote around them."""
    text = " ".join(text.split())
    for typed in WRITERS_TEXT:
        text = text.replace(" ".join(typed.split()), " ")
    return re.sub(r"https?://\S+", " ", text)


def test_email_text_links_no_script_address(hostile):
    """A link in the body is written out as "text (address)": never a script address.

    The writers' own text may mention javascript: (it is their title); plain text
    is not a link, so each copy of it is taken out before looking.
    """
    texts = outputs(hostile, "email.txt") + sorted((hostile.site / "email").rglob("*.txt"))
    assert len(texts) >= len(ITEMS)
    for path in texts:
        left = residue(path.read_text(encoding="utf-8"))
        assert not SCHEME_ANYWHERE.search(left), (name(hostile, path), left)
        for url in re.findall(r"[a-z][a-z0-9+.-]*://\S+", left, re.IGNORECASE):
            assert url.lower().startswith(("http://", "https://")), (name(hostile, path), url)


@pytest.mark.parametrize("n", range(len(VECTORS)))
def test_email_text_shows_fields_as_typed(hostile, n):
    """Plain text is never HTML-escaped: `<script>` in a title reads as `<script>`."""
    text = hostile.read(f"alerts/v{n:02d}/email.txt")
    title = clip(f"A{n} {one_line(VECTORS[n])}", 150)
    assert " ".join(title.split()) in " ".join(text.split())


@pytest.mark.parametrize("n", range(len(VECTORS)))
def test_email_html_shows_fields_as_text(hostile, n):
    found = scan(hostile.read(f"alerts/v{n:02d}/email.html"))
    flat = " ".join(one_line(VECTORS[n]).split())
    assert found.visible_text.count(flat) >= 3, flat  # title, sender, crime reference, tag...


# ------------------------------------------------------------- other outputs


def ics_text(raw: str) -> str:
    """An iCalendar file unfolded and its text values unescaped (RFC 5545 3.1, 3.3.11)."""
    unfolded = re.sub(r"\r?\n[ \t]", "", raw)
    return (
        unfolded.replace("\\n", "\n")
        .replace("\\N", "\n")
        .replace("\\,", ",")
        .replace("\\;", ";")
        .replace("\\\\", "\\")
    )


def test_calendars_carry_no_script_address(hostile):
    calendars = outputs(hostile, "*.ics")
    if not calendars:
        pytest.skip("this build makes no iCalendar files")
    for path in calendars:
        text = ics_text(path.read_text(encoding="utf-8"))
        for line in text.splitlines():
            prop, _, value = line.partition(":")
            if prop.split(";")[0] in (
                "URL",
                "ATTACH",
                "CONFERENCE",
                "IMAGE",
                "SOURCE",
                "TZURL",
                "ORGANIZER",
                "ATTENDEE",
            ):
                if prop.split(";")[0] in ("ORGANIZER", "ATTENDEE"):
                    assert value.lower().startswith(("mailto:", "https:")), line
                else:
                    assert urlsplit(value).scheme in ("http", "https"), (name(hostile, path), line)
        assert not SCHEME_ANYWHERE.search(residue(text)), name(hostile, path)


def test_cap_messages_are_plain_xml_with_http_addresses(hostile):
    caps = outputs(hostile, "cap.xml") + outputs(hostile, "*.cap")
    if not caps:
        pytest.skip("this build makes no CAP files")
    for path in caps + outputs(hostile, "cap.atom"):
        raw = path.read_bytes()
        assert not re.search(
            rb"<\s*/?\s*(script|iframe|img|svg|object|embed|style|a)\b", raw, re.IGNORECASE
        ), name(hostile, path)
        assert b"<![CDATA[" not in raw
        tree = etree.fromstring(raw)
        for element in tree.iter():
            if not isinstance(element.tag, str):
                continue
            local = etree.QName(element).localname
            if local in ("web", "uri") and element.text:
                assert urlsplit(element.text.strip()).scheme in ("http", "https"), element.text
            for attribute in ("href", "src"):
                if element.get(attribute) is not None:
                    assert urlsplit(element.get(attribute)).scheme in ("http", "https")
            if local in ("description", "instruction") and element.text:
                assert not SCHEME_ANYWHERE.search(residue(element.text)), (
                    name(hostile, path),
                    element.text,
                )


def test_sms_texts_link_only_the_site(hostile):
    """Phones turn web addresses in a text message into links: only http(s) ones may appear."""
    texts = outputs(hostile, "sms.txt")
    if not texts:
        pytest.skip("this build makes no SMS texts")
    for path in texts:
        text = path.read_text(encoding="utf-8")
        urls = re.findall(r"[a-z][a-z0-9+.-]*://\S+|\bwww\.\S+", text, re.IGNORECASE)
        assert urls, name(hostile, path)
        assert any(url.startswith("https://alerts.example.org/") for url in urls)
        for url in urls:  # a writer may name another web site, but only by http(s)
            assert url.lower().startswith(("https://", "http://", "www.")), (
                name(hostile, path),
                url,
            )


def test_every_vector_marker_is_inert_everywhere(hostile):
    """A final sweep of every text output: each alert(N) sits in text, never in code."""
    files = [
        p
        for p in hostile.site.rglob("*")
        if p.is_file() and p.suffix in (".html", ".xml", ".txt", ".json", ".ics")
    ]
    for path in files:
        raw = path.read_text(encoding="utf-8")
        if path.suffix != ".html":
            continue
        found = scan(raw)
        script_text = "".join(s["text"] for s in found.scripts)
        assert not MARKER.search(script_text), name(hostile, path)
        assert found.bad_urls == [], name(hostile, path)
        # A base64 data: payload may be shown as text (a title), never as an address.
        addresses = " ".join(value for _, _, value in found.bad_urls)
        assert not any(encoded in addresses for encoded in ENCODED_MARKERS)
