"""The `alerts` plugin: the whole alerts build, read top to bottom as MkDocs' events.

`on_files` loads and checks the content once and makes the per-build object (`Build`:
the archive, the bodies, whether the build is partial, the cache, the worker). Each
output is a step (`steps/`), called at each event in a fixed order: pages first (every
other output is made from the messages' finished bodies), listings before feeds (a
listing's feed links). Steps never look each other up: what one makes for another (the
bodies, the listing pages) is on the `Build`.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority, get_plugin_logger
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from ..cache import CACHE_ROOT, Cache
from ..core.archive import publication_summary
from ..render.csp import with_policy
from ..timing import TimedPlugin
from .build import Build, Step
from .config import AlertsConfig
from .content import (
    content_settings,
    leave_out_unpublished,
    load_archive,
    refuse_what_is_not_content,
)
from .preview import CONTENT_PROBLEMS, keep_serving, show_problems
from .reuse import REUSED_TEMPLATE, ReusedPages, site_signature
from .steps.attachments import AttachmentsStep
from .steps.calendars import CalendarStep
from .steps.cap import CapStep
from .steps.emails import EmailStep
from .steps.feeds import FeedsStep
from .steps.listings import ListingsStep
from .steps.pages import PagesStep
from .steps.search import SearchStep
from .steps.sms import SmsStep
from .steps.subscribe import SubscribeStep
from .worker import Worker

log = get_plugin_logger(__name__)

RAW_HTML = "community_alerts.render.raw_html"
# The templates of the search page and of a page used again (reuse.py); last in the
# theme's folders, so overrides/ still wins.
TEMPLATES = Path(__file__).parent / "templates"


class AlertsPlugin(TimedPlugin[AlertsConfig]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        # Kept from build to build of a preview: starting it costs about 0.3 s.
        self.worker = Worker()
        self.previewing = self.dirty = False
        self.pages: PagesStep | None = None
        self.steps: list[Step] = []
        self.build: Build | None = None
        self.reuse: ReusedPages | None = None
        # This build's rendered pages, kept for the next once the build has succeeded, and
        # whether the build was complete (see on_shutdown).
        self.rendered_to_keep: tuple[ReusedPages, bool] | None = None
        # What the last build published and held back: the build's last line.
        self.summary: str | None = None
        # A preview's content problems: the preview shows them instead of the site.
        self.problems: list[str] = []

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # `mkdocs serve` may show drafts and future items, marked as previews.
        self.previewing = command == "serve"
        self.dirty = dirty
        if self.previewing and dirty:
            logging.getLogger("mkdocs.commands.build").addFilter(_without_dirty_warning)

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        if not self.config.enabled:
            return None
        if not config.site_url:
            raise PluginError(
                "alerts: feeds, emails, CAP files, calendars and text messages "
                "need the site's full address; set 'site_url' in mkdocs.yml, "
                "e.g. site_url: https://alerts.example.org/"
            )
        options = self.config
        # Raw HTML in a body keeps no class, id or style (render/raw_html.py).
        if RAW_HTML not in config.markdown_extensions:
            config.markdown_extensions.append(RAW_HTML)
        earlier_search = next((s for s in self.steps if isinstance(s, SearchStep)), None)
        self.pages = PagesStep(options.pages)
        self.steps = [
            step
            for step in (
                self.pages,
                AttachmentsStep(),
                options.listings.enabled and ListingsStep(options.listings),
                options.feeds.enabled and FeedsStep(options.feeds, config),
                options.email.enabled and EmailStep(options.email, config),
                options.cap.enabled and CapStep(options.cap, config),
                options.calendar.enabled and CalendarStep(options.calendar, config),
                options.sms.enabled and SmsStep(options.sms, config),
                options.subscribe.enabled and SubscribeStep(options.subscribe, options.feeds),
                options.search.enabled and SearchStep(options.search, config, earlier_search),
            )
            if step
        ]
        if str(TEMPLATES) not in config.theme.dirs:
            config.theme.dirs.append(str(TEMPLATES))
        if options.email.enabled or options.cap.enabled or options.sms.enabled:
            self.worker.start()  # beside the build, while MkDocs reads the files
        return config

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        self.problems = []
        if self.config.enabled:
            try:
                refuse_what_is_not_content(config)
            except PluginError as error:
                if not self.previewing:
                    raise
                self.problems = problem_lines(error)

    # Before other plugins' on_files: the archive decides which files are published.
    @event_priority(100)
    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files | None:
        if not self.config.enabled:
            return None
        if self.problems:  # the content folder's, found before MkDocs listed the files
            return _static_files_only(files, config)
        root = Path(config.config_file_path).parent / CACHE_ROOT
        cache = Cache(root if self.config.cache else None)
        try:
            archive = load_archive(
                Path(config.docs_dir),
                files,
                content_settings(self.config.content),
                cache,
                self.previewing,
            )
        except PluginError as error:
            if not self.previewing:
                raise
            cache.close()
            self.problems = problem_lines(error)
            return _static_files_only(files, config)
        if not self.previewing:
            leave_out_unpublished(archive, files)
        self.build = Build(
            config=config,
            files=files,
            archive=archive,
            cache=cache,
            worker=self.worker,
            previewing=self.previewing,
            dirty=self.dirty,
        )
        for step in self.steps:
            step.files(self.build, files)
        return files

    def on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> None:
        if self.build is None:
            return
        for step in self.steps:
            step.nav(self.build, nav, files)
        if self.config.cache and not (self.previewing or self.dirty):
            self.reuse = ReusedPages(self.build.cache, site_signature(config, nav))
            self.build.reused_pages = self.reuse.reused

    # A message or listing page whose inputs have not changed since an earlier build is not
    # rendered again: that build's HTML is used (reuse.py).
    def on_pre_page(self, page: Page, *, config: MkDocsConfig, files: Files) -> None:
        build = self.build
        if self.reuse is None or build is None:
            return
        if build.item_of(page) is None and build.listing_of(page) is None:
            return
        self.reuse.decide(
            page,
            [step.page_inputs(build, page) for step in self.steps],
            allowed=all(step.can_reuse(build, page) for step in self.steps),
        )

    def on_page_read_source(self, *, page: Page, config: MkDocsConfig) -> str | None:
        if self.build is None or self.pages is None:
            return None
        return self.pages.read_source(self.build, page)

    def on_page_markdown(
        self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files
    ) -> None:
        if self.build is not None:
            for step in self.steps:
                step.page_markdown(self.build, page)
            if page.file.src_uri in self.build.reused_pages:
                page.meta["template"] = REUSED_TEMPLATE

    def on_page_content(
        self, html: str, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str | None:
        if self.build is None or self.pages is None:
            return None
        if page.file.src_uri in self.build.reused_pages:
            return None
        return self.pages.page_content(self.build, page, html)

    # MkDocs has run every on_page_content by now, so each body is final; no page has been
    # rendered yet, so what needs only the bodies runs beside the rendering.
    def on_env(self, env, *, config: MkDocsConfig, files: Files):
        if self.build is not None:
            for step in self.steps:
                step.start(self.build)
        return env

    def on_template_context(
        self, context: dict[str, Any], *, template_name: str, config: MkDocsConfig
    ) -> dict[str, Any]:
        if self.build is not None:
            for step in self.steps:
                step.template_context(self.build, context)
        return context

    def on_page_context(
        self, context: dict[str, Any], *, page: Page, config: MkDocsConfig, nav: Navigation
    ) -> dict[str, Any]:
        if self.build is not None and page.file.src_uri not in self.build.reused_pages:
            for step in self.steps:
                step.page_context(self.build, page, context)
        return context

    # Every page, and the pages made from a theme template alone (404.html), carry the
    # Content-Security-Policy of their own inline scripts. Not the preview's: MkDocs adds a
    # live-reload script of its own to every page it serves, new on each request.
    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        if self.build is None or self.previewing:
            return output
        if page.file.src_uri not in self.build.reused_pages:
            output = with_policy(output, config.site_url)
        return output if self.reuse is None else self.reuse.output(page, output)

    def on_post_template(
        self, output_content: str, *, template_name: str, config: MkDocsConfig
    ) -> str:
        if self.build is None or self.previewing or not template_name.endswith(".html"):
            return output_content
        return with_policy(output_content, config.site_url)

    def on_serve(self, server, *, config: MkDocsConfig, builder):
        server.builder = keep_serving(server.builder, config.site_dir, config.site_name)
        return server

    # Before safe-publish (-100) swaps the staging folder in.
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if self.problems:
            count = len(self.problems)
            log.error(f"The preview shows {count} problem{'s' * (count != 1)} to fix.")
            show_problems(config.site_dir, config.site_name, CONTENT_PROBLEMS, self.problems)
            return
        if self.build is None:
            return
        build, self.build = self.build, None
        reuse, self.reuse = self.reuse, None
        if reuse is not None:
            self.rendered_to_keep = (reuse, not build.partial)
        try:
            for step in self.steps:
                step.finish(build)
        finally:
            build.cache.close()
        self.summary = publication_summary(build.archive)
        if self.previewing:  # a preview rebuilds until it is stopped: say it each time
            log.info(self.summary)

    def on_build_error(self, *, error: Exception) -> None:
        self.summary = None
        for step in self.steps:
            step.abandon()
        if self.build is not None:
            self.build.cache.close()
            self.build = None
        self.reuse = self.rendered_to_keep = None
        # A job may be half done; the next build starts a fresh worker.
        self.worker.close()

    def on_shutdown(self) -> None:
        for step in self.steps:
            step.close()
        self.worker.close()
        # Only now: `--strict` fails a build on its warnings after on_post_build. A page
        # kept from a failed build would be used again without the warning it caused.
        if self.rendered_to_keep is not None and self.summary is not None:
            reuse, complete = self.rendered_to_keep
            reuse.save(complete)
        self.rendered_to_keep = None
        if self.summary is not None and not self.previewing:
            log.info(self.summary)


def problem_lines(error: PluginError) -> list[str]:
    """The problems a content error lists, one per line, without its heading."""
    return str(error).splitlines()[1:] or [str(error)]


def _static_files_only(files: Files, config: MkDocsConfig) -> Files:
    """A site of the theme's files alone, for the problems page: no page is rendered."""
    for file in list(files.documentation_pages()):
        files.remove(file)
    config.nav = None  # the navigation names pages this build does not have
    return files


def _without_dirty_warning(record: logging.LogRecord) -> bool:
    """MkDocs warns on every `--dirty` rebuild of "inaccurate navigation": not so here. The
    navigation names no message, and each rebuild makes every listing and feed again."""
    return not record.getMessage().startswith("A 'dirty' build is being performed")
