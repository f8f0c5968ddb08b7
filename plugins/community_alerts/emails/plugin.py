"""Write email-ready HTML and plain text beside each published message, and weekly digests.

Staff paste these into the force's mailing service. The rendering is in
`render/email.py`; this plugin hands each email whose inputs changed to the
worker process as soon as the pages' bodies are final (`on_env`), and writes
every email into the site once the pages are built.
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
from ..pages.plugin import rendered_bodies
from ..render.email import (
    DIGEST,
    EMAIL_HTML,
    EMAIL_INDEX,
    EMAIL_TEXT,
    EmailJob,
    EmailSettings,
    digest_jobs,
    email_files,
    index_key,
    item_email_job,
    render_index,
)
from ..site_url import required_site_url
from ..timing import TIMING_LINE, TimedPlugin
from .config import EmailConfig

log = get_plugin_logger(__name__)

CACHE_FOLDER = f"{CACHE_ROOT}/alerts-email"


class EmailPlugin(TimedPlugin[EmailConfig]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        self.settings: EmailSettings | None = None
        self.cache = OutputCache(None)
        self.jobs: dict[str, EmailJob] = {}  # by the email's path in the site
        self.sizes: dict[str, int] = {}  # HTML bytes of each email known before the worker's
        self.worker = background.Jobs()
        self.published: set[str] = set()

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        if not self.config.enabled:
            return None
        required_site_url(config, "alerts-email", "every address in an email must be absolute")
        if self.config.size_budget < 1:
            raise PluginError("alerts-email: 'size_budget' is the most bytes an email may have; "
                              f"write a positive number, e.g. {EmailConfig.size_budget.default}.")
        self.settings = EmailSettings(
            site_name=config.site_name,
            site_url=config.site_url,
            unsubscribe_placeholder=self.config.unsubscribe_placeholder,
            report_text=self.config.report_text,
        )
        background.start_early()
        return None

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files | None:
        if not self.config.enabled:
            return None
        folder = Path(config.config_file_path).parent / CACHE_FOLDER
        self.cache = OutputCache(folder if self.config.cache else None)
        self.jobs, self.sizes, self.worker = {}, {}, background.Jobs()
        archive = archive_for(config)
        self.published = {item.source_path for item in archive.published}
        if self.config.digest:  # digests need only the archive: start them now
            for job in digest_jobs(archive, self._settings()):
                self._start(job)
            self.worker.flush()
        return None

    # Every page's body is final from on_env (alerts-pages has them), before any page is
    # rendered: the worker makes the emails while MkDocs renders the pages.
    def on_env(self, env, *, config: MkDocsConfig, files: Files):
        if not self.config.enabled:
            return env
        archive = archive_for(config)
        bodies = rendered_bodies(config)
        for item in archive.published:
            # No body: its page is not in this build (a dirty reload that had none kept).
            if (body := bodies.get(item.source_path)) is not None:
                self._start(item_email_job(item, archive, body, self._settings()))
        self.worker.flush()
        return env

    def _settings(self) -> EmailSettings:
        assert self.settings is not None
        return self.settings

    def _start(self, job: EmailJob) -> None:
        """Reuse the job's email from the cache, or have the worker render and store it."""
        self.jobs[job.html_path] = job
        if self.cache.has(job.key, EMAIL_HTML, EMAIL_TEXT):
            self.sizes[job.html_path] = self.cache.size(job.key, EMAIL_HTML)
        else:
            self.worker.submit(job.html_path, make_entries, self.cache.folder, job.key,
                               email_files, job)

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if not self.config.enabled:
            return
        try:
            made = self.worker.results()
        except background.JobFailed as error:
            raise PluginError(f"alerts-email: an email could not be made: {error}") from None
        for path, sizes in made.items():
            self.cache.made_now(self.jobs[path].key)
            self.sizes[path] = sizes[EMAIL_HTML]
        jobs = sorted(self.jobs.values(), key=lambda job: job.html_path)
        for job in jobs:
            self.cache.publish(job.key, EMAIL_HTML, config.site_dir, job.html_path)
            self.cache.publish(job.key, EMAIL_TEXT, config.site_dir, job.text_path)
            self._check_size(job, self.sizes[job.html_path])
        # The index lists messages newest first, as the archive does, then the digests.
        by_label = {job.label: job for job in jobs}
        listed = [by_label[item.source_path] for item in archive_for(config).published
                  if item.source_path in by_label]
        listed += [job for job in self.jobs.values() if job.kind == DIGEST]
        index = index_key(listed, self._settings())
        self.cache.keep_file(index, EMAIL_INDEX,
                             lambda: render_index(listed, self._settings()).encode("utf-8"))
        self.cache.publish(index, EMAIL_INDEX, config.site_dir, "email/index.html")
        # Every published message had its page built, unless this is a dirty reload.
        self.cache.save(complete=self.published <= {job.label for job in jobs})
        log.debug(f"Emails: {self.cache.made} rendered, {self.cache.reused} reused from the "
                  "cache.")
        log.debug(f"{TIMING_LINE} EmailPlugin.worker {self.worker.seconds:.6f} s")

    def _check_size(self, job: EmailJob, size: int) -> None:
        budget = self.config.size_budget
        if size > budget:
            log.warning(
                f"{job.label}: its email ({job.html_path}) is {size:,} bytes, more than "
                f"the {budget:,} allowed (size_budget). Gmail clips longer messages and hides "
                "the rest, unsubscribe link included: shorten the message or move detail to "
                "the website."
            )

    def on_build_error(self, *, error: Exception) -> None:
        background.shutdown()

    def on_shutdown(self) -> None:
        background.shutdown()
