"""Generate the listing pages: home, sections, areas, each paginated newest first."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from markupsafe import Markup, escape
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from ..cache import CACHE_ROOT, cache_key
from ..content.plugin import archive_for
from ..core.archive import Archive
from ..core.item import SECTIONS
from ..render.listings import ListingPage, all_listing_pages
from ..render.present import SECTION_NAMES, ItemView, area_of, view_of
from ..timing import TimedPlugin
from .config import ListingsConfig

# A dirty rebuild reads each listing page from a file here (see on_files).
SOURCES_FOLDER = f"{CACHE_ROOT}/alerts-listings/sources"


class ListingsPlugin(TimedPlugin[ListingsConfig]):
    def __init__(self) -> None:
        self.pages: dict[str, ListingPage] = {}
        self.dirty = False

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.dirty = dirty

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        if self.config.per_page < 1 or self.config.home_latest < 0:
            raise PluginError("alerts-listings: 'per_page' must be at least 1 and "
                              "'home_latest' 0 or more.")
        return None

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files | None:
        if not self.config.enabled:
            return None
        archive = archive_for(config)
        self.pages = {p.src_uri: p for p in all_listing_pages(archive, self.config.per_page)}
        sources = Path(config.config_file_path).parent / SOURCES_FOLDER
        for listing in self.pages.values():
            if files.get_file_from_path(listing.src_uri) is not None:
                raise PluginError(
                    f"{listing.src_uri}: this page is made automatically from the messages; "
                    "remove the file from the content folder."
                )
            template = f"template: {listing.template}\n"
            if not self.dirty:
                files.append(File.generated(config, listing.src_uri,
                                            content=f"---\n{template}---\n"))
                continue
            # A dirty rebuild renders only pages whose source is newer than their output.
            # The source names what the page shows and is rewritten only when that
            # changes, so an edit re-renders the listings that show the message, not all.
            shown = cache_key("listing", archive.settings.fingerprint,
                              _shown(self._context(listing, archive)))
            source = sources / listing.src_uri
            _write_if_changed(source, f"---\n{template}shows: {shown}\n---\n")
            files.append(File.generated(config, listing.src_uri, abs_src_path=str(source)))
        return files

    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files):
        if (listing := self.pages.get(page.file.src_uri)) is not None:
            page.meta["title"] = Markup(escape(listing.title))
        return markdown

    def on_page_context(self, context, *, page: Page, config: MkDocsConfig, nav):
        listing = self.pages.get(page.file.src_uri)
        if listing is not None:
            context.update(self._context(listing, archive_for(config)))
        return context

    def _context(self, listing: ListingPage, archive: Archive) -> dict[str, Any]:
        """What the listing page's template is given."""
        def views(items):
            return [view_of(item, archive) for item in items]

        context: dict[str, Any] = {"listing": listing, "entries": views(listing.items)}
        if listing.kind == "home":
            context["current_alerts"] = views(archive.current_alerts)
            context["latest"] = [
                (SECTION_NAMES[section], f"{section}/",
                 views(archive.latest_states(archive.section(section))[: self.config.home_latest]))
                for section in SECTIONS
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


def _write_if_changed(path: Path, text: str) -> None:
    """Write `text` only when the file holds something else, so its time stays otherwise."""
    try:
        if path.read_text(encoding="utf-8") == text:
            return
    except FileNotFoundError:
        path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
