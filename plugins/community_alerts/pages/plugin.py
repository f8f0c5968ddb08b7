"""Render each message's page: escaped title, sanitised body, the item for the template.

Each message's finished body is also what its feed entry, email, CAP file and search
record are made from; `rendered_bodies(config)` gives them all, once every page's
content is final (`on_env`).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path

from markupsafe import Markup, escape
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority, get_plugin_logger
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from ..cache import CACHE_ROOT, cache_key, keep, read_kept
from ..content.plugin import archive_for
from ..core.item import Item, Settings
from ..render.court_news import cases_html
from ..render.present import ItemView, view_of
from ..render.sanitise import clean_html
from ..timing import TimedPlugin
from .config import PagesConfig

log = get_plugin_logger(__name__)

CACHE_FOLDER = f"{CACHE_ROOT}/alerts-pages"
CACHE_FILE = "bodies.pickle"  # every message's finished body (cache.keep)


class PagesPlugin(TimedPlugin[PagesConfig]):
    def __init__(self) -> None:
        self.kept = _BodyCache(None, Settings())
        # Each message's finished body HTML by source path, for feeds, email, CAP and search.
        self.bodies: dict[str, str] = {}

    def _item(self, page: Page, config: MkDocsConfig) -> Item | None:
        return archive_for(config).by_source.get(page.file.src_uri)

    def _view(self, item: Item, config: MkDocsConfig) -> ItemView:
        return view_of(item, archive_for(config))

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files | None:
        if self.config.enabled:
            folder = Path(config.config_file_path).parent / CACHE_FOLDER
            self.kept = _BodyCache(folder if self.config.cache else None,
                                   archive_for(config).settings)
        return None

    # The content plugin has read each message file and parsed its front matter: MkDocs
    # would do both again, page by page. Given the body, it finds no front matter to parse.
    def on_page_read_source(self, *, page: Page, config: MkDocsConfig) -> str | None:
        if not self.config.enabled or (item := self._item(page, config)) is None:
            return None
        return item.body

    def on_page_markdown(
        self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str | None:
        if not self.config.enabled or (item := self._item(page, config)) is None:
            return None
        # Replace MkDocs' own reading of the front matter with the checked values.
        # Material prints page.meta.title and description unescaped, so they are
        # given to it already escaped (Markup is never escaped twice).
        page.meta = {
            "template": self.config.template,
            "title": Markup(escape(item.title)),
            "description": Markup(escape(item.summary)),
        }
        return None

    def on_page_content(
        self, html: str, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str | None:
        if not self.config.enabled or (item := self._item(page, config)) is None:
            return None
        return self.kept.body(item, html, lambda: self._finished_body(item, html, config))

    def _finished_body(self, item: Item, html: str, config: MkDocsConfig) -> str:
        body = clean_html(html)
        if item.section == "court-news":
            # Part of the content, so search indexes the case headlines too.
            body += cases_html(self._view(item, config))
        return body

    # Before the other plugins' on_env (search writes its records there). MkDocs has run
    # every plugin's on_page_content by now, so each body is final.
    @event_priority(100)
    def on_env(self, env, *, config: MkDocsConfig, files: Files):
        if not self.config.enabled:
            return env
        archive = archive_for(config)
        self.bodies = {}
        skipped = False
        for file in files.documentation_pages():
            item = archive.by_source.get(file.src_uri)
            if item is None or file.page is None:
                continue
            if file.page.content is not None:
                self.bodies[item.source_path] = file.page.content
                continue
            # Not rebuilt (`--dirty`): the body its page was last built with, if the same item.
            skipped = True
            if (body := self.kept.earlier_body(item)) is not None:
                self.bodies[item.source_path] = body
        self.kept.save(complete=not skipped)
        log.debug(f"Page bodies: {self.kept.made} made, {self.kept.reused} reused from the "
                  "cache.")
        return env

    def on_page_context(self, context, *, page: Page, config: MkDocsConfig, nav):
        if self.config.enabled and (item := self._item(page, config)) is not None:
            context["item"] = self._view(item, config)
        return context


class _BodyCache:
    """Each message's finished body by source path, with the item and the page HTML it was
    made from, kept from the last build. Only the project's own builds write it."""

    def __init__(self, folder: Path | None, settings: Settings) -> None:
        self.file = folder / CACHE_FILE if folder else None
        # The code that makes a body, and the settings (a court case names its area).
        self.version = cache_key("page-bodies", settings.fingerprint)
        # By source path: (item fingerprint, hash of the page's HTML, finished body).
        self.earlier: dict[str, tuple[str, str, str]] = read_kept(self.file, self.version)
        self.kept: dict[str, tuple[str, str, str]] = {}
        self.made = self.reused = 0

    def body(self, item: Item, html: str, make: Callable[[], str]) -> str:
        """The body the last build made from the same item and HTML, else `make()`."""
        digest = hashlib.sha256(html.encode("utf-8")).hexdigest()
        earlier = self.earlier.get(item.source_path)
        if earlier is not None and earlier[:2] == (item.fingerprint, digest):
            body = earlier[2]
            self.reused += 1
        else:
            body = make()
            self.made += 1
        self.kept[item.source_path] = (item.fingerprint, digest, body)
        return body

    def earlier_body(self, item: Item) -> str | None:
        """The body of an unchanged item whose page this build did not render."""
        earlier = self.earlier.get(item.source_path)
        if earlier is None or earlier[0] != item.fingerprint:
            return None
        self.kept[item.source_path] = earlier
        return earlier[2]

    def save(self, complete: bool) -> None:
        """Keep this build's bodies; a partial build keeps the earlier ones of the rest too."""
        bodies = self.kept if complete else {**self.earlier, **self.kept}
        if self.made or bodies.keys() != self.earlier.keys():
            keep(self.file, self.version, bodies)


def rendered_bodies(config: MkDocsConfig) -> dict[str, str]:
    """Each message's finished, sanitised body HTML by source path (from `on_env` on)."""
    for plugin in config.plugins.values():
        if isinstance(plugin, PagesPlugin) and plugin.config.enabled:
            return plugin.bodies
    raise PluginError("The alerts plugins need 'alerts-pages': add it to 'plugins' in "
                      "mkdocs.yml.")
