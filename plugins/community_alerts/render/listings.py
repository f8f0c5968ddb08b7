"""The listing pages: sections, areas, alert categories and the home page, paginated.
Pure data, no HTML."""

from __future__ import annotations

import math
from dataclasses import dataclass

from ..core.archive import Archive
from ..core.item import CATEGORIES, SECTIONS, Item
from .present import CATEGORY_NAMES, SECTION_NAMES, category_url


@dataclass(frozen=True)
class ListingPage:
    """One page of a listing; `url` is relative to the site root, as MkDocs writes it."""

    src_uri: str
    url: str
    title: str
    template: str
    kind: str  # "home", "section", "areas", "area" or "category"
    scope: str  # the section, area or category slug; "" for the home and areas index
    items: tuple[Item, ...] = ()
    page: int = 1
    pages: int = 1
    first_url: str = ""

    @property
    def previous_url(self) -> str | None:
        return None if self.page == 1 else _page_url(self.first_url, self.page - 1)

    @property
    def next_url(self) -> str | None:
        return None if self.page == self.pages else _page_url(self.first_url, self.page + 1)


def _page_url(first_url: str, number: int) -> str:
    return first_url if number == 1 else f"{first_url}page/{number}/"


def paginate(
    first_url: str, title: str, kind: str, scope: str, items: tuple[Item, ...], per_page: int
) -> list[ListingPage]:
    """A listing split into pages of `per_page`, newest first; an empty listing has one page."""
    pages = max(1, math.ceil(len(items) / per_page))
    return [
        ListingPage(
            src_uri=_page_url(first_url, number) + "index.md",
            url=_page_url(first_url, number),
            title=title if number == 1 else f"{title} (page {number} of {pages})",
            template="listing.html",
            kind=kind,
            scope=scope,
            items=items[(number - 1) * per_page : number * per_page],
            page=number,
            pages=pages,
            first_url=first_url,
        )
        for number in range(1, pages + 1)
    ]


def all_listing_pages(archive: Archive, per_page: int) -> list[ListingPage]:
    """Every generated page: home, the three sections, the areas index, each area and
    each alert category.

    A chain of alert updates is listed once, as its newest message.
    """
    pages = [
        ListingPage("index.md", "", "Home", "home.html", "home", ""),
        ListingPage("areas/index.md", "areas/", "Areas", "areas.html", "areas", ""),
    ]
    for section in SECTIONS:
        pages += paginate(
            f"{section}/",
            SECTION_NAMES[section],
            "section",
            section,
            archive.latest_states(archive.section(section)),
            per_page,
        )
    for slug, name in archive.settings.areas.items():
        pages += paginate(
            f"areas/{slug}/",
            f"Messages for {name}",
            "area",
            slug,
            archive.latest_states(archive.area(slug)),
            per_page,
        )
    for category in CATEGORIES:
        pages += paginate(
            category_url(category),
            f"Alerts: {CATEGORY_NAMES[category]}",
            "category",
            category,
            archive.latest_states(archive.category(category)),
            per_page,
        )
    return pages
