"""CAP 1.2 (OASIS Common Alerting Protocol) files of published alerts. No MkDocs here.

One `cap.xml` beside each alert's page, and `alerts/cap.atom`, the Atom index
of current alerts that CAP aggregators poll. Every date comes from the content,
never the clock, so two builds of the same content give the same bytes.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from functools import cached_property
from urllib.parse import quote, urlsplit

import markdown
from lxml import etree
from lxml import html as lxml_html

from ..cache import Fingerprinted, job_key
from ..core.archive import Archive
from ..core.dates import LONDON
from ..core.item import COUNTY_WIDE, Item
from .feeds import distinct_times
from .plaintext import elements_to_text
from .present import CATEGORY_NAMES
from .sanitise import clean_html

CAP_FILE = "cap.xml"
CAP_SUFFIX = ".xml"
CAP_INDEX_PATH = "alerts/cap.atom"
CAP_NAMESPACE = "urn:oasis:names:tc:emergency:cap:1.2"
CAP_TYPE = "application/cap+xml"
ATOM_NAMESPACE = "http://www.w3.org/2005/Atom"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
# Category -> CAP <category>. CAP's "Security" is "law enforcement, military, homeland
# and local/private security": every crime message, appeals for witnesses included, is
# law enforcement. A community message (a meeting, a volunteering call) is none of CAP's
# hazards, so "Other".
CAP_CATEGORIES = {
    "burglary": "Security",
    "theft": "Security",
    "fraud": "Security",
    "appeal": "Security",
    "road-safety": "Transport",
    "safeguarding": "Safety",
    "community": "Other",
    "other": "Other",
}
# Severity -> (CAP urgency, CAP severity).
CAP_LEVELS = {
    "info": ("Future", "Minor"),
    "advisory": ("Future", "Moderate"),
    "warning": ("Expected", "Severe"),
    "urgent": ("Immediate", "Extreme"),
}
CAP_MESSAGE_TYPES = {"actual": "Alert", "update": "Update", "cancel": "Cancel"}
CAP_CERTAINTIES = ("Observed", "Likely", "Possible", "Unlikely", "Unknown")
DEFAULT_CERTAINTY = "Observed"
DEFAULT_INSTRUCTION_HEADINGS = ("What to do",)
# CAP identifiers and senders "MUST NOT include spaces, commas or restricted characters (< and &)".
_NOT_IN_IDENTIFIER = re.compile(r"[\s,<&]+")
# Characters XML 1.0 cannot carry at all; lxml refuses them rather than escaping them.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_HEADING = re.compile(r"h[1-6]")
# An index with no current alert has no newest entry to take its date from, and must
# not take the build time: the epoch says "nothing current" and never changes.
EMPTY_INDEX_DATE = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
_POINT = r"-?\d+(\.\d+)?,-?\d+(\.\d+)?"
_POLYGON = re.compile(rf"{_POINT}( {_POINT}){{3,}}")


@dataclass(frozen=True)
class AreaGeometry:
    """Where an area is, for receivers that map alerts: CAP polygons and geocodes."""

    polygons: tuple[str, ...] = ()  # each "lat,lon lat,lon ...", first point repeated last
    geocodes: tuple[tuple[str, str], ...] = ()  # (valueName, value), e.g. ("ONS", "E07000008")


@dataclass(frozen=True)
class CapSettings(Fingerprinted):
    """What every CAP file needs to know about the site."""

    site_url: str  # absolute, ending in "/"
    site_name: str
    sender: str  # CAP <sender>: who sends, e.g. the site's host name
    guid_tag_date: str  # the date in each index entry's tag URI (RFC 4151)
    identifier_prefix: str = ""
    instruction_headings: tuple[str, ...] = DEFAULT_INSTRUCTION_HEADINGS
    certainty_by_category: dict[str, str] = field(default_factory=dict)
    area_geometry: dict[str, AreaGeometry] = field(default_factory=dict)
    county_wide_name: str = "Cambridgeshire"  # the areaDesc of county-wide alerts
    language: str = "en-GB"  # the site's language: the index's xml:lang
    # The site's Markdown extensions (names or Extension objects) and their options, so
    # the CAP text reads as the page does.
    markdown_extensions: tuple[object, ...] = ()
    markdown_configs: dict[str, dict] = field(default_factory=dict)

    @property
    def host(self) -> str:
        return urlsplit(self.site_url).hostname or ""

    @cached_property
    def markdown_converter(self) -> markdown.Markdown:
        """One converter for the whole build: building one with extensions takes milliseconds."""
        return markdown.Markdown(
            extensions=list(self.markdown_extensions), extension_configs=self.markdown_configs
        )

    def __getstate__(self) -> dict[str, object]:
        # The converter is remade where it is needed (in the worker): it does not pickle.
        return {name: value for name, value in vars(self).items() if name != "markdown_converter"}

    def absolute(self, path: str) -> str:
        return self.site_url + quote(path)


def default_sender(site_url: str) -> str:
    """The site's host name: unique to the sender, as CAP asks, and with nothing CAP forbids."""
    return urlsplit(site_url).hostname or ""


def sender_problem(sender: str) -> str | None:
    """Why a configured sender cannot be a CAP <sender>, or None."""
    if not sender or _NOT_IN_IDENTIFIER.search(sender):
        return (
            f"'{sender}' is not a CAP sender: write it without spaces, commas, < or &, "
            "e.g. alerts.example.org"
        )
    return None


def polygon_problem(polygon: str) -> str | None:
    """Why a configured polygon is not a CAP polygon, or None."""
    points = polygon.split()
    if not _POLYGON.fullmatch(" ".join(points)) or points[0] != points[-1]:
        return (
            f"'{polygon}' is not a CAP polygon: write at least four 'latitude,longitude' "
            "pairs separated by spaces, the last the same as the first, e.g. "
            "'52.2,0.1 52.3,0.1 52.3,0.2 52.2,0.1'"
        )
    return None


def cap_identifier(item: Item, settings: CapSettings) -> str:
    return _NOT_IN_IDENTIFIER.sub("-", settings.identifier_prefix + item.id)


def cap_time(moment: dt.datetime) -> str:
    """A CAP date-time: London time with its offset, to the second. CAP forbids "Z"."""
    return moment.astimezone(LONDON).isoformat(timespec="seconds")


def cap_reference(item: Item, settings: CapSettings) -> str:
    """The "sender,identifier,sent" by which a later message refers to this one."""
    return f"{settings.sender},{cap_identifier(item, settings)},{cap_time(item.date)}"


def cap_path(item: Item) -> str:
    return item.url + CAP_FILE


@dataclass(frozen=True)
class CapJob:
    """One alert's CAP file: everything it is made from, so it can be made in another process."""

    item: Item
    replaced: Item | None  # the published message this update or withdrawal changes
    area_names: dict[str, str]  # the site's area slugs and names
    settings: CapSettings
    body_html: str | None  # the page's finished body, when the build has it

    @property
    def path(self) -> str:
        return cap_path(self.item)

    @cached_property  # asked for twice a build
    def key(self) -> str:
        return job_key(_alert_document, self)

    def files(self) -> dict[str, bytes]:
        """The CAP file's bytes by file suffix, as the output cache stores them."""
        return {CAP_SUFFIX: _alert_document(self)}


def cap_job(
    item: Item, archive: Archive, settings: CapSettings, body_html: str | None = None
) -> CapJob:
    return CapJob(
        item,
        next(iter(archive.earlier_of(item)), None),
        dict(archive.settings.areas),
        settings,
        body_html,
    )


def cap_alert(
    item: Item, archive: Archive, settings: CapSettings, body_html: str | None = None
) -> bytes:
    """The CAP 1.2 <alert> of one published alert."""
    return _alert_document(cap_job(item, archive, settings, body_html))


def _alert_document(job: CapJob) -> bytes:
    item, settings = job.item, job.settings
    alert = etree.Element(f"{{{CAP_NAMESPACE}}}alert", nsmap={None: CAP_NAMESPACE})

    def add(parent: etree._Element, name: str, text: str) -> etree._Element:
        child = etree.SubElement(parent, f"{{{CAP_NAMESPACE}}}{name}")
        child.text = _NOT_XML.sub("", text)
        return child

    add(alert, "identifier", cap_identifier(item, settings))
    add(alert, "sender", settings.sender)
    add(alert, "sent", cap_time(item.date))
    add(alert, "status", "Actual")
    # An update or withdrawal of an alert that was never published (a draft) is,
    # to a receiver, the first message it hears of it.
    add(alert, "msgType", CAP_MESSAGE_TYPES[item.status] if job.replaced else "Alert")
    add(alert, "scope", "Public")
    if job.replaced:
        add(alert, "references", cap_reference(job.replaced, settings))

    info = etree.SubElement(alert, f"{{{CAP_NAMESPACE}}}info")
    category = item.category or "other"
    urgency, severity = CAP_LEVELS[item.severity]
    add(info, "language", "en-GB")
    add(info, "category", CAP_CATEGORIES[category])
    add(info, "event", CATEGORY_NAMES[category])
    add(info, "urgency", urgency)
    add(info, "severity", severity)
    add(info, "certainty", settings.certainty_by_category.get(category, DEFAULT_CERTAINTY))
    if item.expires is not None:
        add(info, "expires", cap_time(item.expires))
    add(info, "senderName", sender_name(item, settings))
    add(info, "headline", item.title)
    description, instruction = description_and_instruction(item, settings, job.body_html)
    add(info, "description", description or item.summary)
    if instruction:
        add(info, "instruction", instruction)
    add(info, "web", settings.absolute(item.url))
    for slug in item.areas:
        area = etree.SubElement(info, f"{{{CAP_NAMESPACE}}}area")
        add(area, "areaDesc", area_name(slug, job.area_names, settings))
        geometry = settings.area_geometry.get(slug, AreaGeometry())
        for polygon in geometry.polygons:
            add(area, "polygon", " ".join(polygon.split()))
        for value_name, value in geometry.geocodes:
            geocode = etree.SubElement(area, f"{{{CAP_NAMESPACE}}}geocode")
            add(geocode, "valueName", value_name)
            add(geocode, "value", value)
    return etree.tostring(alert, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def sender_name(item: Item, settings: CapSettings) -> str:
    """CAP's senderName is the issuing agency: the organisation, else whoever signed it."""
    return item.sender.organisation or item.sender.name or settings.site_name


def area_name(slug: str, area_names: dict[str, str], settings: CapSettings) -> str:
    # "County-wide" means nothing to a receiver outside the county.
    return settings.county_wide_name if slug == COUNTY_WIDE else area_names[slug]


def description_and_instruction(
    item: Item, settings: CapSettings, body_html: str | None = None
) -> tuple[str, str]:
    """The body as plain text, paragraphs kept, split into what happened and what to do.

    `body_html` is the page's finished body when the build has it; otherwise the
    Markdown is converted here.

    The instruction is every section under a heading named in
    `instruction_headings`, down to the next heading of the same or a higher
    level (its own sub-headings belong to it); the description is the rest.
    """
    if body_html is None:
        body_html = settings.markdown_converter.reset().convert(item.body)
    wanted = {_heading_key(heading) for heading in settings.instruction_headings}
    description: list[etree._Element] = []
    instruction: list[etree._Element] = []
    instruction_level: int | None = None
    for element in _top_level_elements(clean_html(body_html)):
        if isinstance(element.tag, str) and _HEADING.fullmatch(element.tag):
            level = int(element.tag[1])
            if instruction_level is not None and level <= instruction_level:
                instruction_level = None
            if instruction_level is None and _heading_key(element.text_content()) in wanted:
                instruction_level = level
                continue
        target = instruction if instruction_level is not None else description
        target.append(element)
    return elements_to_text(description).strip(), elements_to_text(instruction).strip()


def _top_level_elements(fragment: str) -> list[etree._Element]:
    if not fragment.strip():
        return []
    container = lxml_html.fragment_fromstring(fragment, create_parent="div")
    elements = list(container)
    if container.text and container.text.strip():
        paragraph = lxml_html.Element("p")
        paragraph.text = container.text
        elements.insert(0, paragraph)
    return elements


def _heading_key(text: str) -> str:
    # "What to do", "What to do:" and "What to do ¶" (a permalink) are the same heading.
    return " ".join(re.sub(r"[^\w\s]", " ", text).split()).casefold()


def cap_index(archive: Archive, settings: CapSettings) -> bytes:
    """The Atom index of current alerts, each entry linking its CAP file."""
    alerts = archive.current_alerts
    feed = etree.Element(f"{{{ATOM_NAMESPACE}}}feed", nsmap={None: ATOM_NAMESPACE})
    feed.set(XML_LANG, settings.language)

    def add(
        parent: etree._Element, name: str, text: str | None = None, **attributes: str
    ) -> etree._Element:
        child = etree.SubElement(parent, f"{{{ATOM_NAMESPACE}}}{name}", attributes)
        if text is not None:
            child.text = _NOT_XML.sub("", text)
        return child

    add(feed, "id", settings.absolute(CAP_INDEX_PATH))
    add(feed, "title", f"{settings.site_name}: current alerts (CAP)")
    newest = max((item.last_changed for item in alerts), default=EMPTY_INDEX_DATE)
    add(feed, "updated", cap_time(newest))
    add(add(feed, "author"), "name", settings.site_name)
    add(
        feed,
        "link",
        rel="self",
        type="application/atom+xml",
        href=settings.absolute(CAP_INDEX_PATH),
    )
    add(feed, "link", rel="alternate", type="text/html", href=settings.absolute("alerts/"))
    # No two entries with the same updated, by the feeds' rule.
    updated = distinct_times([(item.last_changed, (item.date, item.id)) for item in alerts])
    for item, item_updated in zip(alerts, updated, strict=True):
        entry = add(feed, "entry")
        add(
            entry,
            "id",
            f"tag:{settings.host},{settings.guid_tag_date}:cap/"
            f"{quote(cap_identifier(item, settings), safe='/:')}",
        )
        add(entry, "title", item.title)
        add(entry, "updated", cap_time(item_updated))
        add(entry, "published", cap_time(item.date))
        add(add(entry, "author"), "name", sender_name(item, settings))
        add(entry, "link", rel="alternate", type=CAP_TYPE, href=settings.absolute(cap_path(item)))
        add(entry, "link", rel="related", type="text/html", href=settings.absolute(item.url))
        if item.summary:
            add(entry, "summary", item.summary)
    return etree.tostring(feed, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def cap_files(
    archive: Archive, settings: CapSettings, bodies: dict[str, str] | None = None
) -> dict[str, bytes]:
    """Every CAP file of the build by its path under the site root.

    `bodies` holds the pages' finished body HTML by source path, where the build has it.
    """
    bodies = bodies or {}
    files = {
        cap_path(item): cap_alert(item, archive, settings, bodies.get(item.source_path))
        for item in archive.section("alerts")
    }
    files[CAP_INDEX_PATH] = cap_index(archive, settings)
    return files
