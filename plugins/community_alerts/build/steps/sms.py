"""A text message (`sms.txt`) beside each published alert's page, ready to send.

The texts themselves are made by `render.sms`; this step hands each text whose inputs
changed to the worker as soon as the content is loaded, and writes the files once the
pages are built.
"""

from __future__ import annotations

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import Files

from ...cache import OutputCache, make_entries
from ...render.sms import SMS_SUFFIX, SmsJob, SmsSettings, SmsTooLong, sms_job
from ...timing import TIMING_LINE
from ..build import Build, Step
from ..config import SmsOptions
from ..worker import JobFailed, Jobs

log = get_plugin_logger(__name__)


class SmsStep(Step):
    def __init__(self, options: SmsOptions, config: MkDocsConfig) -> None:
        self.settings = SmsSettings(
            site_url=config.site_url, limit=options.limit, county_wide_name=options.county_wide_name
        )
        self.cache: OutputCache | None = None
        self.worker: Jobs | None = None
        self.jobs: list[SmsJob] = []

    def files(self, build: Build, files: Files) -> None:
        # A text needs only the archive: every one can start as soon as it is loaded.
        self.cache, self.worker = build.cache.outputs("sms"), build.jobs()
        self.jobs = [
            sms_job(item, build.archive, self.settings) for item in build.archive.section("alerts")
        ]
        for job in self.jobs:
            if not self.cache.has(job.key, SMS_SUFFIX):
                self.worker.submit(
                    job.item.source_path,
                    make_entries,
                    self.cache.folder,
                    job.key,
                    SmsJob.files,
                    job,
                )
        self.worker.flush()

    def finish(self, build: Build) -> None:
        assert self.cache is not None and self.worker is not None
        try:
            made = self.worker.results()
        except JobFailed as failed:
            if isinstance(failed.error, SmsTooLong):
                raise PluginError(f"alerts: {failed.error}") from None
            raise PluginError(f"alerts: a text message could not be made: {failed}") from None
        for job in self.jobs:
            if job.item.source_path in made:
                self.cache.made_now(job.key)
            self.cache.publish(job.key, SMS_SUFFIX, build.site_dir, job.path)
        self.cache.save(complete=True)
        log.debug(
            f"Text messages: {self.cache.made} made, {self.cache.reused} reused from the cache."
        )
        log.debug(f"{TIMING_LINE} SmsStep.worker {self.worker.seconds:.6f} s")
