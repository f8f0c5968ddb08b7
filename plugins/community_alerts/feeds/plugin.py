"""Write RSS, Atom and JSON feeds for the site, each section and each area; link them from
every page.

The feeds themselves are made by `render.feeds`; this plugin only collects
each item's built page body and writes the files.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority, get_plugin_logger
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from ..content.plugin import archive_for
from ..core.item import Item
from ..render.feeds import TAG_DATE, FeedLinks, FeedOptions, FeedSite, all_feeds, page_feeds
from ..render.listings import ListingPage
from ..site_url import required_site_url
from ..timing import TimedPlugin
from .config import FeedsConfig

log = get_plugin_logger(__name__)


class FeedsPlugin(TimedPlugin[FeedsConfig]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        self.site: FeedSite | None = None
        # Each item's built page body by item id. Kept from one `mkdocs serve`
        # build to the next, since a --dirty rebuild renders changed pages only.
        self.page_html: dict[str, str] = {}

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        if not self.config.enabled:
            return None
        if self.config.entry_limit < 1 or self.config.ttl_minutes < 1:
            raise PluginError("alerts-feeds: 'entry_limit' and 'ttl_minutes' must be at least 1.")
        if not TAG_DATE.fullmatch(self.config.guid_tag_date):
            raise PluginError(f"alerts-feeds: 'guid_tag_date' is {self.config.guid_tag_date!r}; "
                              "write a year, e.g. guid_tag_date: '2024'.")
        required_site_url(config, "alerts-feeds", "feeds need absolute links")
        self.site = FeedSite(
            url=config.site_url,
            name=config.site_name,
            language=config.theme.get("language") or "en",
            guid_tag_date=self.config.guid_tag_date,
        )
        return None

    def on_template_context(
        self, context: dict[str, Any], *, template_name: str, config: MkDocsConfig
    ) -> dict[str, Any]:
        # Pages made from a theme template alone, 404.html among them, link the site's feeds.
        if self.config.enabled:
            context["alerts_feeds"], _ = self._page_feeds(config)
        return context

    # After alerts-listings, which puts the `listing` read here into the context.
    @event_priority(-50)
    def on_page_context(
        self, context: dict[str, Any], *, page: Page, config: MkDocsConfig, nav: Navigation
    ) -> dict[str, Any]:
        if not self.config.enabled:
            return context
        item = archive_for(config).by_source.get(page.file.src_uri)
        if item is not None and page.content is not None:
            # Final here: every plugin's on_page_content has run (court news has its cases).
            self.page_html[item.id] = page.content
        context["alerts_feeds"], context["alerts_subscribe"] = self._page_feeds(
            config, item, context.get("listing"))
        return context

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if not self.config.enabled:
            return
        assert self.site is not None
        archive = archive_for(config)
        if self.config.full_content:
            unbuilt = [i.source_path for i in archive.published if i.id not in self.page_html]
            if unbuilt:
                log.info(f"{len(unbuilt)} messages were not rendered in this build (--dirty?), "
                         f"so their feed entries carry the summary only: {', '.join(unbuilt)}")
        options = FeedOptions(self.config.entry_limit, self.config.ttl_minutes,
                              self.config.full_content, self.config.json_feed)
        feeds = all_feeds(archive, self.page_html, self.config.scopes, self.site, options,
                          Path(config.docs_dir))
        for path, data in feeds.items():
            target = Path(config.site_dir, path)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        log.debug(f"Wrote {len(feeds)} feeds.")

    def _page_feeds(
        self, config: MkDocsConfig, item: Item | None = None, listing: ListingPage | None = None
    ) -> tuple[list[FeedLinks], list[FeedLinks]]:
        assert self.site is not None
        return page_feeds(self.config.scopes, archive_for(config).settings, self.site,
                          item, listing, self.config.json_feed)
