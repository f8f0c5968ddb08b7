"""Search with Pagefind: a static, chunked index of the message pages and a search page.

A reader's browser fetches only the index chunks for the words typed, so one query stays
small however large the archive grows (Material's search loads one index of the whole
site). The plugin

- adds the search page, `search/` (template `alerts-search.html`, shipped beside this file),
  and puts it in the navigation;
- gives the templates `alerts_search` (the page's URL, whether filters are shown), so the
  header's search form (overrides/partials/search.html) and the message pages' Pagefind
  attributes follow the options;
- indexes the built site into `<site_dir>/pagefind/` once every page is written.

Pagefind reads the finished pages from disk in its own process; it is given the folder once
in `on_post_build` rather than each page as it is rendered, because the Python API waits
about 0.1 s for every reply (a thousand pages would take minutes).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation

from ..timing import TimedPlugin
from .config import SearchConfig
from .indexer import IndexingFailed, IndexSettings, index_site

log = get_plugin_logger(__name__)

TEMPLATES = Path(__file__).parent / "templates"
PAGE_SOURCE = "search.md"
PAGE_TEMPLATE = "alerts-search.html"


@dataclass(frozen=True)
class SearchSettings:
    """What the templates need to know (as `alerts_search`)."""
    page_url: str  # the search page, relative to the site root
    base_url: str  # the site's path on its server: Pagefind's result URLs start from it
    filters: bool


class SearchPlugin(TimedPlugin[SearchConfig]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        self.settings: SearchSettings | None = None

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        if not self.config.enabled:
            return None
        if "search" in config.plugins or "material/search" in config.plugins:
            raise PluginError("alerts-search replaces Material's search: remove '- search' "
                              "from 'plugins' in mkdocs.yml.")
        base_url = urlsplit(config.site_url or "/").path or "/"
        self.settings = SearchSettings(page_url="search/",
                                       base_url=base_url if base_url.endswith("/") else base_url + "/",
                                       filters=self.config.filters)
        # Last, so a template in overrides/ (custom_dir) still wins.
        config.theme.dirs.append(str(TEMPLATES))
        return config

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files | None:
        if not self.config.enabled:
            return None
        if files.get_file_from_path(PAGE_SOURCE) is not None:
            raise PluginError(f"{PAGE_SOURCE}: the search page is made by alerts-search; remove "
                              "the file from the content folder.")
        front_matter = f"---\ntemplate: {PAGE_TEMPLATE}\ntitle: Search\n---\n"
        files.append(File.generated(config, PAGE_SOURCE, content=front_matter))
        return files

    def on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation | None:
        # In the navigation, so the sidebar and the phones' "Sections" list both offer it.
        if not self.config.enabled:
            return None
        file = files.get_file_from_path(PAGE_SOURCE)
        if file is not None and file.page is not None and file.page not in nav.items:
            nav.items.append(file.page)
        return nav

    def on_env(self, env, *, config: MkDocsConfig, files: Files):
        if self.config.enabled:
            env.globals["alerts_search"] = self.settings
        return env

    # Before safe-publish (-100) swaps the staging folder in, after every plugin that writes pages.
    @event_priority(-50)
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if not self.config.enabled:
            return
        site_dir = Path(config.site_dir)
        settings = IndexSettings(language=self.config.language, timeout=self.config.timeout)
        try:
            pages = index_site(site_dir, settings)
        except IndexingFailed as failed:
            raise PluginError(f"alerts-search: the search index could not be built: {failed}"
                              ) from None
        log.debug(f"Search: Pagefind indexed {pages} pages.")
