"""Write a CAP 1.2 file beside each published alert's page, and the CAP index of current alerts.

The files themselves are made by `render.cap`; this plugin reads the options,
hands each alert whose inputs changed to the worker process as soon as the
pages' bodies are final (`on_env`), and writes the files once the pages are built.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import Files

from .. import background
from ..cache import CACHE_ROOT, OutputCache, make_entries
from ..content.plugin import archive_for
from ..core.item import CATEGORIES
from ..pages.plugin import rendered_bodies
from ..render.cap import (
    CAP_INDEX_PATH,
    CAP_SUFFIX,
    AreaGeometry,
    CapJob,
    CapSettings,
    cap_index,
    cap_job,
    default_sender,
    polygon_problem,
    sender_problem,
)
from ..render.feeds import TAG_DATE
from ..site_url import required_site_url
from ..timing import TIMING_LINE, TimedPlugin
from .config import CapConfig

log = get_plugin_logger(__name__)

CACHE_FOLDER = f"{CACHE_ROOT}/alerts-cap"


class CapPlugin(TimedPlugin[CapConfig]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        self.settings: CapSettings | None = None
        self.cache = OutputCache(None)
        self.jobs: dict[str, CapJob] = {}  # by the alert's source path
        self.worker = background.Jobs()
        self.alerts: set[str] = set()  # source paths of the published alerts

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        if not self.config.enabled:
            return None
        required_site_url(config, "alerts-cap", "CAP files need absolute links")
        sender = self.config.sender or default_sender(config.site_url)
        problems = [problem for problem in [sender_problem(sender)] if problem]
        problems += [f"'certainty_by_category' names '{category}', which is not a category; "
                     f"use one of {', '.join(CATEGORIES)}."
                     for category in self.config.certainty_by_category
                     if category not in CATEGORIES]
        if not TAG_DATE.fullmatch(self.config.guid_tag_date):
            problems.append(f"'guid_tag_date' is {self.config.guid_tag_date!r}; write a year, "
                            "e.g. guid_tag_date: '2024'.")
        geometry = {}
        for slug, options in self.config.area_geometry.items():
            geometry[slug], area_problems = _area_geometry(slug, options)
            problems += area_problems
        if problems:
            raise PluginError("alerts-cap: " + "\n".join(problems))
        self.settings = CapSettings(
            site_url=config.site_url,
            site_name=config.site_name,
            sender=sender,
            guid_tag_date=self.config.guid_tag_date,
            identifier_prefix=self.config.identifier_prefix,
            instruction_headings=tuple(self.config.instruction_headings),
            certainty_by_category=dict(self.config.certainty_by_category),
            area_geometry=geometry,
            county_wide_name=self.config.county_wide_name,
            markdown_extensions=tuple(config.markdown_extensions),
            markdown_configs=dict(config.mdx_configs),
        )
        background.start_early()
        return None

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files | None:
        if not self.config.enabled:
            return None
        archive = archive_for(config)
        unknown = sorted(set(self._settings().area_geometry) - set(archive.settings.areas))
        if unknown:
            raise PluginError(f"alerts-cap: 'area_geometry' names {', '.join(unknown)}, not a "
                              f"configured area; use one of {', '.join(archive.settings.areas)}.")
        folder = Path(config.config_file_path).parent / CACHE_FOLDER
        self.cache = OutputCache(folder if self.config.cache else None)
        self.jobs, self.worker = {}, background.Jobs()
        self.alerts = {item.source_path for item in archive.section("alerts")}
        return None

    # Every page's body is final from on_env (alerts-pages has them), before any page is
    # rendered: the worker makes the CAP files while MkDocs renders the pages.
    def on_env(self, env, *, config: MkDocsConfig, files: Files):
        if not self.config.enabled:
            return env
        bodies = rendered_bodies(config)
        for source in sorted(self.alerts):
            # No body: its page is not in this build (a dirty reload that had none kept);
            # its CAP text then comes from the Markdown.
            self._start(source, bodies.get(source), config)
        self.worker.flush()
        return env

    def _settings(self) -> CapSettings:
        assert self.settings is not None
        return self.settings

    def _start(self, source: str, body_html: str | None, config: MkDocsConfig) -> None:
        """Reuse the alert's CAP file from the cache, or have the worker make and store it."""
        archive = archive_for(config)
        job = cap_job(archive.by_source[source], archive, self._settings(), body_html)
        self.jobs[source] = job
        if not self.cache.has(job.key, CAP_SUFFIX):
            self.worker.submit(source, make_entries, self.cache.folder, job.key, CapJob.files,
                               job)

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if not self.config.enabled:
            return
        try:
            made = self.worker.results()
        except background.JobFailed as error:
            raise PluginError(f"alerts-cap: a CAP file could not be made: {error}") from None
        for source in made:
            self.cache.made_now(self.jobs[source].key)
        site = Path(config.site_dir)
        for source in sorted(self.jobs):
            job = self.jobs[source]
            self.cache.publish(job.key, CAP_SUFFIX, config.site_dir, job.path)
        index = site / CAP_INDEX_PATH
        index.parent.mkdir(parents=True, exist_ok=True)
        index.write_bytes(cap_index(archive_for(config), self._settings()))
        # Keep the entries made from bodies while some alerts had none (a dirty reload).
        self.cache.save(complete=all(job.body_html is not None for job in self.jobs.values()))
        log.debug(f"CAP files: {self.cache.made} made, {self.cache.reused} reused from the "
                  "cache.")
        log.debug(f"{TIMING_LINE} CapPlugin.worker {self.worker.seconds:.6f} s")

    def on_build_error(self, *, error: Exception) -> None:
        background.shutdown()

    def on_shutdown(self) -> None:
        background.shutdown()


def _area_geometry(slug: str, options: dict) -> tuple[AreaGeometry, list[str]]:
    """One area's configured polygon and geocode, and what is wrong with them."""
    polygon, geocode = options["polygon"], options["geocode"]
    problems = []
    if polygon is not None and (problem := polygon_problem(polygon)):
        problems.append(f"area_geometry, {slug}: {problem}")
    if (geocode["valueName"] is None) != (geocode["value"] is None):
        problems.append(f"area_geometry, {slug}: a geocode needs both 'valueName' (e.g. ONS) "
                        "and 'value' (e.g. E07000008).")
    geometry = AreaGeometry(
        polygons=(polygon,) if polygon else (),
        geocodes=((geocode["valueName"], geocode["value"]),) if geocode["value"] else (),
    )
    return geometry, problems
