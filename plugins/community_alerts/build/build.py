"""The per-build object every step is handed, and the shape of a step."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from ..cache import Cache
from ..core.archive import Archive
from ..core.item import Item
from ..render.listings import ListingPage
from .worker import Jobs, Worker


@dataclass
class Build:
    """One build of the site: made once the content is loaded (`on_files`), dropped when
    the build ends. Everything a step needs from another step is here, never found again
    through MkDocs' plugins."""

    config: MkDocsConfig
    files: Files  # MkDocs' files of this build, generated pages included
    archive: Archive
    cache: Cache
    worker: Worker
    previewing: bool  # `mkdocs serve`: drafts and future messages shown, marked as previews
    dirty: bool  # `--dirty`: MkDocs renders only the pages whose source is newer
    # Each message's finished, sanitised body HTML by source path, from `on_env` on.
    bodies: dict[str, str] = field(default_factory=dict)
    # The listing pages by source path, from `on_files` (a page's feed links follow them).
    listings: dict[str, ListingPage] = field(default_factory=dict)
    # The pages whose HTML an earlier build made from the same inputs (`reuse.py`): not
    # rendered again, so their bodies come from the body cache.
    reused_pages: set[str] = field(default_factory=set)
    # Some published message has no body in this build (a `--dirty` rebuild skipped its
    # page and nothing was kept for it): caches keep what this build did not use.
    partial: bool = False

    @property
    def site_dir(self) -> str:
        return self.config.site_dir

    def item_of(self, page: Page) -> Item | None:
        """The message a page shows, if it is one."""
        return self.archive.by_source.get(page.file.src_uri)

    def listing_of(self, page: Page) -> ListingPage | None:
        """The listing a page shows, if it is one."""
        return self.listings.get(page.file.src_uri)

    def jobs(self) -> Jobs:
        """A step's own batch of jobs for the worker."""
        return Jobs(self.worker)

    def bodies_by_id(self) -> dict[str, str]:
        return {self.archive.by_source[source].id: body for source, body in self.bodies.items()}


class Step:
    """One output of the build (pages, listings, feeds, ...). The plugin calls each method
    at its MkDocs event, steps in a fixed order; a step overrides only what it uses.

    `start` runs once every message's body is final and before any page is rendered
    (`on_env`): work that needs no finished page begins then, beside the rendering.
    `finish` writes the step's files once the pages are written (`on_post_build`).
    """

    def files(self, build: Build, files: Files) -> None:
        """Add the step's generated pages to `files` (`on_files`)."""

    def nav(self, build: Build, nav: Navigation, files: Files) -> None:
        """`on_nav`."""

    def page_markdown(self, build: Build, page: Page) -> None:
        """`on_page_markdown`: set the page's meta from the checked content."""

    def start(self, build: Build) -> None:
        """`on_env`."""

    def template_context(self, build: Build, context: dict[str, Any]) -> None:
        """`on_template_context`: pages made from a theme template alone (404.html)."""

    def page_inputs(self, build: Build, page: Page) -> object:
        """What `page_context` gives this page, as plain data for the key of its HTML
        (`reuse.py`): anything the step adds to a message's or listing's context must be
        here, or an earlier build's page would be used after it changed."""
        return None

    def can_reuse(self, build: Build, page: Page) -> bool:
        """Whether the step can do without this page being rendered this build."""
        return True

    def page_context(self, build: Build, page: Page, context: dict[str, Any]) -> None:
        """`on_page_context`; not called for a page whose earlier HTML is used."""

    def finish(self, build: Build) -> None:
        """`on_post_build`."""

    def abandon(self) -> None:
        """The build failed (`on_build_error`): leave nothing running behind it."""

    def close(self) -> None:
        """MkDocs is shutting down (`on_shutdown`)."""


def add_page(build: Build, files: Files, source: str, template: str, title: str) -> None:
    """A page the build makes (search, subscribe): a theme template, and a title."""
    front_matter = f"---\ntemplate: {template}\ntitle: {title}\n---\n"
    files.append(File.generated(build.config, source, content=front_matter))


def add_to_nav(nav: Navigation, files: Files, source: str) -> None:
    """Put a page the build makes in the navigation, so the sidebar and the phones'
    "Sections" list both offer it."""
    file = files.get_file_from_path(source)
    if file is not None and file.page is not None and file.page not in nav.items:
        nav.items.append(file.page)
