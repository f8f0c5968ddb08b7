"""The subscribe page (subscribe/): every way to get alerts, and the postcode districts
of each area for its postcode finder. No MkDocs here.

The page lists every feed by the paths the SPEC gives them ("Streams for subscribers"),
each area's urgent-only feeds among them, and a table of each area's postcode districts.
The finder (assets/javascripts/alerts-subscribe.js) reads that same table, so what a
reader sees without JavaScript and what the finder knows are one list.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..core.item import COUNTY_WIDE, SECTIONS, Settings
from .feeds import ATOM_FILE, JSON_FILE, RSS_FILE
from .present import CATEGORY_NAMES, SECTION_NAMES, Area, area_of

# The outward code of a UK postcode ("PE15" of "PE15 8AB"): one or two letters, a digit,
# then a digit or a letter (London's "SW1A").
DISTRICT = re.compile(r"[A-Z]{1,2}[0-9][A-Z0-9]?")
DISTRICT_EXAMPLE = "PE15"

# Cambridgeshire's and Peterborough's postcode districts by council area (Royal Mail's
# districts follow post towns, not council boundaries, so some serve two or three areas:
# CB3 Cambridge and Girton; CB25 Waterbeach and Bottisham; PE7 Hampton, Whittlesey and
# Yaxley; PE8 Wansford and Elton). A district outside the county (SG8 Melbourn, CB10
# Ickleton, CB8 Cheveley, PE14 the villages round Wisbech) is listed for its
# Cambridgeshire part.
DEFAULT_DISTRICTS = {
    "cambridge": ["CB1", "CB2", "CB3", "CB4", "CB5"],
    "south-cambridgeshire": [
        "CB3",
        "CB10",
        "CB21",
        "CB22",
        "CB23",
        "CB24",
        "CB25",
        "SG8",
        "SG19",
    ],
    "east-cambridgeshire": ["CB6", "CB7", "CB8", "CB25"],
    "fenland": ["PE7", "PE13", "PE14", "PE15", "PE16"],
    "huntingdonshire": ["PE7", "PE8", "PE19", "PE26", "PE27", "PE28", "PE29"],
    "peterborough": ["PE1", "PE2", "PE3", "PE4", "PE5", "PE6", "PE7", "PE8"],
}


def district_problem(text: str) -> str | None:
    """Why `text` is not a postcode district, or None."""
    if DISTRICT.fullmatch(text):
        return None
    return (
        f"{text!r} is not a postcode district; write the first part of a postcode, "
        f"in capitals, e.g. {DISTRICT_EXAMPLE} (of PE15 8AB)"
    )


def email_address_problem(text: str) -> str | None:
    """Why `text` is not an email address readers could write to, or None."""
    if re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", text):
        return None
    return f"{text!r} is not an email address; write one, e.g. alerts@cambs.police.uk"


@dataclass(frozen=True)
class Feeds:
    """One scope's feeds, as paths under the site root; `json` is None when JSON Feeds
    are off."""

    name: str
    rss: str
    atom: str
    json: str | None

    @classmethod
    def at(cls, name: str, folder: str, json_feed: bool) -> Feeds:
        return cls(
            name, folder + RSS_FILE, folder + ATOM_FILE, folder + JSON_FILE if json_feed else None
        )


@dataclass(frozen=True)
class AreaWays:
    """An area as the subscribe page lists it."""

    area: Area
    districts: tuple[str, ...]
    feeds: Feeds | None  # every message of the area
    urgent: Feeds | None  # its warning and urgent alerts only


@dataclass(frozen=True)
class SubscribePage:
    signup_email: str
    site: tuple[Feeds, ...]  # the whole site: everything, urgent only, current alerts
    sections: tuple[Feeds, ...]
    categories: tuple[Feeds, ...]
    areas: tuple[AreaWays, ...]

    @property
    def districts(self) -> tuple[AreaWays, ...]:
        """The areas that have postcode districts, for the finder's table."""
        return tuple(ways for ways in self.areas if ways.districts)

    @property
    def area_feeds(self) -> tuple[AreaWays, ...]:
        """The areas with feeds (none when the build writes no area feeds)."""
        return tuple(ways for ways in self.areas if ways.feeds)


def subscribe_page(
    settings: Settings,
    districts: dict[str, list[str]] | None,
    signup_email: str,
    feed_scopes: list[str],
    json_feed: bool,
) -> SubscribePage:
    """The page's contents. `districts` None: the default districts of the configured
    areas; `feed_scopes` the feeds the build writes (empty when feeds are off)."""
    if districts is None:
        districts = {a: d for a, d in DEFAULT_DISTRICTS.items() if a in settings.areas}

    def feeds(name: str, folder: str) -> Feeds:
        return Feeds.at(name, folder, json_feed)

    site = sections = categories = ()
    if "site" in feed_scopes:
        site = (
            feeds("Every message", ""),
            feeds("Warning and urgent alerts only", "urgent/"),
            feeds("Alerts current now", "current/"),
        )
    if "sections" in feed_scopes:
        sections = tuple(feeds(SECTION_NAMES[s], f"{s}/") for s in SECTIONS)
        categories = tuple(
            feeds(name, f"categories/{slug}/") for slug, name in CATEGORY_NAMES.items()
        )
    by_area = "areas" in feed_scopes
    areas = tuple(
        AreaWays(
            area_of(slug, settings),
            tuple(districts.get(slug, ())),
            feeds(settings.areas[slug], f"areas/{slug}/") if by_area else None,
            feeds(settings.areas[slug], f"areas/{slug}/urgent/") if by_area else None,
        )
        for slug in settings.areas
    )
    # County-wide messages reach every area's page and feeds: listed last, after the
    # areas a reader would look for.
    areas = tuple(sorted(areas, key=lambda ways: ways.area.slug == COUNTY_WIDE))
    return SubscribePage(signup_email, site, sections, categories, areas)
