"""One text message per published alert: items in, text out. No MkDocs here.

`sms.txt` beside each alert's page: area, title and the page's address in
one GSM-7 message (160 characters). Only the title is ever shortened, at a
word, so the area and the link always arrive whole. Every character is from
the GSM 03.38 basic set: a single character outside it would make the phone
network send the text as UCS-2, where one message holds only 70.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cached_property
from urllib.parse import quote

from ..cache import Fingerprinted, job_key
from ..core.archive import Archive
from ..core.item import COUNTY_WIDE, Item
from .templates import environment

SMS_FILE = "sms.txt"
SMS_SUFFIX = ".txt"
SMS_LIMIT = 160
# GSM 03.38 basic character set (3GPP TS 23.038, 6.2.1), one septet each. The
# extension table (^ { } \ [ ] ~ | €) costs two septets and some phones show it wrongly.
GSM7_BASIC = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
# Characters a writer's keyboard or word processor gives, as plain GSM-7 equivalents.
_PLAIN = str.maketrans(
    {
        "‘": "'",
        "’": "'",
        "‚": "'",
        "‛": "'",
        "′": "'",
        "`": "'",
        "´": "'",
        "“": '"',
        "”": '"',
        "„": '"',
        "‟": '"',
        "″": '"',
        "«": '"',
        "»": '"',
        "‐": "-",
        "‑": "-",
        "‒": "-",
        "–": "-",
        "—": "-",
        "―": "-",
        "−": "-",
        "•": "-",
        "·": "-",
        "…": "...",
        "€": "EUR",
        "×": "x",
        "÷": "/",
        "[": "(",
        "]": ")",
        "{": "(",
        "}": ")",
        "\\": "/",
        "|": "/",
        "~": "-",
        "^": "",
        "\u00a0": " ",
        "\u2009": " ",
        "\u202f": " ",
        "\u2007": " ",
        "\u200b": "",
        "\u00ad": "",
    }
)
ELLIPSIS = "..."
# Punctuation that would dangle before the ellipsis of a shortened title.
_DANGLING = " ,;:-'\"(/&"


class SmsTooLong(ValueError):
    """The area and link alone do not leave room in one message."""


@dataclass(frozen=True)
class SmsSettings(Fingerprinted):
    site_url: str  # absolute, ending in "/"
    limit: int = SMS_LIMIT
    county_wide_name: str = "Cambridgeshire"  # what a county-wide alert's text calls its area


def to_gsm7(text: str) -> str:
    """The text in GSM-7 basic characters: typographic marks made plain, accents that GSM
    lacks taken off ("ç" -> "c"), anything else left out; whitespace collapsed."""
    characters = []
    for character in text.translate(_PLAIN):
        if character in GSM7_BASIC:
            characters.append(character)
        elif character.isspace():
            characters.append(" ")
        else:
            base = unicodedata.normalize("NFKD", character)
            characters.extend(c for c in base.translate(_PLAIN) if c in GSM7_BASIC)
    return " ".join("".join(characters).split())


def shorten_at_word(text: str, limit: int) -> str:
    """The text cut at a word to fit `limit`, with "..."; "" when not even one word fits."""
    if len(text) <= limit:
        return text
    kept = ""
    for word in text.split(" "):
        candidate = f"{kept} {word}" if kept else word
        if len(candidate.rstrip(_DANGLING)) + len(ELLIPSIS) > limit:
            break
        kept = candidate
    kept = kept.rstrip(_DANGLING)
    return kept + ELLIPSIS if kept else ""


def sms_path(item: Item) -> str:
    return item.url + SMS_FILE


@dataclass(frozen=True)
class SmsJob:
    """One alert's text message: everything it is made from, so another process can make it."""

    item: Item
    area_names: dict[str, str]  # the site's area slugs and names
    settings: SmsSettings

    @property
    def path(self) -> str:
        return sms_path(self.item)

    @cached_property  # asked for twice a build
    def key(self) -> str:
        return job_key(_message, self)

    def files(self) -> dict[str, bytes]:
        """The text's bytes by file suffix, as the output cache stores them."""
        return {SMS_SUFFIX: _message(self).encode("utf-8")}


def sms_job(item: Item, archive: Archive, settings: SmsSettings) -> SmsJob:
    return SmsJob(item, dict(archive.settings.areas), settings)


def sms_text(item: Item, archive: Archive, settings: SmsSettings) -> str:
    """The message: "Area (update): Title https://...", the title shortened to fit."""
    return _message(sms_job(item, archive, settings))


def _message(job: SmsJob) -> str:
    item, settings = job.item, job.settings
    slug = item.areas[0]
    area = settings.county_wide_name if slug == COUNTY_WIDE else job.area_names[slug]
    status_word = {"update": "update", "cancel": "withdrawn"}.get(item.status, "")
    if status_word in re.findall(r"\w+", item.title.casefold()):
        status_word = ""  # "Update: arrests made" says it already
    url = settings.site_url + quote(item.url)
    template = environment().get_template("sms/alert.txt")

    def render(title: str) -> str:
        return template.render(
            area=to_gsm7(area), status_word=status_word, title=title, url=url
        ).strip()

    if not set(url) <= GSM7_BASIC:
        raise SmsTooLong(
            f"{item.source_path}: the address {url} has characters a text message cannot carry"
        )
    room = settings.limit - len(render(""))
    if room < 0:
        raise SmsTooLong(
            f"{item.source_path}: the area and address alone take "
            f"{len(render(''))} characters, more than the {settings.limit} of one "
            "text message; choose a shorter file name"
        )
    # The title's space before the link counts against it once the title is there.
    return render(shorten_at_word(to_gsm7(item.title), room - 1))


def sms_files(archive: Archive, settings: SmsSettings) -> dict[str, str]:
    """Every alert's text message by its path under the site root."""
    return {sms_path(item): sms_text(item, archive, settings) for item in archive.section("alerts")}
