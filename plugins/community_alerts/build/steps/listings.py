"""The listing pages: home, sections, areas and alert categories, each paginated newest
first."""

from __future__ import annotations

import hashlib
from typing import Any

from markupsafe import Markup, escape
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from ...cache import cache_key, store
from ...core.archive import Archive
from ...core.item import CATEGORIES, SECTIONS
from ...render.listings import ListingPage, all_listing_pages
from ...render.present import (
    CATEGORY_NAMES,
    SECTION_NAMES,
    ItemView,
    area_of,
    category_url,
    view_of,
)
from ..build import Build, Step
from ..config import ListingsOptions


class ListingsStep(Step):
    def __init__(self, options: ListingsOptions) -> None:
        self.options = options

    def files(self, build: Build, files: Files) -> None:
        archive = build.archive
        build.listings = {p.src_uri: p for p in all_listing_pages(archive, self.options.per_page)}
        sources = build.cache.folder("listings")
        for listing in build.listings.values():
            template = f"template: {listing.template}\n"
            if not build.dirty:
                files.append(
                    File.generated(build.config, listing.src_uri, content=f"---\n{template}---\n")
                )
                continue
            # A dirty rebuild renders only pages whose source is newer than their output.
            # The source names what the page shows and is rewritten only when that
            # changes, so an edit re-renders the listings that show the message, not all.
            shown = cache_key(
                "listing", archive.settings.fingerprint, _shown(self._context(listing, archive))
            )
            source = sources / listing.src_uri
            _write_if_changed(source, f"---\n{template}shows: {shown}\n---\n")
            files.append(File.generated(build.config, listing.src_uri, abs_src_path=str(source)))

    def page_markdown(self, build: Build, page: Page) -> None:
        if (listing := build.listing_of(page)) is not None:
            page.meta["title"] = Markup(escape(listing.title))

    def page_inputs(self, build: Build, page: Page) -> object:
        listing = build.listing_of(page)
        if listing is None:
            return None
        # Hashed here: a listing's context is hundreds of values, walked once.
        shown = _shown(self._context(listing, build.archive))
        return hashlib.sha256(repr(shown).encode()).hexdigest()

    def page_context(self, build: Build, page: Page, context: dict[str, Any]) -> None:
        if (listing := build.listing_of(page)) is not None:
            context.update(self._context(listing, build.archive))

    def _context(self, listing: ListingPage, archive: Archive) -> dict[str, Any]:
        """What the listing page's template is given."""

        def views(items):
            return [view_of(item, archive) for item in items]

        context: dict[str, Any] = {"listing": listing, "entries": views(listing.items)}
        if listing.kind == "home":
            context["current_alerts"] = views(archive.current_alerts_by_severity)
            context["latest"] = [
                (
                    SECTION_NAMES[section],
                    f"{section}/",
                    views(
                        archive.latest_states(archive.section(section))[: self.options.home_latest]
                    ),
                )
                for section in SECTIONS
            ]
        if listing.kind == "section" and listing.scope == "alerts" and listing.page == 1:
            context["alert_categories"] = [
                (CATEGORY_NAMES[category], category_url(category)) for category in CATEGORIES
            ]
        if listing.kind == "areas":
            context["areas"] = [
                (area_of(slug, archive.settings), len(archive.latest_states(archive.area(slug))))
                for slug in archive.settings.areas
            ]
        return context


def _shown(value: object) -> object:
    """A listing page's context as plain data for its key (messages by what they show)."""
    if isinstance(value, ItemView):
        return value.shown
    if isinstance(value, ListingPage):  # its messages are in the context's "entries"
        return [value.src_uri, value.title, value.page, value.pages]
    if isinstance(value, dict):
        return {key: _shown(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_shown(item) for item in value]
    return repr(value)


def _write_if_changed(path, text: str) -> None:
    """Write `text` only when the file holds something else, so its time stays otherwise."""
    try:
        if path.read_text(encoding="utf-8") == text:
            return
    except FileNotFoundError:
        pass
    store(path, text.encode("utf-8"))
