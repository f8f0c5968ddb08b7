"""Build into a staging folder and replace `site_dir` only when the whole build succeeded.

MkDocs empties `site_dir` just after `on_pre_build` and `--strict` aborts only
after `on_post_build`, so a failed build would otherwise destroy the published
site. `on_shutdown` runs after the strict check; `on_build_error` runs on any
failure, the strict abort included.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger

from .config import SafePublishConfig
from .swap import discard, replace_with, staging_dir_for

log = get_plugin_logger(__name__)


class SafePublishPlugin(BasePlugin[SafePublishConfig]):
    def __init__(self) -> None:
        self.active = False
        self.dirty = False
        self.site_dir: Path | None = None
        self.staging: Path | None = None
        self.finished = False

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # `mkdocs serve` builds into a temporary folder of its own.
        self.active = self.config.enabled and command in ("build", "gh-deploy")
        self.dirty = dirty

    # Last, so every other plugin already sees the staging folder as site_dir.
    @event_priority(-100)
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        if not self.active:
            return None
        self.site_dir = Path(config.site_dir)
        self.staging = staging_dir_for(self.site_dir)
        self.finished = False
        discard(self.staging)  # left over from a build that was killed
        if self.dirty and self.site_dir.is_dir():
            shutil.copytree(self.site_dir, self.staging, symlinks=True)
        config.site_dir = str(self.staging)
        return config

    @event_priority(-100)  # After every other plugin has written its files.
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        self.finished = self.active

    def on_build_error(self, *, error: Exception) -> None:
        self.finished = False

    def on_shutdown(self) -> None:
        if not self.active or self.staging is None or self.site_dir is None:
            return
        if not self.finished:
            discard(self.staging)
            log.info(f"The build failed, so {self.site_dir} was left as it was.")
            return
        try:
            replace_with(self.site_dir, self.staging)
        except OSError as error:
            raise PluginError(f"The site was built but could not replace {self.site_dir}: "
                              f"{error.strerror}. The previous site is unchanged.") from None
