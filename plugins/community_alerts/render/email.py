"""Email-ready HTML and plain text for each message, and a weekly digest. No MkDocs here.

Staff paste these into a mailing service, so each HTML email is one
self-contained document that survives Outlook, Gmail and phone mail apps: a
600px single column of `role="presentation"` tables (Cerberus' fluid layout
with a fixed-width ghost table for Outlook), every style inlined by
css-inline with only the media queries and dark mode left in a <style>,
absolute addresses everywhere, images by https address and never embedded.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import cache, cached_property, partial
from urllib.parse import urljoin

import css_inline
from markupsafe import Markup

from ..cache import Fingerprinted, cache_key, job_key
from ..core.archive import Archive
from ..core.dates import LONDON, day_for_readers
from ..core.item import Item, Settings
from .plaintext import html_to_text
from .present import CATEGORY_NAMES, SECTION_SINGULAR, ItemView, view_of
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
DIGEST = "Weekly digest"
EMAIL_HTML = ".html"
EMAIL_TEXT = ".txt"
EMAIL_INDEX = ".index.html"  # the staff page listing the emails (render_index)


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

    kind: str  # the section's singular name, or "Weekly digest"
    title: str
    date_text: str
    label: str  # how the build log names it: the source file, or the digest's week
    html_path: str  # relative to the site root
    text_path: str
    render: partial[RenderedEmail]  # a renderer given every input of the email

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
class DigestWeek:
    """One ISO week (London time) of published messages."""

    year: int
    week: int
    alerts: tuple[ItemView, ...]  # current ones first, then newest first
    court_news: tuple[ItemView, ...]
    guides: tuple[tuple[ItemView, bool], ...]  # (guide, new this week rather than updated)

    @property
    def name(self) -> str:
        return f"{self.year}-W{self.week:02d}"

    @property
    def days_text(self) -> str:
        """ "16 to 22 November 2026", naming the month and year only where they change."""
        first = dt.date.fromisocalendar(self.year, self.week, 1)
        last = dt.date.fromisocalendar(self.year, self.week, 7)
        if first.year != last.year:
            return f"{day_for_readers(first)} to {day_for_readers(last)}"
        if first.month != last.month:
            return f"{first.day} {first:%B} to {day_for_readers(last)}"
        return f"{first.day} to {day_for_readers(last)}"

    @property
    def title(self) -> str:
        return f"Weekly round-up: {self.days_text}"

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


def email_body(body_html: str, base_url: str) -> Markup:
    """The page's body for an email: cleaned again, addresses absolute, images sized.

    The body was sanitised for the page; cleaning it once more here means
    nothing another plugin added after that can reach a mailbox.
    """
    return Markup(IMG_TAG.sub(_sized_image, clean_html(body_html, base_url=base_url)))


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
        "preheader": view.summary or f"{view.section_name}: {view.title}",
        "sender": view.sender,
        "report": linked_text(settings.report_text),
    }
    env = environment()
    html = env.get_template("email/item.html").render(body=body, **context)
    text = env.get_template("email/item.txt").render(body_text=html_to_text(body), **context)
    return _finish(html, text)


def _kicker(view: ItemView) -> str:
    category = CATEGORY_NAMES.get(view.item.category or "")
    return f"{view.section_name}: {category}" if category else view.section_name


def digest_weeks(archive: Archive) -> list[DigestWeek]:
    """Every ISO week with published messages, newest first.

    Alerts and court news belong to the week of their date; a guide also to
    the week it was updated, as an updated guide is news again.
    """
    found: dict[tuple[int, int], dict[str, list[tuple[Item, bool]]]] = {}
    for item in archive.published:
        moments = [(item.date, True)]
        if item.section == "guides" and item.updated:
            moments.append((item.updated, False))
        for moment, is_new in moments:
            year, week, _ = moment.astimezone(LONDON).isocalendar()
            entries = found.setdefault((year, week), {}).setdefault(item.section, [])
            if all(listed is not item for listed, _ in entries):
                entries.append((item, is_new))

    def views(entries: list[tuple[Item, bool]]) -> tuple[ItemView, ...]:
        return tuple(view_of(item, archive) for item, _ in entries)

    current = set(archive.current_alerts)
    weeks = []
    for (year, week), sections in sorted(found.items(), reverse=True):
        alerts = views(sections.get("alerts", []))
        guides = sections.get("guides", [])
        weeks.append(
            DigestWeek(
                year,
                week,
                # Current alerts first (as the archive defines them); the sort is stable, so
                # each group stays newest first.
                alerts=tuple(sorted(alerts, key=lambda view: view.item not in current)),
                court_news=views(sections.get("court-news", [])),
                guides=tuple(zip(views(guides), (is_new for _, is_new in guides), strict=True)),
            )
        )
    return weeks


def render_digest(
    week: DigestWeek, content_settings: Settings, settings: EmailSettings
) -> RenderedEmail:
    """A week's alerts, court news and guides, each with its summary and a link."""
    context = {
        "week": week,
        "email": settings,
        "item_url": lambda view: page_url(view.item, settings),
        "case_area": lambda view, case: view.case_area(case.area),
        "preheader": f"{week.count_text} from {week.days_text}",
        "sender": content_settings.default_sender,
        "report": linked_text(settings.report_text),
    }
    env = environment()
    html = env.get_template("email/digest.html").render(**context)
    text = env.get_template("email/digest.txt").render(**context)
    return _finish(html, text)


def render_index(jobs: list[EmailJob], settings: EmailSettings) -> str:
    """The staff page listing every email, each with a preview link; it sits at email/."""
    return (
        environment()
        .get_template("email/index.html")
        .render(
            email=settings,
            digests=[job for job in jobs if job.kind == DIGEST],
            messages=[job for job in jobs if job.kind != DIGEST],
        )
    )


def index_key(jobs: list[EmailJob], settings: EmailSettings) -> str:
    """A hash of everything `render_index` shows."""
    return cache_key(
        "email-index",
        settings.fingerprint,
        [(job.kind, job.title, job.date_text, job.html_path, job.text_path) for job in jobs],
    )


def email_jobs(
    archive: Archive, bodies: dict[str, str], settings: EmailSettings, digests: bool
) -> list[EmailJob]:
    """Every email of the build: one per published message whose page body is known, and
    one per week when `digests` is on. Rendering waits until a job's `render` is called."""
    jobs = [
        item_email_job(item, archive, body, settings)
        for item in archive.published
        # No body: its page was not rebuilt (`mkdocs serve --dirty`).
        if (body := bodies.get(item.source_path)) is not None
    ]
    return jobs + (digest_jobs(archive, settings) if digests else [])


def item_email_job(item: Item, archive: Archive, body: str, settings: EmailSettings) -> EmailJob:
    """The email of one published message, whose page's finished body is `body`."""
    view = view_of(item, archive)
    return EmailJob(
        kind=SECTION_SINGULAR[item.section],
        title=item.title,
        date_text=view.date_text,
        label=item.source_path,
        html_path=f"{item.url}email.html",
        text_path=f"{item.url}email.txt",
        render=partial(render_email, view, body, settings),
    )


def digest_jobs(archive: Archive, settings: EmailSettings) -> list[EmailJob]:
    """One digest email per ISO week with published messages, newest first."""
    jobs = []
    for week in digest_weeks(archive):
        jobs.append(
            EmailJob(
                kind=DIGEST,
                title=week.title,
                date_text=week.days_text,
                label=f"the weekly digest {week.name}",
                html_path=f"email/digest/{week.name}.html",
                text_path=f"email/digest/{week.name}.txt",
                render=partial(render_digest, week, archive.settings, settings),
            )
        )
    return jobs


def email_files(job: EmailJob) -> dict[str, bytes]:
    """The job's email rendered, as the bytes of its two files by suffix."""
    email = job.render()
    return {EMAIL_HTML: email.html.encode("utf-8"), EMAIL_TEXT: email.text.encode("utf-8")}
