"""Email-ready HTML and plain text for each message, weekly and daily digests, and the
outbox that lists them all for a mailing service. No MkDocs here.

Staff paste these into a mailing service, so each HTML email is one
self-contained document that survives Outlook, Gmail and phone mail apps: a
600px single column of `role="presentation"` tables (Cerberus' fluid layout
with a fixed-width ghost table for Outlook), every style inlined by
css-inline with only the media queries and dark mode left in a <style>,
absolute addresses everywhere, images by https address and never embedded.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass
from functools import cache, cached_property, partial
from html import unescape
from urllib.parse import urljoin

import css_inline
from markupsafe import Markup, escape

from ..cache import Fingerprinted, cache_key, job_key
from ..core.archive import Archive
from ..core.dates import LONDON, day_for_readers, for_readers
from ..core.item import COUNTY_WIDE, Item, Settings
from .plaintext import html_to_text
from .present import CATEGORY_NAMES, SECTION_SINGULAR, Area, ItemView, area_of, view_of
from .sanitise import clean_html
from .templates import environment

# The widest an image may be: the 600px column less the card's padding either side.
CONTENT_WIDTH = 552
# Gmail clips a message whose HTML is longer than this and hides the rest.
GMAIL_CLIP_BYTES = 102_000
URL_IN_TEXT = re.compile(r"https?://[^\s<>\"]+[^\s<>\".,;:!?)]")
IMG_TAG = re.compile(r"<img\b(?:[^>\"']|\"[^\"]*\"|'[^']*')*>")
IMG_ATTRIBUTE = re.compile(r"\s([a-z-]+)=\"([^\"]*)\"")
# A start tag as html5ever writes it: every attribute value in double quotes.
START_TAG = re.compile(r"<[a-zA-Z][^\s/>]*(?:\s+[^\s\"'>/=]+(?:=\"[^\"]*\")?)*\s*/?>")
ATTRIBUTE_VALUE = re.compile(r"=\"([^\"]*)\"")
# A link with text only inside, its start tag as html5ever writes it (as START_TAG).
LINK_TEXT = re.compile(r"(<a\b(?:\s+[^\s\"'>/=]+(?:=\"[^\"]*\")?)*\s*>)([^<]+)(</a>)")
# A word long enough to run past a phone's column (a web address, most often).
LONG_WORD = re.compile(r"\S{20,}")
# Where a web address may wrap: after a slash (not inside "//"), before . ? # & = _ -
BREAK_POINT = re.compile(r"(?<=/)(?!/)|(?<=.)(?=[.?#&=_-])")
# The most characters left together where there is no such point.
BREAK_EVERY = 20
EMAIL_HTML = ".html"
EMAIL_TEXT = ".txt"
EMAIL_INDEX = ".index.html"  # the staff page listing the emails (render_index)
EMAIL_OUTBOX = ".outbox.json"  # every email for a mailing service (render_outbox)
# An email's kind in the outbox: one message, or a digest of a week or a day.
ITEM, WEEKLY, DAILY = "item", "weekly", "daily"
# Alerts a subscriber should not wait for: the outbox marks their emails urgent.
URGENT_SEVERITIES = ("warning", "urgent")


@dataclass(frozen=True)
class EmailSettings(Fingerprinted):
    """What an email needs from the site's configuration."""

    site_name: str
    site_url: str  # absolute, ending in "/"
    # The mailing service's merge tag for the unsubscribe address, written as it is.
    unsubscribe_placeholder: str
    report_text: str  # how to report a crime; web addresses in it become links


@dataclass(frozen=True)
class RenderedEmail:
    html: str
    text: str

    @property
    def size(self) -> int:
        """Bytes of the HTML as sent, the measure Gmail clips by."""
        return len(self.html.encode("utf-8"))


@dataclass(frozen=True)
class EmailJob:
    """One email to write: what it is, where it goes, and how to render it."""

    kind: str  # the section's singular name, or "Weekly digest" or "Daily digest"
    title: str
    date_text: str
    label: str  # how the build log names it: the source file, or the digest's week
    html_path: str  # relative to the site root
    text_path: str
    render: partial[RenderedEmail]  # a renderer given every input of the email
    envelope: Envelope  # its entry in the outbox

    @cached_property  # asked for twice a build
    def key(self) -> str:
        """A hash of the renderer and everything it is given."""
        return job_key(self.render.func, *self.render.args)


@dataclass(frozen=True)
class LinkedText:
    """A run of text, linked when `url` is set."""

    text: str
    url: str | None = None


@dataclass(frozen=True)
class Envelope(Fingerprinted):
    """What a mailing service needs to send an email besides the email itself: its entry
    in email/outbox.json (described by schemas/outbox.schema.json)."""

    id: str  # a message's own id, or the digest's period, area and dates: never a path
    kind: str  # ITEM, WEEKLY or DAILY
    subject: str
    preheader: str
    send_after: dt.datetime
    areas: tuple[str, ...]  # whose subscribers it is for; empty: the whole county's digest
    categories: tuple[str, ...]  # an alert's category; empty: for every category
    severities: tuple[str, ...]  # an alert's severity; empty: for every severity
    urgent: bool = False
    supersedes: str | None = None  # the id of the email this one updates or withdraws

    def outbox_entry(self, html_url: str, text_url: str) -> dict[str, object]:
        return {
            "id": self.id,
            "kind": self.kind,
            "subject": self.subject,
            "preheader": self.preheader,
            "html": html_url,
            "text": text_url,
            "audience": {
                "areas": list(self.areas),
                "categories": list(self.categories),
                "severities": list(self.severities),
            },
            # RFC 3339 in London time, as staff read dates.
            "send_after": self.send_after.astimezone(LONDON).isoformat(),
            "urgent": self.urgent,
            "supersedes": self.supersedes,
        }


@dataclass(frozen=True)
class Digest:
    """The published messages of one ISO week or one day (London time), for one area
    (county-wide messages included, as on the area's page) or, with no area, for all."""

    period: str  # WEEKLY or DAILY
    first: dt.date  # the period's first day: a Monday for a week
    area: Area | None
    alerts: tuple[ItemView, ...]  # current ones first, then newest first
    court_news: tuple[ItemView, ...]
    guides: tuple[tuple[ItemView, bool], ...]  # (guide, new in the period rather than updated)

    @property
    def last(self) -> dt.date:
        return self.first + dt.timedelta(days=6 if self.period == WEEKLY else 0)

    @property
    def name(self) -> str:
        """ "2024-W22" for a week, "2024-05-30" for a day."""
        if self.period == DAILY:
            return self.first.isoformat()
        year, week, _ = self.first.isocalendar()
        return f"{year}-W{week:02d}"

    @property
    def path(self) -> str:
        """Where the digest's files go, without their suffix."""
        folder = "email/digest/" if self.period == WEEKLY else "email/daily/"
        return folder + (f"{self.area.slug}/" if self.area else "") + self.name

    @property
    def email_id(self) -> str:
        """ "weekly:fenland:2024-W22": a message id can hold no ":", so none is the same."""
        return ":".join([self.period, *([self.area.slug] if self.area else []), self.name])

    @property
    def days_text(self) -> str:
        """ "16 to 22 November 2026", naming the month and year only where they change;
        "Thursday 30 May 2024" for a day."""
        first, last = self.first, self.last
        if self.period == DAILY:
            return for_readers(dt.datetime.combine(first, dt.time(), LONDON), day_only=True)
        if first.year != last.year:
            return f"{day_for_readers(first)} to {day_for_readers(last)}"
        if first.month != last.month:
            return f"{first.day} {first:%B} to {day_for_readers(last)}"
        return f"{first.day} to {day_for_readers(last)}"

    @property
    def kicker(self) -> str:
        return "Weekly digest" if self.period == WEEKLY else "Daily digest"

    @property
    def title(self) -> str:
        round_up = "weekly round-up" if self.period == WEEKLY else "daily round-up"
        if self.area is None:
            return f"{round_up.capitalize()}: {self.days_text}"
        return f"{self.area.name} {round_up}: {self.days_text}"

    @property
    def count_text(self) -> str:
        """ "3 alerts, court news and 1 guide", for the preheader."""
        parts = []
        if self.alerts:
            parts.append(_count(len(self.alerts), "alert"))
        if self.court_news:
            parts.append("court news")
        if self.guides:
            parts.append(_count(len(self.guides), "new or updated guide", "new or updated guides"))
        return parts[0] if len(parts) == 1 else f"{', '.join(parts[:-1])} and {parts[-1]}"

    @property
    def preheader(self) -> str:
        scope = f" for {self.area.name}" if self.area else ""
        when = "from" if self.period == WEEKLY else "on"
        return f"{self.count_text}{scope} {when} {self.days_text}"

    @property
    def send_after(self) -> dt.datetime:
        """Midnight (London) after the period's last day: a digest is sent once it is over."""
        return dt.datetime.combine(self.last + dt.timedelta(days=1), dt.time(), LONDON)


def _count(number: int, singular: str, plural: str | None = None) -> str:
    return f"{number} {singular if number == 1 else plural or singular + 's'}"


def page_url(item: Item, settings: EmailSettings) -> str:
    return urljoin(settings.site_url, item.url)


def linked_text(text: str) -> tuple[LinkedText, ...]:
    """Plain text with its web addresses as links, for a template to escape and link."""
    runs: list[LinkedText] = []
    position = 0
    for match in URL_IN_TEXT.finditer(text):
        runs += [LinkedText(text[position : match.start()]), LinkedText(match[0], match[0])]
        position = match.end()
    runs.append(LinkedText(text[position:]))
    return tuple(run for run in runs if run.text)


def breakable(text: str) -> Markup:
    """Text, escaped, with a line-break opportunity (<wbr>) inside each long word at the
    points where a web address may wrap. Gmail and Outlook ignore the CSS that would break
    it (overflow-wrap), so a long address in a link would push the email past a phone's
    screen; <wbr> changes nothing where there is room, and nothing in what is copied."""
    pieces: list[str] = []
    position = 0
    for match in LONG_WORD.finditer(text):
        parts = []
        for part in BREAK_POINT.split(match[0]):
            parts += [
                part[start : start + BREAK_EVERY] for start in range(0, len(part), BREAK_EVERY)
            ]
        pieces += [escape(text[position : match.start()]), "<wbr>".join(map(escape, parts))]
        position = match.end()
    pieces.append(escape(text[position:]))
    return Markup("".join(pieces))


def email_body(body_html: str, base_url: str) -> Markup:
    """The page's body for an email: cleaned again, addresses absolute, images sized, long
    link texts (a web address written out) breakable.

    The body was sanitised for the page; cleaning it once more here means
    nothing another plugin added after that can reach a mailbox.
    """
    cleaned = IMG_TAG.sub(_sized_image, clean_html(body_html, base_url=base_url))
    return Markup(LINK_TEXT.sub(_breakable_link, cleaned))


def _breakable_link(match: re.Match[str]) -> str:
    if not LONG_WORD.search(match[2]):
        return match[0]
    return f"{match[1]}{breakable(unescape(match[2]))}{match[3]}"  # str + Markup escapes


def _sized_image(match: re.Match[str]) -> str:
    """An image as mail clients need it: a width attribute (Outlook ignores CSS) and alt text."""
    attributes = dict(IMG_ATTRIBUTE.findall(match[0]))
    if not attributes.get("src"):
        return ""
    width = attributes.get("width", "")
    attributes["width"] = (
        # isdigit() alone takes "²" as a digit, which int() refuses.
        str(min(int(width), CONTENT_WIDTH))
        if width.isascii() and width.isdigit()
        else str(CONTENT_WIDTH)
    )
    attributes.pop("height", None)  # the width may have changed; CSS keeps the proportions
    attributes.setdefault("alt", "")
    return "<img " + " ".join(f'{name}="{value}"' for name, value in attributes.items()) + ">"


@cache
def _inliner() -> css_inline.CSSInliner:
    # The template's own <style> holds only what cannot be inlined (media queries, dark
    # mode) and stays where it is, after the charset; inline.css goes into style attributes.
    env = environment()
    inline_css, _, _ = env.loader.get_source(env, "email/inline.css")
    return css_inline.CSSInliner(
        inline_style_tags=False,
        keep_style_tags=True,
        load_remote_stylesheets=False,
        extra_css=inline_css,
    )


def _finish(html: str, text: str) -> RenderedEmail:
    inlined = START_TAG.sub(_escape_brackets, _inliner().inline(html))
    return RenderedEmail(inlined, re.sub(r"\n{3,}", "\n\n", text).strip() + "\n")


def _escape_brackets(tag: re.Match[str]) -> str:
    """The tag with < and > in its attribute values escaped again.

    html5ever (inside css-inline) writes them as they are, which is valid HTML,
    but a title or alt text escaped going in must stay escaped coming out.
    """
    text = tag[0]
    if "<" not in text[1:] and ">" not in text[:-1]:  # most tags: nothing to escape
        return text
    return ATTRIBUTE_VALUE.sub(
        lambda value: '="' + value[1].replace("<", "&lt;").replace(">", "&gt;") + '"', text
    )


def render_email(view: ItemView, body_html: str, settings: EmailSettings) -> RenderedEmail:
    """One message as an email: HTML for the mailing service and its plain-text alternative."""
    url = page_url(view.item, settings)
    body = email_body(body_html, url)
    context = {
        "view": view,
        "email": settings,
        "page_url": url,
        "area_url": lambda area: urljoin(settings.site_url, area.url),
        "item_url": lambda item: page_url(item, settings),
        "image_url": urljoin(settings.site_url, view.item.image) if view.item.image else "",
        "image_width": CONTENT_WIDTH,
        "kicker": _kicker(view),
        "preheader": item_preheader(view),
        "sender": view.sender,
        "report": linked_text(settings.report_text),
        "breakable": breakable,
    }
    env = environment()
    html = env.get_template("email/item.html").render(body=body, **context)
    text = env.get_template("email/item.txt").render(body_text=html_to_text(body), **context)
    return _finish(html, text)


def item_preheader(view: ItemView) -> str:
    """The line a mail app shows after the subject: the summary, else what the message is."""
    return view.summary or f"{view.section_name}: {view.title}"


def _kicker(view: ItemView) -> str:
    category = CATEGORY_NAMES.get(view.item.category or "")
    return f"{view.section_name}: {category}" if category else view.section_name


def window_start(now: dt.datetime, weeks: int) -> dt.date:
    """The Monday that begins the last `weeks` ISO weeks (London time), this week included."""
    today = now.astimezone(LONDON).date()
    return today - dt.timedelta(days=today.weekday(), weeks=weeks - 1)


def digests(archive: Archive, weeks: int) -> list[Digest]:
    """Every digest of the last `weeks` weeks: the county's weekly ones, then each area's
    weekly and daily ones, each list newest first, for the weeks and days with messages.

    Alerts and court news belong to the day of their date; a guide also to the day it was
    updated, as an updated guide is news again. Only the window is looked at closely, so
    the cost follows the messages of the last weeks, not the whole archive.
    """
    since = window_start(archive.now, weeks)
    since_moment = dt.datetime.combine(since, dt.time(), LONDON)
    recent: list[tuple[Item, dt.date, bool]] = []  # (message, London day, new that day)
    for item in archive.published:
        moments = [(item.date, True)]
        if item.section == "guides" and item.updated:
            moments.append((item.updated, False))
        for moment, is_new in moments:
            if since_moment <= moment <= archive.now:
                recent.append((item, moment.astimezone(LONDON).date(), is_new))
    views: dict[str, ItemView] = {}
    current = set(archive.current_alerts)

    def view(item: Item) -> ItemView:
        if item.id not in views:
            views[item.id] = view_of(item, archive)
        return views[item.id]

    def grouped(period: str, area: Area | None) -> list[Digest]:
        found: dict[dt.date, dict[str, list[tuple[Item, bool]]]] = {}
        for item, day, is_new in recent:
            if area is not None and not item.concerns(area.slug):
                continue
            first = day - dt.timedelta(days=day.weekday()) if period == WEEKLY else day
            entries = found.setdefault(first, {}).setdefault(item.section, [])
            if all(listed is not item for listed, _ in entries):
                entries.append((item, is_new))
        made = []
        for first, sections in sorted(found.items(), reverse=True):
            alerts = [view(item) for item, _ in sections.get("alerts", [])]
            guides = sections.get("guides", [])
            made.append(
                Digest(
                    period,
                    first,
                    area,
                    # Current alerts first (as the archive defines them); the sort is stable,
                    # so each group stays newest first.
                    alerts=tuple(sorted(alerts, key=lambda shown: shown.item not in current)),
                    court_news=tuple(view(item) for item, _ in sections.get("court-news", [])),
                    guides=tuple((view(item), is_new) for item, is_new in guides),
                )
            )
        return made

    areas = [area_of(slug, archive.settings) for slug in archive.settings.areas]
    return grouped(WEEKLY, None) + [
        digest for area in areas for period in (WEEKLY, DAILY) for digest in grouped(period, area)
    ]


def render_digest(
    digest: Digest, content_settings: Settings, settings: EmailSettings
) -> RenderedEmail:
    """A week's or a day's alerts, court news and guides, each with its summary and a link."""
    context = {
        "digest": digest,
        "email": settings,
        "item_url": lambda view: page_url(view.item, settings),
        "area_url": urljoin(settings.site_url, digest.area.url) if digest.area else "",
        "case_area": lambda view, case: view.case_area(case.area),
        "preheader": digest.preheader,
        "sender": content_settings.default_sender,
        "report": linked_text(settings.report_text),
        "breakable": breakable,
    }
    env = environment()
    html = env.get_template("email/digest.html").render(**context)
    text = env.get_template("email/digest.txt").render(**context)
    return _finish(html, text)


def render_index(jobs: list[EmailJob], settings: EmailSettings) -> str:
    """The staff page listing every email, each with a preview link; it sits at email/."""
    # Messages come newest first, as the archive lists them; digests are made area by area,
    # so they are put newest first here (a stable sort: the county's, then each area's).
    groups = [
        ("Weekly digests", [job for job in jobs if job.envelope.kind == WEEKLY]),
        ("Daily digests", [job for job in jobs if job.envelope.kind == DAILY]),
    ]
    groups = [
        (heading, sorted(listed, key=lambda job: job.envelope.send_after, reverse=True))
        for heading, listed in groups
    ] + [("Messages", [job for job in jobs if job.envelope.kind == ITEM])]
    return environment().get_template("email/index.html").render(email=settings, groups=groups)


def index_key(jobs: list[EmailJob], settings: EmailSettings) -> str:
    """A hash of everything `render_index` shows."""
    return cache_key(
        "email-index",
        settings.fingerprint,
        [
            (job.envelope.kind, job.kind, job.title, job.date_text, job.html_path, job.text_path)
            for job in jobs
        ],
    )


def item_email_job(item: Item, archive: Archive, body: str, settings: EmailSettings) -> EmailJob:
    """The email of one published message, whose page's finished body is `body`."""
    view = view_of(item, archive)
    is_alert = item.section == "alerts"
    # A county-wide message concerns every area: each area's subscribers get it.
    areas = tuple(archive.settings.areas) if COUNTY_WIDE in item.areas else item.areas
    return EmailJob(
        kind=SECTION_SINGULAR[item.section],
        title=item.title,
        date_text=view.date_text,
        label=item.source_path,
        html_path=f"{item.url}email.html",
        text_path=f"{item.url}email.txt",
        render=partial(render_email, view, body, settings),
        envelope=Envelope(
            id=item.id,
            kind=ITEM,
            subject=item.title,
            preheader=item_preheader(view),
            send_after=item.date,
            areas=areas,
            categories=(item.category,) if is_alert and item.category else (),
            severities=(item.severity,) if is_alert else (),
            urgent=is_alert and item.severity in URGENT_SEVERITIES,
            # The message it replaced, when that one was published (and so had an email).
            supersedes=view.earlier[0].id if view.earlier else None,
        ),
    )


def digest_jobs(archive: Archive, settings: EmailSettings, weeks: int) -> list[EmailJob]:
    """One email per digest of the last `weeks` weeks (`digests`)."""
    return [
        EmailJob(
            kind=digest.kicker,
            title=digest.title,
            date_text=digest.days_text,
            label=f"the {digest.kicker.lower()} {digest.name}"
            + (f" for {digest.area.name}" if digest.area else ""),
            html_path=f"{digest.path}.html",
            text_path=f"{digest.path}.txt",
            render=partial(render_digest, digest, archive.settings, settings),
            envelope=Envelope(
                id=digest.email_id,
                kind=digest.period,
                subject=digest.title,
                preheader=digest.preheader,
                send_after=digest.send_after,
                areas=(digest.area.slug,) if digest.area else (),
                categories=(),
                severities=(),
            ),
        )
        for digest in digests(archive, weeks)
    ]


def email_files(job: EmailJob) -> dict[str, bytes]:
    """The job's email rendered, as the bytes of its two files by suffix."""
    email = job.render()
    return {EMAIL_HTML: email.html.encode("utf-8"), EMAIL_TEXT: email.text.encode("utf-8")}


def outbox_key(jobs: list[EmailJob], settings: EmailSettings) -> str:
    """A hash of everything `render_outbox` writes: each email's envelope and addresses."""
    return cache_key(
        "email-outbox",
        settings.site_url,
        sorted((job.envelope.fingerprint, job.html_path, job.text_path) for job in jobs),
    )


def render_outbox(jobs: list[EmailJob], settings: EmailSettings) -> bytes:
    """email/outbox.json: every email, by `send_after` then `id`, with the absolute
    addresses of its HTML and text (the emails themselves would make it 20 MB at 1,000
    messages, and a mailing service fetches only the ones it sends)."""
    ordered = sorted(jobs, key=lambda job: (job.envelope.send_after, job.envelope.id))
    entries = [
        job.envelope.outbox_entry(
            urljoin(settings.site_url, job.html_path), urljoin(settings.site_url, job.text_path)
        )
        for job in ordered
    ]
    return (json.dumps(entries, ensure_ascii=False, indent=1) + "\n").encode("utf-8")
