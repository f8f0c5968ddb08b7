"""Load and check every message once per build; keep unpublished ones out of the site."""

from __future__ import annotations

import hashlib
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import Files

from ..cache import Cache, cache_key, keep, read_kept
from ..core import dates
from ..core.archive import Archive
from ..core.folder import folder_problems, theme_files
from ..core.item import Item, Sender, Settings
from ..core.links import link_problems
from ..core.loader import is_message_file, load_content, load_item
from ..core.problems import Problem, report
from .config import ContentOptions

log = get_plugin_logger(__name__)


def content_settings(options: ContentOptions) -> Settings:
    """What the content model needs to know about the site (also read by `alerts check`)."""
    return Settings(
        areas=dict(options.areas),
        alert_lifetime_days=options.alert_lifetime_days,
        default_sender=Sender(**options.default_sender),
    )


def refuse_what_is_not_content(config: MkDocsConfig) -> None:
    """Stop the build on anything the content folder may not hold, before MkDocs lists the
    files (it follows links, into any folder they point at)."""
    problems = folder_problems(Path(config.docs_dir), theme_files(config.theme.dirs))
    if problems:
        raise PluginError(_fix_first(problems))


def load_archive(
    docs_dir: Path, files: Files, settings: Settings, cache: Cache, previewing: bool
) -> Archive:
    """Every message, checked: warnings logged, errors raised as one `PluginError`."""
    try:
        now = dates.now()
    except dates.DateError as error:
        raise PluginError(str(error)) from None
    paths = [f.src_uri for f in files.documentation_pages() if is_message_file(f.src_uri)]
    kept = _ItemCache(cache.folder("content"), settings)
    loaded = load_content(docs_dir, settings, paths, kept.load_one)
    kept.save()
    log.debug(f"Messages: {kept.made} loaded, {kept.reused} reused from the cache.")
    for problem in loaded.warnings:
        log.warning(str(problem))
    if loaded.errors:
        raise PluginError(_fix_first(loaded.errors))
    archive = Archive(tuple(loaded.items), now, settings)
    broken = link_problems(archive, docs_dir, previewing)
    if broken:
        raise PluginError(_fix_first(broken))
    for notice in archive.review_notices():
        log.info(str(notice))
    return archive


def _fix_first(errors: list[Problem]) -> str:
    count = len(errors)
    return (
        f"{count} problem{'s' if count > 1 else ''} in the content must be fixed before "
        f"the site can be built:\n{report(errors)}"
    )


def leave_out_unpublished(archive: Archive, files: Files) -> None:
    """Drafts and future messages never reach `site_dir` (nor the pictures only they use:
    steps/attachments.py)."""
    for item in archive.unpublished:
        file = files.get_file_from_path(item.source_path)
        if file is not None:
            files.remove(file)


class _ItemCache:
    """`load_item`, reusing the item the last build made from the same bytes and settings.

    Only items loaded without a single problem are kept, so every warning and error is
    found again on each build; an image is looked for again, as its file may be gone.
    """

    def __init__(self, folder: Path, settings: Settings) -> None:
        self.file = folder / "items.pickle"
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
