"""A CAP 1.2 file beside each published alert's page, and the CAP index of current alerts.

The files themselves are made by `render.cap`; this step hands each alert whose inputs
changed to the worker as soon as the pages' bodies are final (`start`), and writes the
files once the pages are built.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import Files

from ...cache import OutputCache, make_entries, store
from ...render.cap import (
    CAP_INDEX_PATH,
    CAP_SUFFIX,
    AreaGeometry,
    CapJob,
    CapSettings,
    cap_index,
    cap_job,
    default_sender,
)
from ...timing import TIMING_LINE
from ..build import Build, Step
from ..config import CapOptions
from ..worker import JobFailed, Jobs

log = get_plugin_logger(__name__)


class CapStep(Step):
    def __init__(self, options: CapOptions, config: MkDocsConfig) -> None:
        geometry = {
            slug: AreaGeometry(
                polygons=(area["polygon"],) if area["polygon"] else (),
                geocodes=(
                    ((area["geocode"]["valueName"], area["geocode"]["value"]),)
                    if area["geocode"]["value"]
                    else ()
                ),
            )
            for slug, area in options.area_geometry.items()
        }
        self.settings = CapSettings(
            site_url=config.site_url,
            site_name=config.site_name,
            sender=options.sender or default_sender(config.site_url),
            guid_tag_date=options.guid_tag_date,
            identifier_prefix=options.identifier_prefix,
            instruction_headings=tuple(options.instruction_headings),
            certainty_by_category=dict(options.certainty_by_category),
            area_geometry=geometry,
            county_wide_name=options.county_wide_name,
            language=config.theme.get("language") or "en",
            markdown_extensions=tuple(config.markdown_extensions),
            markdown_configs=dict(config.mdx_configs),
        )
        self.cache: OutputCache | None = None
        self.worker: Jobs | None = None
        self.jobs: dict[str, CapJob] = {}  # by the alert's source path

    def files(self, build: Build, files: Files) -> None:
        self.cache, self.worker = build.cache.outputs("cap"), build.jobs()

    def start(self, build: Build) -> None:
        assert self.cache is not None and self.worker is not None
        archive = build.archive
        for item in archive.section("alerts"):
            # No body: its page is not in this build (a dirty rebuild that had none kept);
            # its CAP text then comes from the Markdown.
            job = cap_job(item, archive, self.settings, build.bodies.get(item.source_path))
            self.jobs[item.source_path] = job
            if not self.cache.has(job.key, CAP_SUFFIX):
                self.worker.submit(
                    item.source_path, make_entries, self.cache.folder, job.key, CapJob.files, job
                )
        self.worker.flush()

    def finish(self, build: Build) -> None:
        assert self.cache is not None and self.worker is not None
        try:
            made = self.worker.results()
        except JobFailed as error:
            raise PluginError(f"alerts: a CAP file could not be made: {error}") from None
        for source in made:
            self.cache.made_now(self.jobs[source].key)
        for source in sorted(self.jobs):
            job = self.jobs[source]
            self.cache.publish(job.key, CAP_SUFFIX, build.site_dir, job.path)
        store(Path(build.site_dir, CAP_INDEX_PATH), cap_index(build.archive, self.settings))
        self.cache.save(complete=not build.partial)
        log.debug(f"CAP files: {self.cache.made} made, {self.cache.reused} reused from the cache.")
        log.debug(f"{TIMING_LINE} CapStep.worker {self.worker.seconds:.6f} s")
