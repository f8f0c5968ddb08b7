"""RSS 2.0, Atom 1.0 and JSON Feed 1.1 feeds of published messages: items in, bytes out.
No MkDocs here.

Each item becomes one `FeedEntry` (sanitised body, absolute URLs, GUID),
however many feeds it appears in; `rss_feed` and `atom_feed` then write any
scope's entries with feedgen, and `json_feed` with the standard library.
Nothing in a feed depends on the clock, so two builds of the same content
give the same bytes.

An alert replaced by a published update or withdrawal keeps its entry, GUID
and dates (issue 9); its content opens with a line linking the newer message,
which has an entry of its own. No two entries of a feed carry the same
`updated` (feed validators warn of it): see `distinct_times`.

Every `rss.xml` and `atom.xml` names the site's XSL stylesheet (`feed.xsl`), so
a browser opening a feed shows a page saying what it is and how to subscribe.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import html
import json
import mimetypes
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, urlsplit

from feedgen.entry import FeedEntry as FeedgenEntry
from feedgen.ext.base import BaseEntryExtension, BaseExtension
from feedgen.feed import FeedGenerator
from lxml import etree

from ..cache import cache_key
from ..core.archive import Archive, newest_first
from ..core.item import CATEGORIES, COUNTY_WIDE, SECTIONS, Item, Sender, Settings, fingerprints
from .listings import ListingPage
from .present import CATEGORY_NAMES, SECTION_NAMES, ItemView, view_of
from .sanitise import clean_html
from .templates import environment

RSS_FILE = "rss.xml"
ATOM_FILE = "atom.xml"
JSON_FILE = "feed.json"
RSS_TYPE = "application/rss+xml"
ATOM_TYPE = "application/atom+xml"
JSON_FEED_VERSION = "https://jsonfeed.org/version/1.1"
SCOPE_KINDS = ("site", "sections", "areas", "categories", "urgent", "current")
# The stylesheet that shows a feed opened in a browser as a page, at the site's root.
STYLESHEET_FILE = "feed.xsl"
# An empty feed has no newest message to take its date from, and must not take
# the build time: the epoch says "nothing published" and never changes.
EMPTY_FEED_DATE = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
# RFC 4151: a year, year-month or full date on which the site's host name was held.
TAG_DATE = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")
# Characters a tag URI may carry unescaped after its date (RFC 4151 "specific").
_TAG_SAFE = "/?:@!$&'()*+,;=-._~"


@dataclass(frozen=True)
class FeedSite:
    """What every feed needs to know about the site."""

    url: str  # absolute, ending in "/"
    name: str
    language: str
    guid_tag_date: str

    @property
    def host(self) -> str:
        return urlsplit(self.url).hostname or ""

    def absolute(self, path: str) -> str:
        """The absolute URL of a path under the site root, e.g. "alerts/x/"."""
        return self.url + quote(path)


@dataclass(frozen=True)
class FeedOptions:
    entry_limit: int = 50
    ttl_minutes: int = 15  # alerts can be urgent: a reader should look again soon
    full_content: bool = True
    json_feed: bool = True


@dataclass(frozen=True)
class FeedScope:
    """What one feed covers: the whole site, a section, an area, an alert category, the
    urgent alerts (of the site or an area) or the current alerts."""

    kind: str  # "site", "section", "area", "category", "urgent" or "current"
    slug: str  # the section, area or category slug; for "urgent" the area's, or "" (site)
    name: str  # what a page beside the site's own name calls it: "Alerts", "Cambridge"
    title: str  # the feed's own title, with the site's name
    description: str

    @property
    def path(self) -> str:
        """The folder of the feed and of the listing page it mirrors, under the site root."""
        if self.kind == "urgent":
            return f"areas/{self.slug}/urgent/" if self.slug else "urgent/"
        return {
            "site": "",
            "section": f"{self.slug}/",
            "area": f"areas/{self.slug}/",
            "category": f"categories/{self.slug}/",
            "current": "current/",
        }[self.kind]

    @property
    def rss_path(self) -> str:
        return self.path + RSS_FILE

    @property
    def atom_path(self) -> str:
        return self.path + ATOM_FILE

    @property
    def json_path(self) -> str:
        return self.path + JSON_FILE


@dataclass(frozen=True)
class FeedLinks:
    """A scope's feeds as a page links them; `json` is None when JSON Feeds are off."""

    name: str
    title: str
    rss: str
    atom: str
    json: str | None = None


@dataclass(frozen=True)
class Enclosure:
    url: str
    mime_type: str
    length: int


@dataclass(frozen=True)
class FeedEntry:
    """One item as every feed carries it; `content_html` is None in summary-only feeds."""

    guid: str
    link: str
    title: str
    published: dt.datetime
    updated: dt.datetime
    summary: str
    content_html: str | None
    categories: tuple[tuple[str, str], ...]  # (term, label)
    author: str
    enclosure: Enclosure | None


def site_scope(site: FeedSite) -> FeedScope:
    return FeedScope(
        "site",
        "",
        "All messages",
        site.name,
        f"Every alert, court news digest and guide from {site.name}, newest first.",
    )


def section_scope(section: str, site: FeedSite) -> FeedScope:
    name = SECTION_NAMES[section]
    return FeedScope(
        "section", section, name, f"{name} – {site.name}", f"{name} from {site.name}, newest first."
    )


def area_scope(slug: str, settings: Settings, site: FeedSite) -> FeedScope:
    name = settings.areas[slug]
    if slug == COUNTY_WIDE:
        description = f"Messages from {site.name} that concern the whole county, newest first."
    else:
        description = (
            f"Messages from {site.name} for {name}, county-wide messages included, newest first."
        )
    return FeedScope("area", slug, name, f"{name} – {site.name}", description)


def category_scope(category: str, site: FeedSite) -> FeedScope:
    name = f"Alerts: {CATEGORY_NAMES[category]}"
    return FeedScope(
        "category",
        category,
        name,
        f"{name} – {site.name}",
        f"{CATEGORY_NAMES[category]} alerts from {site.name}, newest first.",
    )


def urgent_scope(area: str | None, settings: Settings, site: FeedSite) -> FeedScope:
    """Alerts of severity warning or urgent: the site's (`area` None) or an area's."""
    if area is None:
        name = "Warnings and urgent alerts"
        description = (
            f"Alerts from {site.name} that ask you to act (warnings and urgent alerts), "
            "newest first."
        )
    else:
        area_name = settings.areas[area]
        name = f"{area_name}: warnings and urgent alerts"
        if area == COUNTY_WIDE:
            where = "that concern the whole county"
        else:
            where = f"for {area_name}, county-wide ones included,"
        description = (
            f"Alerts from {site.name} {where} that ask you to act (warnings and urgent "
            "alerts), newest first."
        )
    return FeedScope("urgent", area or "", name, f"{name} – {site.name}", description)


def current_scope(site: FeedSite) -> FeedScope:
    return FeedScope(
        "current",
        "",
        "Current alerts",
        f"Current alerts – {site.name}",
        f"The alerts from {site.name} that still apply (not expired, replaced or "
        "withdrawn), newest first.",
    )


def all_scopes(kinds: list[str], settings: Settings, site: FeedSite) -> list[FeedScope]:
    """Every feed scope of the kinds chosen in the configuration, in a fixed order."""
    scopes = [site_scope(site)] if "site" in kinds else []
    if "sections" in kinds:
        scopes += [section_scope(section, site) for section in SECTIONS]
    if "areas" in kinds:
        scopes += [area_scope(slug, settings, site) for slug in settings.areas]
    if "categories" in kinds:
        scopes += [category_scope(category, site) for category in CATEGORIES]
    if "urgent" in kinds:
        scopes.append(urgent_scope(None, settings, site))
        scopes += [urgent_scope(slug, settings, site) for slug in settings.areas]
    if "current" in kinds:
        scopes.append(current_scope(site))
    return scopes


def scope_items(scope: FeedScope, archive: Archive) -> tuple[Item, ...]:
    """The scope's published items, newest first; expired alerts included, except in the
    current alerts."""
    if scope.kind == "section":
        return archive.section(scope.slug)
    if scope.kind == "area":
        return archive.area(scope.slug)  # county-wide items included
    if scope.kind == "category":
        return archive.category(scope.slug)
    if scope.kind == "urgent":
        return archive.urgent_in(scope.slug) if scope.slug else archive.urgent_alerts
    if scope.kind == "current":
        # Newest first whatever order the archive keeps them in.
        return newest_first(archive.current_alerts)
    return archive.published


def links_for(scope: FeedScope, site: FeedSite, json_feed: bool = True) -> FeedLinks:
    return FeedLinks(
        scope.name,
        scope.title,
        site.absolute(scope.rss_path),
        site.absolute(scope.atom_path),
        site.absolute(scope.json_path) if json_feed else None,
    )


def page_feeds(
    kinds: list[str],
    settings: Settings,
    site: FeedSite,
    item: Item | None = None,
    listing: ListingPage | None = None,
    json_feed: bool = True,
) -> tuple[list[FeedLinks], list[FeedLinks]]:
    """The feeds a page links: `(in its <head>, in a visible "Subscribe" list)`.

    Every page's <head> links the site's feeds, then those of its own section
    and areas: an item's, or a listing's (a section, an area and its urgent
    alerts, a category; the alerts listing adds the urgent and current alerts,
    the home page the current alerts). Listings also show their own feeds, and
    the areas index every area's.
    """
    own: list[FeedScope] = []
    if "sections" in kinds:
        if item is not None:
            own.append(section_scope(item.section, site))
        elif listing is not None and listing.kind == "section":
            own.append(section_scope(listing.scope, site))
    if "areas" in kinds:
        if item is not None:
            own += [area_scope(slug, settings, site) for slug in item.areas]
        elif listing is not None and listing.kind == "area":
            own.append(area_scope(listing.scope, settings, site))
    if listing is not None:
        if "urgent" in kinds and listing.kind == "area":
            own.append(urgent_scope(listing.scope, settings, site))
        if "categories" in kinds and listing.kind == "category":
            own.append(category_scope(listing.scope, site))
        alerts_listing = listing.kind == "section" and listing.scope == "alerts"
        if "urgent" in kinds and alerts_listing:
            own.append(urgent_scope(None, settings, site))
        if "current" in kinds and (alerts_listing or listing.kind == "home"):
            own.append(current_scope(site))
    head = ([site_scope(site)] if "site" in kinds else []) + own
    if listing is None or listing.kind == "home":
        shown: list[FeedScope] = []
    elif listing.kind == "areas" and "areas" in kinds:
        shown = [area_scope(slug, settings, site) for slug in settings.areas]
    else:
        shown = own
    return (
        [links_for(s, site, json_feed) for s in head],
        [links_for(s, site, json_feed) for s in shown],
    )


def guid_for(item: Item, site: FeedSite) -> str:
    """A tag URI (RFC 4151) from the site's host and the item's id.

    The id survives a renamed file or an edited title, so the GUID does too;
    it is not a URL, so RSS marks it isPermaLink="false".
    """
    return f"tag:{site.host},{site.guid_tag_date}:{quote(item.id, safe=_TAG_SAFE)}"


def sender_text(sender: Sender) -> str:
    return ", ".join(part for part in (sender.name, sender.role, sender.organisation) if part)


def categories_for(item: Item, settings: Settings) -> tuple[tuple[str, str], ...]:
    """The alert category, then the areas, then the tags, each once."""
    pairs: list[tuple[str, str]] = []
    if item.category:
        pairs.append((item.category, CATEGORY_NAMES[item.category]))
    pairs += [(slug, settings.areas[slug]) for slug in item.areas]
    pairs += [(tag, tag) for tag in item.tags]
    unique: dict[str, str] = {}
    for term, label in pairs:
        unique.setdefault(term, label)
    return tuple(unique.items())


def enclosure_for(item: Item, site: FeedSite, docs_dir: Path) -> Enclosure | None:
    """The item's picture, by absolute URL, with its type and size as RSS requires."""
    if item.image is None:
        return None
    mime_type = mimetypes.guess_type(item.image)[0] or "application/octet-stream"
    return Enclosure(site.absolute(item.image), mime_type, (docs_dir / item.image).stat().st_size)


def replaced_notice(view: ItemView, site: FeedSite) -> str:
    """The paragraph that opens a replaced alert's content: when it changed, and a link
    to the update or withdrawal, for readers who meet the old entry first."""
    successor = view.successor
    if successor is None:
        return ""
    newer = "the withdrawal" if successor.status == "cancel" else "the update"
    return (
        f"<p><strong>{html.escape(view.replaced_note)}</strong> "
        f'<a href="{html.escape(site.absolute(successor.url))}">'
        f"Read {newer}: {html.escape(successor.title)}</a></p>\n"
    )


def feed_entry(
    view: ItemView,
    page_html: str | None,
    site: FeedSite,
    docs_dir: Path,
    full_content: bool = True,
) -> FeedEntry:
    """One item, seen in its place in the archive, ready for any feed.

    `page_html` is the body of its built page. The body is sanitised again
    with every relative URL made absolute against the item's own URL, since a
    feed is read away from the site. Without `page_html` (or with
    `full_content` off) the entry carries the summary only, except that a
    replaced alert's content still opens with the link to what replaced it.
    """
    item = view.item
    link = site.absolute(item.url)
    body = clean_html(page_html, base_url=link) if full_content and page_html else None
    notice = replaced_notice(view, site)
    if notice and body is None:
        body = f"<p>{html.escape(item.summary)}</p>" if item.summary else ""
    return FeedEntry(
        guid=guid_for(item, site),
        link=link,
        title=item.title,
        published=item.date,
        # Its own: taking the newer message's date gave the two entries the same updated.
        updated=item.last_changed,
        summary=item.summary,
        content_html=notice + body if notice else body,
        categories=categories_for(item, view.settings),
        author=sender_text(item.sender),
        enclosure=enclosure_for(item, site, docs_dir),
    )


def distinct_times(moments: list[tuple[dt.datetime, object]]) -> list[dt.datetime]:
    """Each `(time, rank)`'s time, made distinct: of equal times, the one with the highest
    rank keeps it and each other, by falling rank, takes the first free whole second
    before it. Going back, never forward, keeps the latest time (a feed's own date)
    as it is; times that were not equal stay as they are unless a moved one lands there.
    """
    taken: set[dt.datetime] = set()
    distinct: dict[int, dt.datetime] = {}
    order = sorted(range(len(moments)), key=lambda i: moments[i], reverse=True)
    for index in order:
        moment = moments[index][0]
        while moment in taken:
            moment -= dt.timedelta(seconds=1)
        taken.add(moment)
        distinct[index] = moment
    return [distinct[index] for index in range(len(moments))]


def newest_entries(entries: list[FeedEntry], limit: int) -> list[FeedEntry]:
    """The newest `limit` entries, newest first; the GUID breaks ties so order never varies.

    No two carry the same `updated`: of entries updated at the same moment, the one
    published last (then the greater GUID) keeps it; see `distinct_times`.
    """
    shown = sorted(entries, key=lambda e: (e.published, e.guid), reverse=True)[:limit]
    times = distinct_times([(e.updated, (e.published, e.guid)) for e in shown])
    return [
        entry if entry.updated == updated else dataclasses.replace(entry, updated=updated)
        for entry, updated in zip(shown, times, strict=True)
    ]


def feed_date(entries: list[FeedEntry]) -> dt.datetime:
    """The latest `updated` or `date` among the feed's entries, never the build time."""
    return max((entry.updated for entry in entries), default=EMPTY_FEED_DATE)


def rss_feed(
    scope: FeedScope, entries: list[FeedEntry], site: FeedSite, options: FeedOptions
) -> bytes:
    """The scope's RSS 2.0 feed. `entries` may be in any order and longer than the limit."""
    shown = newest_entries(entries, options.entry_limit)
    feed = _feed(scope, shown, site, self_type=RSS_TYPE, self_path=scope.rss_path)
    feed.load_extension("dc")  # RSS's own <author> must be an email address; senders are names
    feed.ttl(options.ttl_minutes)
    feed.pubDate(feed_date(shown))
    for entry in shown:
        # Readers take an RSS title that looks like HTML as HTML: escape it as HTML first,
        # as the description is, so a title can never become markup or a link.
        item = _entry(feed, entry, title=html.escape(entry.title, quote=False))
        # RSS description is HTML: the summary is HTML-escaped here, XML-escaped by lxml.
        if entry.summary:
            item.description(html.escape(entry.summary, quote=False))
        if entry.content_html:
            item.content(entry.content_html)  # content:encoded beside the description
        if entry.author:
            item.dc.dc_creator(entry.author)
        if entry.enclosure:
            item.enclosure(entry.enclosure.url, entry.enclosure.length, entry.enclosure.mime_type)
    return with_stylesheet(feed.rss_str(pretty=True), site)


def atom_feed(
    scope: FeedScope, entries: list[FeedEntry], site: FeedSite, options: FeedOptions
) -> bytes:
    """The scope's Atom 1.0 feed. `entries` may be in any order and longer than the limit."""
    shown = newest_entries(entries, options.entry_limit)
    feed = _feed(scope, shown, site, self_type=ATOM_TYPE, self_path=scope.atom_path)
    feed.id(site.absolute(scope.atom_path))
    # Atom requires an author for every entry; the site stands in for an entry without a sender.
    feed.author(name=site.name)
    # BaseExtension: the enclosure needs nothing at feed level.
    feed.register_extension("alerts", BaseExtension, _AtomEnclosure, atom=True, rss=False)
    for entry in shown:
        item = _entry(feed, entry, title=entry.title)  # Atom titles are type="text"
        if entry.summary:
            item.summary(entry.summary, type="text")
        if entry.content_html:
            item.content(entry.content_html, type="html")
        if entry.author:
            item.author(name=entry.author)
        item.alerts.enclosure = entry.enclosure
    return with_stylesheet(feed.atom_str(pretty=True), site)


def stylesheet_href(site: FeedSite) -> str:
    """The stylesheet's path from the host's root: a browser applies only a stylesheet of
    the feed's own origin, so no host name (a copy served elsewhere still finds it)."""
    return urlsplit(site.url).path + STYLESHEET_FILE


def with_stylesheet(document: bytes, site: FeedSite) -> bytes:
    """The feed with the processing instruction naming the site's stylesheet, just after
    the XML declaration (feedgen writes the feed element alone)."""
    declaration, newline, rest = document.partition(b"\n")
    instruction = f'<?xml-stylesheet type="text/xsl" href="{html.escape(stylesheet_href(site))}"?>'
    return declaration + newline + instruction.encode("utf-8") + newline + rest


def feed_stylesheet(site: FeedSite) -> bytes:
    """The XSL stylesheet every RSS and Atom feed names: it shows a feed opened in a
    browser as a page saying what a feed is and how to subscribe, then its entries."""
    text = environment().get_template("feeds/feed.xsl").render(site=site)
    return text.encode("utf-8")


def json_feed(
    scope: FeedScope, entries: list[FeedEntry], site: FeedSite, options: FeedOptions
) -> bytes:
    """The scope's JSON Feed 1.1. `entries` may be in any order and longer than the limit.

    Keys are written in a fixed order (the spec's), so the bytes never vary.
    """
    shown = newest_entries(entries, options.entry_limit)
    feed = {
        "version": JSON_FEED_VERSION,
        "title": scope.title,
        "home_page_url": site.absolute(scope.path),
        "feed_url": site.absolute(scope.json_path),
        "description": scope.description,
        "language": site.language,
        # As in Atom: the site stands in for an entry without a sender.
        "authors": [{"name": site.name}],
        "items": [_json_item(entry) for entry in shown],
    }
    return (json.dumps(feed, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


@dataclass(frozen=True)
class ScopeFeeds:
    """One scope's feeds: the items they carry, newest first, and a hash of all their inputs
    (an unchanged key means unchanged files)."""

    scope: FeedScope
    items: tuple[Item, ...]
    key: str

    def files(self, options: FeedOptions) -> list[tuple[str, str]]:
        """Its files: (the suffix a cache entry keeps it under, its path under the site)."""
        files = [(".rss.xml", self.scope.rss_path), (".atom.xml", self.scope.atom_path)]
        return files + [(".json", self.scope.json_path)] if options.json_feed else files


def scope_feeds(
    archive: Archive,
    page_html: dict[str, str],
    kinds: list[str],
    site: FeedSite,
    options: FeedOptions,
    docs_dir: Path,
) -> list[ScopeFeeds]:
    """Every feed scope of the chosen kinds, with its items and the key of its inputs."""
    scopes = []
    for scope in all_scopes(kinds, archive.settings, site):
        newest = scope_items(scope, archive)[: options.entry_limit]
        entries = [
            (
                item.fingerprint,
                fingerprints(archive.successor_of(item)),
                page_html.get(item.id),
                _image_size(item, docs_dir),
            )
            for item in newest
        ]
        key = cache_key(
            "feeds", repr(scope), repr(site), repr(options), archive.settings.fingerprint, entries
        )
        scopes.append(ScopeFeeds(scope, newest, key))
    return scopes


def _image_size(item: Item, docs_dir: Path) -> int | None:
    return (docs_dir / item.image).stat().st_size if item.image else None


def render_feeds(
    scopes: list[ScopeFeeds],
    archive: Archive,
    page_html: dict[str, str],
    site: FeedSite,
    options: FeedOptions,
    docs_dir: Path,
) -> dict[str, bytes]:
    """The feeds of `scopes`, by path under the site root.

    `page_html` is each item's built page body by item id. An item becomes a
    feed entry once, however many feeds carry it, and only if one does; the
    archive says once, there, what replaced it.
    """
    entries: dict[str, FeedEntry] = {}
    written: dict[str, bytes] = {}
    for scope_feed in scopes:
        for item in scope_feed.items:
            if item.id not in entries:
                entries[item.id] = feed_entry(
                    view_of(item, archive),
                    page_html.get(item.id),
                    site,
                    docs_dir,
                    options.full_content,
                )
        scope, scoped = scope_feed.scope, [entries[item.id] for item in scope_feed.items]
        written[scope.rss_path] = rss_feed(scope, scoped, site, options)
        written[scope.atom_path] = atom_feed(scope, scoped, site, options)
        if options.json_feed:
            written[scope.json_path] = json_feed(scope, scoped, site, options)
    return written


def all_feeds(
    archive: Archive,
    page_html: dict[str, str],
    kinds: list[str],
    site: FeedSite,
    options: FeedOptions,
    docs_dir: Path,
) -> dict[str, bytes]:
    """Every feed of the chosen kinds, by path under the site root."""
    scopes = scope_feeds(archive, page_html, kinds, site, options, docs_dir)
    return render_feeds(scopes, archive, page_html, site, options, docs_dir)


def _feed(
    scope: FeedScope, shown: list[FeedEntry], site: FeedSite, self_type: str, self_path: str
) -> FeedGenerator:
    """What both formats share. feedgen dates a feed "now" unless told otherwise."""
    feed = FeedGenerator()
    feed.title(scope.title)
    feed.description(scope.description)  # RSS description, Atom subtitle
    feed.language(site.language)
    feed.link(href=site.absolute(self_path), rel="self", type=self_type)
    # Last, because feedgen makes the last link the RSS channel's <link>.
    feed.link(href=site.absolute(scope.path), rel="alternate", type="text/html")
    feed.updated(feed_date(shown))  # Atom updated and RSS lastBuildDate
    return feed


def _entry(feed: FeedGenerator, entry: FeedEntry, title: str) -> FeedgenEntry:
    """What both formats share for one entry, added in the order given (feedgen prepends)."""
    item = feed.add_entry(order="append")
    item.guid(entry.guid, permalink=False)  # also the Atom id
    item.title(title)
    item.link(href=entry.link)
    item.updated(entry.updated)
    item.published(entry.published)  # also RSS pubDate
    if entry.categories:  # in one call: feedgen re-checks every category on each call
        item.category([{"term": term, "label": label} for term, label in entry.categories])
    return item


def _json_item(entry: FeedEntry) -> dict[str, object]:
    """One entry as a JSON Feed item, with the same GUID, dates and HTML as RSS and Atom."""
    item: dict[str, object] = {"id": entry.guid, "url": entry.link, "title": entry.title}
    # JSON Feed requires content: a summary-only entry carries its summary as plain text.
    if entry.content_html is not None:
        item["content_html"] = entry.content_html
    else:
        item["content_text"] = entry.summary or entry.title
    if entry.summary:
        item["summary"] = entry.summary
    if entry.enclosure:
        item["image"] = entry.enclosure.url
    item["date_published"] = entry.published.isoformat()
    item["date_modified"] = entry.updated.isoformat()
    if entry.author:
        item["authors"] = [{"name": entry.author}]
    # JSON Feed tags are bare strings: the labels readers see, as RSS categories show them.
    tags = list(dict.fromkeys(label for _, label in entry.categories))
    if tags:
        item["tags"] = tags
    if entry.enclosure:
        item["attachments"] = [
            {
                "url": entry.enclosure.url,
                "mime_type": entry.enclosure.mime_type,
                "size_in_bytes": entry.enclosure.length,
            }
        ]
    return item


class _AtomEnclosure(BaseEntryExtension):
    """Atom's enclosure link, written here because feedgen 1.0 drops rel and type from
    entry links (lkiesow/python-feedgen#135), which would turn it into a second
    alternate link."""

    def __init__(self) -> None:
        self.enclosure: Enclosure | None = None

    def extend_atom(self, entry: etree._Element) -> etree._Element:
        if self.enclosure is not None:
            etree.SubElement(
                entry,
                "link",
                rel="enclosure",
                href=self.enclosure.url,
                type=self.enclosure.mime_type,
                length=str(self.enclosure.length),
            )
        return entry
