"""An iCalendar file beside each published message with an event, and `events.ics` with
every event not yet over. A page links its own file as `event.ics`, relative to itself.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import get_plugin_logger

from ...cache import store
from ...render.calendar_ics import CalendarSettings, calendar_files
from ..build import Build, Step
from ..config import CalendarOptions

log = get_plugin_logger(__name__)


class CalendarStep(Step):
    def __init__(self, options: CalendarOptions, config: MkDocsConfig) -> None:
        self.settings = CalendarSettings(
            site_url=config.site_url,
            site_name=config.site_name,
            default_duration=dt.timedelta(minutes=options.default_duration_minutes),
        )

    def finish(self, build: Build) -> None:
        files = calendar_files(build.archive, self.settings)
        for path, data in files.items():
            store(Path(build.site_dir, path), data)
        log.debug(f"Wrote {len(files)} calendar files.")
