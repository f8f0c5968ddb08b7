"""Render each message's page: escaped title, sanitised body, the item for the template."""

from __future__ import annotations

from markupsafe import Markup, escape
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from ..content.plugin import archive_for
from ..core.item import Item
from ..render.court_news import cases_html
from ..render.present import ItemView, view_of
from ..render.sanitise import clean_html
from ..timing import TimedPlugin
from .config import PagesConfig


class PagesPlugin(TimedPlugin[PagesConfig]):
    def __init__(self) -> None:
        # Each message's finished body HTML by source path, for feeds, email and CAP.
        self.bodies: dict[str, str] = {}

    def _item(self, page: Page, config: MkDocsConfig) -> Item | None:
        return archive_for(config).by_source.get(page.file.src_uri)

    def _view(self, item: Item, config: MkDocsConfig) -> ItemView:
        return view_of(item, archive_for(config))

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
        body = clean_html(html)
        if item.section == "court-news":
            # Part of the content, so search indexes the case headlines too.
            body += cases_html(self._view(item, config))
        return body

    def on_page_context(self, context, *, page: Page, config: MkDocsConfig, nav):
        if self.config.enabled and (item := self._item(page, config)) is not None:
            context["item"] = self._view(item, config)
            # Every plugin's on_page_content has run by now, so the body is final.
            self.bodies[item.source_path] = page.content or ""
        return context


def rendered_bodies(config: MkDocsConfig) -> dict[str, str]:
    """Each message's finished, sanitised body HTML by source path (after the pages render)."""
    for plugin in config.plugins.values():
        if isinstance(plugin, PagesPlugin) and plugin.config.enabled:
            return plugin.bodies
    raise PluginError("The alerts plugins need 'alerts-pages': add it to 'plugins' in "
                      "mkdocs.yml.")
