"""Each message's page: escaped title, sanitised body, the message for the template.

Each message's finished body is also what its feed entry, email, CAP file and search
record are made from: they are collected into `build.bodies` once every page's
content is final (`start`, at `on_env`).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

from markupsafe import Markup, escape
from mkdocs.exceptions import PluginError
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from ...cache import cache_key, keep, read_kept
from ...core.item import Item, Settings
from ...core.loader import TOO_SLOW
from ...core.text import CONVERSION_SECONDS, TimeLimit
from ...render.court_news import cases_html
from ...render.present import view_of
from ...render.sanitise import clean_html
from ..build import Build, Step
from ..config import PagesOptions

log = get_plugin_logger(__name__)


class PagesStep(Step):
    def __init__(self, options: PagesOptions) -> None:
        self.options = options
        self.kept: _BodyCache | None = None
        # Each message's conversion, from its on_page_markdown to its on_page_content: no
        # body may hang the build (Python-Markdown backtracks on some runs of punctuation).
        self.limit: TimeLimit | None = None

    def files(self, build: Build, files: Files) -> None:
        self.kept = _BodyCache(build.cache.folder("pages"), build.archive.settings)

    def read_source(self, build: Build, page: Page) -> str | None:
        """The body the content was loaded with: MkDocs would read each file again and
        parse its front matter a second time. Given the body, it finds none to parse."""
        item = build.item_of(page)
        if item is None:
            return None
        # A page whose earlier HTML is used has no Markdown to convert (reuse.py).
        return "" if page.file.src_uri in build.reused_pages else item.body

    def page_markdown(self, build: Build, page: Page) -> None:
        if (item := build.item_of(page)) is None:
            return
        # Replace MkDocs' own reading of the front matter with the checked values.
        # Material prints page.meta.title and description unescaped, so they are given
        # to it already escaped (Markup is never escaped twice).
        page.meta = {
            "template": self.options.template,
            "title": Markup(escape(item.title)),
            "description": Markup(escape(item.summary)),
        }
        self.end_limit()
        if page.file.src_uri in build.reused_pages:  # its Markdown is not converted
            return
        self.limit = TimeLimit(
            CONVERSION_SECONDS, lambda: PluginError(f"{item.source_path}: {TOO_SLOW}")
        )
        self.limit.start()

    def end_limit(self) -> None:
        if self.limit is not None:
            self.limit.cancel()
            self.limit = None

    def page_content(self, build: Build, page: Page, html: str) -> str | None:
        if (item := build.item_of(page)) is None:
            return None
        self.end_limit()
        assert self.kept is not None
        return self.kept.body(item, html, lambda: self._finished_body(build, item, html))

    def _finished_body(self, build: Build, item: Item, html: str) -> str:
        body = clean_html(html)
        if item.section == "court-news":
            # Part of the content, so search indexes the case headlines too.
            body += cases_html(view_of(item, build.archive))
        return body

    def start(self, build: Build) -> None:
        """Every page's content is final: collect the bodies (MkDocs has run every
        `on_page_content` before `on_env`)."""
        assert self.kept is not None
        for file in build.files.documentation_pages():
            item = build.archive.by_source.get(file.src_uri)
            if item is None or file.page is None:
                continue
            if file.page.content is not None and file.src_uri not in build.reused_pages:
                build.bodies[item.source_path] = file.page.content
            # Not rendered (`--dirty`, or its earlier HTML used): the body it was last built
            # with, if the same item.
            elif (body := self.kept.earlier_body(item)) is not None:
                build.bodies[item.source_path] = body
        build.partial = any(
            item.source_path not in build.bodies for item in build.archive.published
        )
        self.kept.save(complete=not build.partial)
        log.debug(f"Page bodies: {self.kept.made} made, {self.kept.reused} reused from the cache.")

    def abandon(self) -> None:
        self.end_limit()

    def page_inputs(self, build: Build, page: Page) -> object:
        item = build.item_of(page)
        return None if item is None else view_of(item, build.archive)

    def can_reuse(self, build: Build, page: Page) -> bool:
        # A page used again needs the body it was last built with, for feeds and emails.
        item = build.item_of(page)
        assert self.kept is not None
        return item is None or self.kept.has_earlier_body(item)

    def page_context(self, build: Build, page: Page, context: dict[str, Any]) -> None:
        if (item := build.item_of(page)) is not None:
            context["item"] = view_of(item, build.archive)


class _BodyCache:
    """Each message's finished body by source path, with the item and the page HTML it was
    made from, kept from the last build. Only the project's own builds write it."""

    def __init__(self, folder: Path, settings: Settings) -> None:
        self.file = folder / "bodies.pickle"
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

    def has_earlier_body(self, item: Item) -> bool:
        earlier = self.earlier.get(item.source_path)
        return earlier is not None and earlier[0] == item.fingerprint

    def earlier_body(self, item: Item) -> str | None:
        """The body of an unchanged item whose page this build did not render."""
        if not self.has_earlier_body(item):
            return None
        earlier = self.earlier[item.source_path]
        self.kept[item.source_path] = earlier
        self.reused += 1
        return earlier[2]

    def save(self, complete: bool) -> None:
        """Keep this build's bodies; a partial build keeps the earlier ones of the rest too."""
        bodies = self.kept if complete else {**self.earlier, **self.kept}
        if self.made or bodies.keys() != self.earlier.keys():
            keep(self.file, self.version, bodies)
