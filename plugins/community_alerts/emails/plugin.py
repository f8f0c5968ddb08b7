"""Write email-ready HTML and plain text beside each published message, and weekly digests.

Staff paste these into the force's mailing service. The rendering is in
`render/email.py`; this plugin collects each page's finished body, renders
or reuses each email and writes it into the site.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import get_plugin_logger

from ..content.plugin import archive_for
from ..pages.plugin import rendered_bodies
from ..render.email import EmailJob, EmailSettings, RenderedEmail, email_jobs, render_index
from ..timing import TimedPlugin
from .cache import EmailCache
from .config import EmailConfig

log = get_plugin_logger(__name__)

CACHE_FOLDER = ".cache/plugin/alerts-email"


class EmailPlugin(TimedPlugin[EmailConfig]):
    supports_multiple_instances = False

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        if not self.config.enabled:
            return None
        if not config.site_url:
            raise PluginError("alerts-email: every address in an email must be absolute; set "
                              "site_url in mkdocs.yml, e.g. site_url: https://alerts.example.org/")
        if self.config.size_budget < 1:
            raise PluginError("alerts-email: 'size_budget' is the most bytes an email may have; "
                              f"write a positive number, e.g. {EmailConfig.size_budget.default}.")
        return None

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if not self.config.enabled:
            return
        settings = EmailSettings(
            site_name=config.site_name,
            site_url=config.site_url or "",
            unsubscribe_placeholder=self.config.unsubscribe_placeholder,
            report_text=self.config.report_text,
        )
        folder = Path(config.config_file_path).parent / CACHE_FOLDER
        cache = EmailCache(folder if self.config.cache else None)
        jobs = email_jobs(archive_for(config), rendered_bodies(config), settings,
                          self.config.digest)
        site = Path(config.site_dir)
        for job in jobs:
            email = cache.email_for(job)
            self._write(site, job, email)
            self._check_size(job, email)
        _write_text(site / "email" / "index.html", render_index(jobs, settings))
        cache.save()
        log.debug(f"Emails: {cache.rendered} rendered, {cache.reused} reused from the cache.")

    def _write(self, site: Path, job: EmailJob, email: RenderedEmail) -> None:
        _write_text(site / job.html_path, email.html)
        _write_text(site / job.text_path, email.text)

    def _check_size(self, job: EmailJob, email: RenderedEmail) -> None:
        budget = self.config.size_budget
        if email.size > budget:
            log.warning(
                f"{job.label}: its email ({job.html_path}) is {email.size:,} bytes, more than "
                f"the {budget:,} allowed (size_budget). Gmail clips longer messages and hides "
                "the rest, unsubscribe link included: shorten the message or move detail to "
                "the website."
            )


def _write_text(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8", newline="")
