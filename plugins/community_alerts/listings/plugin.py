"""Generate the listing pages: home, sections, areas, each paginated newest first."""

from __future__ import annotations

from markupsafe import Markup, escape
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from ..content.plugin import archive_for
from ..core.item import SECTIONS
from ..render.listings import ListingPage, all_listing_pages
from ..render.present import SECTION_NAMES, area_of, view_of
from ..timing import TimedPlugin
from .config import ListingsConfig


class ListingsPlugin(TimedPlugin[ListingsConfig]):
    def __init__(self) -> None:
        self.pages: dict[str, ListingPage] = {}

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
        for listing in self.pages.values():
            if files.get_file_from_path(listing.src_uri) is not None:
                raise PluginError(
                    f"{listing.src_uri}: this page is made automatically from the messages; "
                    "remove the file from the content folder."
                )
            front_matter = f"---\ntemplate: {listing.template}\n---\n"
            files.append(File.generated(config, listing.src_uri, content=front_matter))
        return files

    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files):
        if (listing := self.pages.get(page.file.src_uri)) is not None:
            page.meta["title"] = Markup(escape(listing.title))
        return markdown

    def on_page_context(self, context, *, page: Page, config: MkDocsConfig, nav):
        listing = self.pages.get(page.file.src_uri)
        if listing is None:
            return context
        archive = archive_for(config)

        def views(items):
            return [view_of(item, archive) for item in items]

        context["listing"] = listing
        context["entries"] = views(listing.items)
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
