"""RSS, Atom and JSON feeds for the site, each section, each area, each alert category,
the urgent alerts (of the site and of each area) and the current alerts, linked from every
page; and the stylesheet that shows a feed opened in a browser as a page.

The feeds themselves are made by `render.feeds`; this step takes each message's finished
body and writes the files, reusing every feed whose entries have not changed.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.pages import Page

from ...cache import fingerprint_of, store
from ...core.item import Item
from ...render.feeds import (
    STYLESHEET_FILE,
    FeedLinks,
    FeedOptions,
    FeedSite,
    feed_stylesheet,
    page_feeds,
    render_feeds,
    scope_feeds,
)
from ...render.listings import ListingPage
from ..build import Build, Step
from ..config import FeedsOptions

log = get_plugin_logger(__name__)


class FeedsStep(Step):
    def __init__(self, options: FeedsOptions, config: MkDocsConfig) -> None:
        self.options = options
        self.site = FeedSite(
            url=config.site_url,
            name=config.site_name,
            language=config.theme.get("language") or "en",
            guid_tag_date=options.guid_tag_date,
        )
        self.feed_options = FeedOptions(
            options.entry_limit, options.ttl_minutes, options.full_content, options.json_feed
        )
        # The links of the feeds a page's section, areas or listing have (every page asks).
        self.links: dict[tuple | None, tuple[tuple[list[FeedLinks], list[FeedLinks]], object]] = {}

    def template_context(self, build: Build, context: dict[str, Any]) -> None:
        # Pages made from a theme template alone, 404.html among them, link the site's feeds.
        context["alerts_feeds"], _ = self._page_feeds(build)

    def page_inputs(self, build: Build, page: Page) -> object:
        return self._links_of(build, build.item_of(page), build.listing_of(page))[1]

    def page_context(self, build: Build, page: Page, context: dict[str, Any]) -> None:
        context["alerts_feeds"], context["alerts_subscribe"] = self._page_feeds(
            build, build.item_of(page), build.listing_of(page)
        )

    def finish(self, build: Build) -> None:
        archive, options = build.archive, self.feed_options
        page_html = build.bodies_by_id()
        if options.full_content:
            unbuilt = [i.source_path for i in archive.published if i.id not in page_html]
            if unbuilt:
                log.info(
                    f"{len(unbuilt)} messages were not rendered in this build (--dirty?), "
                    f"so their feed entries carry the summary only: {', '.join(unbuilt)}"
                )
        docs_dir = Path(build.config.docs_dir)
        cache = build.cache.outputs("feeds")
        scopes = scope_feeds(archive, page_html, self.options.scopes, self.site, options, docs_dir)
        changed = [
            scope
            for scope in scopes
            if not cache.has(scope.key, *(suffix for suffix, _ in scope.files(options)))
        ]
        made = render_feeds(changed, archive, page_html, self.site, options, docs_dir)
        for scope in changed:
            for suffix, path in scope.files(options):
                store(cache.path(scope.key, suffix), made[path])
            cache.made_now(scope.key)
        for scope in scopes:
            for suffix, path in scope.files(options):
                cache.publish(scope.key, suffix, build.site_dir, path)
        cache.save(complete=True)  # every feed is in every build
        store(Path(build.site_dir, STYLESHEET_FILE), feed_stylesheet(self.site))
        log.debug(
            f"Feeds: {len(changed)} written, {len(scopes) - len(changed)} reused from "
            "the cache (counted by scope: site, section, area, category, urgent or current)."
        )

    def _page_feeds(
        self, build: Build, item: Item | None = None, listing: ListingPage | None = None
    ) -> tuple[list[FeedLinks], list[FeedLinks]]:
        return self._links_of(build, item, listing)[0]

    def _links_of(
        self, build: Build, item: Item | None, listing: ListingPage | None
    ) -> tuple[tuple[list[FeedLinks], list[FeedLinks]], object]:
        """A page's feed links, and their fingerprint for the page's key: made once for
        each of the few kinds of page (every page asks)."""
        # The links depend only on the item's section and areas, or on the listing.
        kind = (
            ("item", item.section, item.areas)
            if item is not None
            else ("listing", listing.kind, listing.scope)
            if listing is not None
            else None
        )
        if kind not in self.links:
            links = page_feeds(
                self.options.scopes,
                build.archive.settings,
                self.site,
                item,
                listing,
                self.options.json_feed,
            )
            self.links[kind] = (links, fingerprint_of(links))
        return self.links[kind]
