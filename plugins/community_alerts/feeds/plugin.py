"""Write RSS, Atom and JSON feeds for the site, each section and each area; link them from
every page.

The feeds themselves are made by `render.feeds`; this plugin takes each item's built
page body and writes the files, reusing from `.cache/plugin/alerts-feeds/` every feed
whose entries have not changed.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority, get_plugin_logger
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from ..cache import CACHE_ROOT, OutputCache, store
from ..content.plugin import archive_for
from ..core.item import Item
from ..pages.plugin import rendered_bodies
from ..render.feeds import (
    TAG_DATE,
    FeedLinks,
    FeedOptions,
    FeedSite,
    page_feeds,
    render_feeds,
    scope_feeds,
)
from ..render.listings import ListingPage
from ..site_url import required_site_url
from ..timing import TimedPlugin
from .config import FeedsConfig

log = get_plugin_logger(__name__)

CACHE_FOLDER = f"{CACHE_ROOT}/alerts-feeds"


class FeedsPlugin(TimedPlugin[FeedsConfig]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        self.site: FeedSite | None = None
        # The links of the feeds a page's section, areas or listing have (every page asks).
        self.links: dict[tuple, tuple[list[FeedLinks], list[FeedLinks]]] = {}

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
        self.links = {}
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
        context["alerts_feeds"], context["alerts_subscribe"] = self._page_feeds(
            config, item, context.get("listing"))
        return context

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if not self.config.enabled:
            return
        assert self.site is not None
        archive = archive_for(config)
        page_html = {archive.by_source[source].id: body
                     for source, body in rendered_bodies(config).items()}
        if self.config.full_content:
            unbuilt = [i.source_path for i in archive.published if i.id not in page_html]
            if unbuilt:
                log.info(f"{len(unbuilt)} messages were not rendered in this build (--dirty?), "
                         f"so their feed entries carry the summary only: {', '.join(unbuilt)}")
        options = FeedOptions(self.config.entry_limit, self.config.ttl_minutes,
                              self.config.full_content, self.config.json_feed)
        docs_dir = Path(config.docs_dir)
        folder = Path(config.config_file_path).parent / CACHE_FOLDER
        cache = OutputCache(folder if self.config.cache else None)
        scopes = scope_feeds(archive, page_html, self.config.scopes, self.site, options,
                             docs_dir)
        changed = [scope for scope in scopes
                   if not cache.has(scope.key, *(suffix for suffix, _ in scope.files(options)))]
        made = render_feeds(changed, archive, page_html, self.site, options, docs_dir)
        for scope in changed:
            for suffix, path in scope.files(options):
                store(cache.path(scope.key, suffix), made[path])
            cache.made_now(scope.key)
        for scope in scopes:
            for suffix, path in scope.files(options):
                cache.publish(scope.key, suffix, config.site_dir, path)
        cache.save(complete=True)  # every feed is in every build
        log.debug(f"Feeds: {len(changed)} written, {len(scopes) - len(changed)} reused from "
                  "the cache (counted by scope: site, section or area).")

    def _page_feeds(
        self, config: MkDocsConfig, item: Item | None = None, listing: ListingPage | None = None
    ) -> tuple[list[FeedLinks], list[FeedLinks]]:
        assert self.site is not None
        # The links depend only on the item's section and areas, or on the listing.
        kind = (("item", item.section, item.areas) if item is not None
                else ("listing", listing.kind, listing.scope) if listing is not None else None)
        if kind not in self.links:
            self.links[kind] = page_feeds(self.config.scopes, archive_for(config).settings,
                                          self.site, item, listing, self.config.json_feed)
        return self.links[kind]
