"""Load and check every message once per build; keep unpublished ones out of the site.

The other plugins read the result through `archive_for(config)`.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority, get_plugin_logger
from mkdocs.structure.files import Files

from ..core import dates
from ..core.archive import Archive
from ..core.item import Sender, Settings
from ..core.loader import is_message_file, load_content
from ..core.problems import report
from ..timing import TimedPlugin
from .config import ContentConfig

log = get_plugin_logger(__name__)


class ContentPlugin(TimedPlugin[ContentConfig]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        self.archive: Archive | None = None
        self.previewing = False

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # `mkdocs serve` may show drafts and future items, marked as previews.
        self.previewing = command == "serve"

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        if not self.config.enabled:
            return None
        if "county-wide" not in self.config.areas:
            raise PluginError("alerts-content: the 'areas' option must include 'county-wide', "
                              "the default area of every message.")
        return None

    # Before other plugins' on_files, which read the archive this builds.
    @event_priority(100)
    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files | None:
        if not self.config.enabled:
            return None
        settings = Settings(
            areas=dict(self.config.areas),
            alert_lifetime_days=self.config.alert_lifetime_days,
            default_sender=Sender(**self.config.default_sender),
        )
        try:
            now = dates.now()
        except dates.DateError as error:
            raise PluginError(str(error)) from None
        paths = [f.src_uri for f in files.documentation_pages() if is_message_file(f.src_uri)]
        loaded = load_content(Path(config.docs_dir), settings, paths)
        for problem in loaded.warnings:
            log.warning(str(problem))
        if loaded.errors:
            count = len(loaded.errors)
            raise PluginError(
                f"{count} problem{'s' if count > 1 else ''} in the content must be fixed before "
                f"the site can be built:\n{report(loaded.errors)}"
            )
        self.archive = Archive(tuple(loaded.items), now, settings)
        for notice in self.archive.review_notices():
            log.info(str(notice))
        if not self.previewing:
            self._leave_out_unpublished(files)
        return files

    def _leave_out_unpublished(self, files: Files) -> None:
        """Drafts and future items, and pictures only they use, never reach `site_dir`."""
        assert self.archive is not None
        published_images = {item.image for item in self.archive.published}
        for item in self.archive.unpublished:
            for path in (item.source_path, item.image):
                file = files.get_file_from_path(path) if path else None
                if file is not None and path not in published_images:
                    files.remove(file)


def archive_for(config: MkDocsConfig) -> Archive:
    """The archive loaded for this build, for the other plugins."""
    for plugin in config.plugins.values():
        if isinstance(plugin, ContentPlugin) and plugin.config.enabled:
            if plugin.archive is None:
                raise PluginError("The content has not been loaded yet: list 'alerts-content' "
                                  "before the other alerts plugins in mkdocs.yml.")
            return plugin.archive
    raise PluginError("The alerts plugins need 'alerts-content': add it to 'plugins' in "
                      "mkdocs.yml.")
