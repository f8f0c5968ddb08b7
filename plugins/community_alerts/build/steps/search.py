"""Search with Pagefind: a static, chunked index of the message pages and a search page.

A reader's browser fetches only the index chunks for the words typed, so one query stays
small however large the archive grows (Material's search loads one index of the whole
site). The step

- adds the search page, `search/` (template `alerts-search.html`, in `build/templates/`),
  and puts it in the navigation;
- gives the templates `alerts_search` (the page's URL, whether filters are shown), so the
  header's search form (overrides/partials/search.html) follows the options;
- writes each message's search record once the pages' bodies are known (`start`, before
  any page is rendered) and has Pagefind index them while the pages render, in one part
  for each year of the messages' dates, a part indexed again only when its records
  changed (`search/parts.py`, `search/indexer.py`); the search page merges the parts;
- puts the index into `<site_dir>/pagefind/` (the newest year) and
  `<site_dir>/pagefind/parts/<year>/` once every page is written. A preview
  (`mkdocs serve`) indexes after its pages are written and places the index when Pagefind
  is done, without holding up the reload; an edit meanwhile cancels it for a newer one.

Pagefind reads the records from disk in its own process, given the folder in one request,
rather than each record sent on its own: the Python API waits about 0.1 s for every reply
(a thousand messages would take minutes).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation

from ...core.dates import LONDON
from ...render.present import view_of
from ...render.search_record import record_key, record_path, search_record
from ...search.indexer import IndexingFailed, IndexSettings, Record
from ...search.parts import PartedIndex
from ...timing import TIMING_LINE
from ..build import Build, Step, add_page, add_to_nav
from ..config import SearchOptions

log = get_plugin_logger(__name__)

PAGE_SOURCE = "search.md"
PAGE_TEMPLATE = "alerts-search.html"


@dataclass(frozen=True)
class SearchSettings:
    """What the templates need to know (as `alerts_search`)."""

    page_url: str  # the search page, relative to the site root
    base_url: str  # the site's path on its server: Pagefind's result URLs start from it
    filters: bool


class SearchStep(Step):
    def __init__(
        self, options: SearchOptions, config: MkDocsConfig, earlier: SearchStep | None
    ) -> None:
        if "search" in config.plugins or "material/search" in config.plugins:
            raise PluginError(
                "alerts replaces Material's search: remove '- search' from 'plugins' in mkdocs.yml."
            )
        self.options = options
        base_url = urlsplit(config.site_url or "/").path or "/"
        self.settings = SearchSettings(
            page_url="search/",
            base_url=base_url if base_url.endswith("/") else base_url + "/",
            filters=options.filters,
        )
        self.index: PartedIndex | None = None
        # A preview's index still being put in place after its reload (see `finish`): the
        # step of the last build hands it over, so that this build's index replaces it.
        self.placing = earlier.placing if earlier is not None else None

    def files(self, build: Build, files: Files) -> None:
        add_page(build, files, PAGE_SOURCE, PAGE_TEMPLATE, "Search")

    def nav(self, build: Build, nav: Navigation, files: Files) -> None:
        add_to_nav(nav, files, PAGE_SOURCE)

    def template_context(self, build: Build, context: dict[str, Any]) -> None:
        context["alerts_search"] = self.settings

    def page_inputs(self, build: Build, page) -> object:
        return self.settings

    def page_context(self, build: Build, page, context: dict[str, Any]) -> None:
        context["alerts_search"] = self.settings
        if page.file.src_uri == PAGE_SOURCE and self.index is not None:
            # The parts of the index the search page merges into the main one (Pagefind's
            # mergeIndex options), each with the base URL its results are given.
            base = self.settings.base_url
            context["alerts_search_merge"] = [
                {"bundlePath": base + path, "baseUrl": base} for path in self.index.merged
            ]

    def start(self, build: Build) -> None:
        if self.placing is not None:  # the last preview's index: this build's replaces it
            self.placing.cancel()
            self.placing = None
        language = self.options.language
        try:
            self.index = PartedIndex(
                build.cache.folder("search"),
                IndexSettings(language=language, timeout=self.options.timeout),
            )
            # A preview indexes once its pages are written, not while they render.
            self.index.start(_records(build, language), later=build.previewing)
        except IndexingFailed as failed:
            raise PluginError(f"alerts: the search index could not be built: {failed}") from None

    def finish(self, build: Build) -> None:
        if self.index is None:
            return
        index, self.index = self.index, None
        if build.previewing:
            # The preview reloads now; its search catches up when Pagefind is done.
            index.finish_later(Path(build.site_dir), _report_preview_failure)
            self.placing = index
            return
        try:
            pages = index.finish(Path(build.site_dir))
        except IndexingFailed as failed:
            raise PluginError(f"alerts: the search index could not be built: {failed}") from None
        log.debug(f"Search: {pages} messages indexed, {index.written} records written.")
        log.debug(f"{TIMING_LINE} SearchStep.pagefind {index.seconds:.6f} s")

    def abandon(self) -> None:
        # Indexing must not outlive a failed build (`mkdocs serve` goes on).
        if self.index is not None:
            index, self.index = self.index, None
            index.wait()

    def close(self) -> None:
        self.abandon()
        if self.placing is not None:
            self.placing.cancel()
            self.placing = None


def _report_preview_failure(failed: IndexingFailed) -> None:
    log.warning(f"alerts: the preview's search index could not be built: {failed}")


def _records(build: Build, language: str) -> list[Record]:
    """The search record of every message with a page in this build."""
    archive = build.archive
    records = []
    for file in build.files.documentation_pages():
        item = archive.by_source.get(file.src_uri)
        if item is None or file.page is None:
            continue
        view = view_of(item, archive)
        body = build.bodies.get(item.source_path)
        part = str(item.date.astimezone(LONDON).year)  # the index's parts: search/parts.py
        if body is None:  # not rebuilt by --dirty, body unknown: its kept record stands
            records.append(Record(record_path(view), None, None, part))
        else:
            records.append(
                Record(
                    record_path(view),
                    record_key(view, body, language),
                    lambda view=view, body=body: search_record(view, body, language),
                    part,
                )
            )
    return records
