"""Load and check every message once per build; keep unpublished ones out of the site.

The other plugins read the result through `archive_for(config)`.
"""

from __future__ import annotations

import hashlib
import weakref
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import PluginCollection, event_priority, get_plugin_logger
from mkdocs.structure.files import Files

from ..cache import CACHE_ROOT, cache_key, keep, read_kept
from ..core import dates
from ..core.archive import Archive
from ..core.item import Item, Sender, Settings
from ..core.loader import is_message_file, load_content, load_item
from ..core.problems import report
from ..timing import TimedPlugin
from .config import ContentConfig

log = get_plugin_logger(__name__)

CACHE_FOLDER = f"{CACHE_ROOT}/alerts-content"
CACHE_FILE = "items.pickle"  # every cached item (cache.keep)


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
        folder = Path(config.config_file_path).parent / CACHE_FOLDER
        cache = _ItemCache(folder if self.config.cache else None, settings)
        loaded = load_content(Path(config.docs_dir), settings, paths, cache.load_one)
        cache.save()
        log.debug(f"Messages: {cache.made} loaded, {cache.reused} reused from the cache.")
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


class _ItemCache:
    """`load_item`, reusing the item the last build made from the same bytes and settings.

    Only items loaded without a single problem are kept, so every warning and error is
    found again on each build; an image is looked for again, as its file may be gone.
    """

    def __init__(self, folder: Path | None, settings: Settings) -> None:
        self.file = folder / CACHE_FILE if folder else None
        # The items' path and bytes are checked one by one; everything else they were
        # made from (the code, the settings) once, for the whole file.
        self.version = cache_key("items", settings.fingerprint)
        # By path: (hash of its bytes, item).
        self.earlier: dict[str, tuple[str, Item]] = read_kept(self.file, self.version)
        self.kept: dict[str, tuple[str, Item]] = {}
        self.made = self.reused = 0

    def load_one(self, docs_dir: Path, path: str, settings: Settings) -> tuple[Item | None, list]:
        try:
            raw = (docs_dir / path).read_bytes()
        except OSError:
            return load_item(docs_dir, path, settings)  # which reports it
        digest = hashlib.sha256(raw).hexdigest()
        earlier = self.earlier.get(path)
        if earlier is not None and earlier[0] == digest:
            item = earlier[1]
            if item.image is None or (docs_dir / item.image).is_file():
                self.kept[path] = earlier
                self.reused += 1
                return item, []
        item, problems = load_item(docs_dir, path, settings)
        if item is not None and not problems:
            item.fingerprint  # noqa: B018 - made now, so that the cache keeps it too
            self.kept[path] = (digest, item)
            self.made += 1
        return item, problems

    def save(self) -> None:
        """Keep this build's items (only them: a removed message leaves the cache too)."""
        if self.made or self.kept.keys() != self.earlier.keys():
            keep(self.file, self.version, self.kept)


def archive_for(config: MkDocsConfig) -> Archive:
    """The archive loaded for this build, for the other plugins."""
    plugin = _content_plugin(config.plugins)
    if plugin.archive is None:
        raise PluginError("The content has not been loaded yet: list 'alerts-content' "
                          "before the other alerts plugins in mkdocs.yml.")
    return plugin.archive


# The plugins of the build that asked last and their content plugin, both weakly held:
# each page asks several times, and searching the plugins every time was a third of the
# pages plugin's time per page (cProfile of a build with nothing changed).
_last_found: tuple[weakref.ref, weakref.ref] | None = None


def _content_plugin(plugins: PluginCollection) -> ContentPlugin:
    global _last_found
    if _last_found is not None and _last_found[0]() is plugins:
        found = _last_found[1]()
        if found is not None:
            return found
    for plugin in plugins.values():
        if isinstance(plugin, ContentPlugin) and plugin.config.enabled:
            _last_found = (weakref.ref(plugins), weakref.ref(plugin))
            return plugin
    raise PluginError("The alerts plugins need 'alerts-content': add it to 'plugins' in "
                      "mkdocs.yml.")
