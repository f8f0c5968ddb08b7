"""Write a text message (`sms.txt`) beside each published alert's page, ready to send.

The texts themselves are made by `render.sms`; this plugin only reads the
options and writes the files.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import get_plugin_logger

from ..content.plugin import archive_for
from ..render.sms import SMS_LIMIT, SmsSettings, SmsTooLong, sms_files
from ..timing import TimedPlugin
from .config import SmsConfig

log = get_plugin_logger(__name__)


class SmsPlugin(TimedPlugin[SmsConfig]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        self.settings: SmsSettings | None = None

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        if not self.config.enabled:
            return None
        if not 0 < self.config.limit <= SMS_LIMIT:
            raise PluginError(f"alerts-sms: 'limit' is {self.config.limit}; one text message "
                              f"holds at most {SMS_LIMIT} characters, e.g. limit: {SMS_LIMIT}")
        if not config.site_url:
            raise PluginError("alerts-sms: a text message links its page; set 'site_url' in "
                              "mkdocs.yml, e.g. site_url: https://alerts.example.org/")
        self.settings = SmsSettings(site_url=config.site_url, limit=self.config.limit,
                                    county_wide_name=self.config.county_wide_name)
        return None

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if not self.config.enabled:
            return
        assert self.settings is not None
        try:
            texts = sms_files(archive_for(config), self.settings)
        except SmsTooLong as error:
            raise PluginError(f"alerts-sms: {error}") from None
        for path, text in texts.items():
            target = Path(config.site_dir, path)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
        log.debug(f"Wrote {len(texts)} text messages.")
