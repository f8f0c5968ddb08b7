"""Write an iCalendar file beside each published message with an event, and `events.ics`
with every event not yet over.

The files themselves are made by `render.calendar_ics`; this plugin only
reads the options and writes the files. A page links its own file as
`event.ics`, relative to the page.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import get_plugin_logger

from ..content.plugin import archive_for
from ..render.calendar_ics import CalendarSettings, calendar_files
from ..site_url import required_site_url
from ..timing import TimedPlugin
from .config import CalendarConfig

log = get_plugin_logger(__name__)


class CalendarPlugin(TimedPlugin[CalendarConfig]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        self.settings: CalendarSettings | None = None

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        if not self.config.enabled:
            return None
        if self.config.default_duration_minutes < 1:
            raise PluginError("alerts-calendar: 'default_duration_minutes' must be at least 1, "
                              "e.g. default_duration_minutes: 60")
        required_site_url(config, "alerts-calendar", "calendar entries link their page")
        self.settings = CalendarSettings(
            site_url=config.site_url,
            site_name=config.site_name,
            default_duration=dt.timedelta(minutes=self.config.default_duration_minutes),
        )
        return None

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if not self.config.enabled:
            return
        assert self.settings is not None
        files = calendar_files(archive_for(config), self.settings)
        for path, data in files.items():
            target = Path(config.site_dir, path)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        log.debug(f"Wrote {len(files)} calendar files.")
