"""Email-ready HTML and plain text beside each published message, weekly and daily digests,
and email/outbox.json, every email with whom it is for and when to send it.

Staff paste these into the force's mailing service, or the service takes the outbox. The
rendering is in `render/email.py`; this step hands each email whose inputs changed to the
worker as soon as its inputs are known (digests at `files`, messages at `start`), and
writes every email into the site once the pages are built.
"""

from __future__ import annotations

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import Files

from ...cache import OutputCache, make_entries
from ...render.email import (
    EMAIL_HTML,
    EMAIL_INDEX,
    EMAIL_OUTBOX,
    EMAIL_TEXT,
    ITEM,
    EmailJob,
    EmailSettings,
    digest_jobs,
    email_files,
    index_key,
    item_email_job,
    outbox_key,
    render_index,
    render_outbox,
)
from ...timing import TIMING_LINE
from ..build import Build, Step
from ..config import EmailOptions
from ..worker import JobFailed, Jobs

log = get_plugin_logger(__name__)


class EmailStep(Step):
    def __init__(self, options: EmailOptions, config: MkDocsConfig) -> None:
        self.options = options
        self.settings = EmailSettings(
            site_name=config.site_name,
            site_url=config.site_url,
            unsubscribe_placeholder=options.unsubscribe_placeholder,
            report_text=options.report_text,
        )
        self.cache: OutputCache | None = None
        self.worker: Jobs | None = None
        self.jobs: dict[str, EmailJob] = {}  # by the email's path in the site
        self.sizes: dict[str, int] = {}  # HTML bytes of each email known before the worker's

    def files(self, build: Build, files: Files) -> None:
        self.cache, self.worker = build.cache.outputs("email"), build.jobs()
        if self.options.digest:  # digests need only the archive: start them now
            for job in digest_jobs(build.archive, self.settings, self.options.digest_weeks):
                self._start(job)
            self.worker.flush()

    def start(self, build: Build) -> None:
        assert self.worker is not None
        archive = build.archive
        for item in archive.published:
            # No body: its page is not in this build (a dirty rebuild that had none kept).
            if (body := build.bodies.get(item.source_path)) is not None:
                self._start(item_email_job(item, archive, body, self.settings))
        self.worker.flush()

    def _start(self, job: EmailJob) -> None:
        """Reuse the job's email from the cache, or have the worker render and store it."""
        assert self.cache is not None and self.worker is not None
        self.jobs[job.html_path] = job
        if self.cache.has(job.key, EMAIL_HTML, EMAIL_TEXT):
            self.sizes[job.html_path] = self.cache.size(job.key, EMAIL_HTML)
        else:
            self.worker.submit(
                job.html_path, make_entries, self.cache.folder, job.key, email_files, job
            )

    def finish(self, build: Build) -> None:
        assert self.cache is not None and self.worker is not None
        try:
            made = self.worker.results()
        except JobFailed as error:
            raise PluginError(f"alerts: an email could not be made: {error}") from None
        for path, sizes in made.items():
            self.cache.made_now(self.jobs[path].key)
            self.sizes[path] = sizes[EMAIL_HTML]
        jobs = sorted(self.jobs.values(), key=lambda job: job.html_path)
        for job in jobs:
            self.cache.publish(job.key, EMAIL_HTML, build.site_dir, job.html_path)
            self.cache.publish(job.key, EMAIL_TEXT, build.site_dir, job.text_path)
            self._check_size(job, self.sizes[job.html_path])
        # The index lists messages newest first, as the archive does, then the digests.
        by_label = {job.label: job for job in jobs}
        listed = [
            by_label[item.source_path]
            for item in build.archive.published
            if item.source_path in by_label
        ]
        listed += [job for job in jobs if job.envelope.kind != ITEM]
        index = index_key(listed, self.settings)
        self.cache.keep_file(
            index, EMAIL_INDEX, lambda: render_index(listed, self.settings).encode("utf-8")
        )
        self.cache.publish(index, EMAIL_INDEX, build.site_dir, "email/index.html")
        # Made again only when an email or what the outbox says of it changed.
        outbox = outbox_key(jobs, self.settings)
        self.cache.keep_file(outbox, EMAIL_OUTBOX, lambda: render_outbox(jobs, self.settings))
        self.cache.publish(outbox, EMAIL_OUTBOX, build.site_dir, "email/outbox.json")
        self.cache.save(complete=not build.partial)
        log.debug(f"Emails: {self.cache.made} rendered, {self.cache.reused} reused from the cache.")
        log.debug(f"{TIMING_LINE} EmailStep.worker {self.worker.seconds:.6f} s")

    def _check_size(self, job: EmailJob, size: int) -> None:
        budget = self.options.size_budget
        if size > budget:
            log.warning(
                f"{job.label}: its email ({job.html_path}) is {size:,} bytes, more than "
                f"the {budget:,} allowed (size_budget). Gmail clips longer messages and hides "
                "the rest, unsubscribe link included: shorten the message or move detail to "
                "the website."
            )
