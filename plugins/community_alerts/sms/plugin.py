"""Write a text message (`sms.txt`) beside each published alert's page, ready to send.

The texts themselves are made by `render.sms`; this plugin reads the options,
hands each text whose inputs changed to the worker process as soon as the
archive is loaded, and writes the files once the pages are built.
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
from ..render.sms import SMS_LIMIT, SMS_SUFFIX, SmsJob, SmsSettings, SmsTooLong, sms_job
from ..site_url import required_site_url
from ..timing import TIMING_LINE, TimedPlugin
from .config import SmsConfig

log = get_plugin_logger(__name__)

CACHE_FOLDER = f"{CACHE_ROOT}/alerts-sms"


class SmsPlugin(TimedPlugin[SmsConfig]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        self.settings: SmsSettings | None = None
        self.cache = OutputCache(None)
        self.jobs: list[SmsJob] = []
        self.worker = background.Jobs()

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        if not self.config.enabled:
            return None
        if not 0 < self.config.limit <= SMS_LIMIT:
            raise PluginError(f"alerts-sms: 'limit' is {self.config.limit}; one text message "
                              f"holds at most {SMS_LIMIT} characters, e.g. limit: {SMS_LIMIT}")
        required_site_url(config, "alerts-sms", "a text message links its page")
        self.settings = SmsSettings(site_url=config.site_url, limit=self.config.limit,
                                    county_wide_name=self.config.county_wide_name)
        background.start_early()
        return None

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files | None:
        # A text needs only the archive: every one can start as soon as it is loaded.
        if not self.config.enabled:
            return None
        assert self.settings is not None
        folder = Path(config.config_file_path).parent / CACHE_FOLDER
        self.cache = OutputCache(folder if self.config.cache else None)
        self.worker = background.Jobs()
        archive = archive_for(config)
        self.jobs = [sms_job(item, archive, self.settings) for item in archive.section("alerts")]
        for job in self.jobs:
            if not self.cache.has(job.key, SMS_SUFFIX):
                self.worker.submit(job.item.source_path, make_entries, self.cache.folder,
                                   job.key, SmsJob.files, job)
        self.worker.flush()
        return None

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if not self.config.enabled:
            return
        try:
            made = self.worker.results()
        except background.JobFailed as failed:
            if isinstance(failed.error, SmsTooLong):
                raise PluginError(f"alerts-sms: {failed.error}") from None
            raise PluginError(f"alerts-sms: a text message could not be made: {failed}") from None
        for job in self.jobs:
            if job.item.source_path in made:
                self.cache.made_now(job.key)
            self.cache.publish(job.key, SMS_SUFFIX, config.site_dir, job.path)
        self.cache.save(complete=True)
        log.debug(f"Text messages: {self.cache.made} made, {self.cache.reused} reused from the "
                  "cache.")
        log.debug(f"{TIMING_LINE} SmsPlugin.worker {self.worker.seconds:.6f} s")

    def on_build_error(self, *, error: Exception) -> None:
        background.shutdown()

    def on_shutdown(self) -> None:
        background.shutdown()
