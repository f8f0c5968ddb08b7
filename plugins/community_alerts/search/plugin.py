"""Search with Pagefind: a static, chunked index of the message pages and a search page.

A reader's browser fetches only the index chunks for the words typed, so one query stays
small however large the archive grows (Material's search loads one index of the whole
site). The plugin

- adds the search page, `search/` (template `alerts-search.html`, shipped beside this file),
  and puts it in the navigation;
- gives the templates `alerts_search` (the page's URL, whether filters are shown), so the
  header's search form (overrides/partials/search.html) follows the options;
- writes each message's search record once the pages' bodies are known (`on_env`, before
  any page is rendered) and has Pagefind index them while the pages render (indexer.py);
- puts the index into `<site_dir>/pagefind/` once every page is written. A preview
  (`mkdocs serve`) indexes after its pages are written and places the index when Pagefind
  is done, without holding up the reload; an edit meanwhile cancels it for a newer one.

Pagefind reads the records from disk in its own process, given the folder in one request,
rather than each record sent on its own: the Python API waits about 0.1 s for every reply
(a thousand messages would take minutes).
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

from ..cache import CACHE_ROOT
from ..content.plugin import archive_for
from ..pages.plugin import rendered_bodies
from ..render.present import view_of
from ..render.search_record import record_key, record_path, search_record
from ..timing import TIMING_LINE, TimedPlugin
from .config import SearchConfig
from .indexer import BackgroundIndex, IndexingFailed, IndexSettings, Record

log = get_plugin_logger(__name__)

TEMPLATES = Path(__file__).parent / "templates"
PAGE_SOURCE = "search.md"
PAGE_TEMPLATE = "alerts-search.html"
CACHE_FOLDER = f"{CACHE_ROOT}/alerts-search"


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
        self.index: BackgroundIndex | None = None
        self.previewing = False
        # A preview's index still being put in place after its reload (see on_post_build).
        self.placing: BackgroundIndex | None = None

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.previewing = command == "serve"

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

    # After every plugin's on_page_content (MkDocs runs them all before on_env), so each
    # message's body is final; before any page is rendered, so indexing runs beside them.
    def on_env(self, env, *, config: MkDocsConfig, files: Files):
        if not self.config.enabled:
            return env
        env.globals["alerts_search"] = self.settings
        if self.placing is not None:  # the last preview's index: this build's replaces it
            self.placing.cancel()
            self.placing = None
        folder = Path(config.config_file_path).parent / CACHE_FOLDER
        language = self.config.language
        try:
            self.index = BackgroundIndex(folder if self.config.cache else None,
                                         IndexSettings(language=language,
                                                       timeout=self.config.timeout))
            # A preview indexes once its pages are written, not while they render.
            self.index.start(_records(config, files, language), later=self.previewing)
        except IndexingFailed as failed:
            raise PluginError(f"alerts-search: the search index could not be built: {failed}"
                              ) from None
        return env

    # Before safe-publish (-100) swaps the staging folder in.
    @event_priority(-50)
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if self.index is None:
            return
        index, self.index = self.index, None
        if self.previewing:
            # The preview reloads now; its search catches up when Pagefind is done.
            index.finish_later(Path(config.site_dir), _report_preview_failure)
            self.placing = index
            return
        try:
            pages = index.finish(Path(config.site_dir))
        except IndexingFailed as failed:
            raise PluginError(f"alerts-search: the search index could not be built: {failed}"
                              ) from None
        log.debug(f"Search: {pages} messages indexed, {index.written} records written.")
        log.debug(f"{TIMING_LINE} SearchPlugin.pagefind {index.seconds:.6f} s")

    def on_shutdown(self) -> None:
        if self.placing is not None:
            self.placing.cancel()
            self.placing = None

    def on_build_error(self, *, error: Exception) -> None:
        # The thread must not outlive a failed build (`mkdocs serve` goes on).
        if self.index is not None:
            index, self.index = self.index, None
            index.wait()


def _report_preview_failure(failed: IndexingFailed) -> None:
    log.warning(f"alerts-search: the preview's search index could not be built: {failed}")


def _records(config: MkDocsConfig, files: Files, language: str) -> list[Record]:
    """The search record of every message with a page in this build."""
    archive = archive_for(config)
    bodies = rendered_bodies(config)
    records = []
    for file in files.documentation_pages():
        item = archive.by_source.get(file.src_uri)
        if item is None or file.page is None:
            continue
        view = view_of(item, archive)
        body = bodies.get(item.source_path)
        if body is None:  # not rebuilt by --dirty, body unknown: its kept record stands
            records.append(Record(record_path(view), None, None))
        else:
            records.append(Record(record_path(view), record_key(view, body, language),
                                  lambda view=view, body=body: search_record(view, body,
                                                                             language)))
    return records
