"""Build into a staging folder and replace `site_dir` only when the whole build succeeded.

MkDocs empties `site_dir` just after `on_pre_build` and `--strict` aborts only
after `on_post_build`, so a failed build would otherwise destroy the published
site. `on_shutdown` runs after the strict check; `on_build_error` runs on any
failure, the strict abort included.

A folder that cannot be written (a full disk, no permission, a file where a
folder should be) is reported in one line naming the folder and the reason,
not as a Python traceback, and the published site is left as it was. Any
other unexpected error is reported in one line too; its traceback is logged
at debug level (`mkdocs build --verbose`) for whoever fixes it.
"""

from __future__ import annotations

import errno
import os
import shutil
import traceback
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import MkDocsException, PluginError
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger

from .config import SafePublishConfig
from .swap import discard, recover, replace_with, staging_dir_for

log = get_plugin_logger(__name__)

# What to do about the commonest reasons a folder cannot be written.
_ADVICE = {
    errno.ENOSPC: "free some disk space and build again",
    errno.EDQUOT: "free some disk space and build again",
    errno.EFBIG: "free some disk space (or raise the file size limit) and build again",
    errno.EACCES: "make the folder writable, or choose another site_dir, and build again",
    errno.EPERM: "make the folder writable, or choose another site_dir, and build again",
    errno.EROFS: "the disk is read-only: choose another site_dir and build again",
    errno.ENOTDIR: "a file stands where a folder is needed: move it, or choose another "
    "site_dir, and build again",
    errno.ENOENT: "check that the folder above site_dir exists, or choose another site_dir, "
    "and build again",
}


class SafePublishPlugin(BasePlugin[SafePublishConfig]):
    def __init__(self) -> None:
        self.active = False
        self.dirty = False
        self.site_dir: Path | None = None
        self.staging: Path | None = None
        self.finished = False
        self.unexpected: Exception | None = None

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
        self.unexpected = None
        try:
            if recover(self.site_dir):
                log.info(
                    f"A build was stopped while it replaced {self.site_dir}; the "
                    "published site was put back."
                )
            discard(self.staging)  # left over from a build that was killed
            if self.dirty and self.site_dir.is_dir():
                shutil.copytree(self.site_dir, self.staging, symlinks=True)
        except OSError as error:
            raise PluginError(self._cannot_write(error)) from None
        config.site_dir = str(self.staging)
        return config

    @event_priority(-100)  # After every other plugin has written its files.
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        self.finished = self.active

    def on_build_error(self, *, error: Exception) -> None:
        self.finished = False
        # MkDocs prints a traceback for anything but its own errors; on_shutdown turns
        # it into a message.
        self.unexpected = None if isinstance(error, MkDocsException) else error

    # Last, since an error raised here stops the other plugins' on_shutdown.
    @event_priority(-100)
    def on_shutdown(self) -> None:
        if not self.active or self.staging is None or self.site_dir is None:
            return
        if not self.finished:
            discard(self.staging)
            log.info(f"The build failed, so {self.site_dir} was left as it was.")
            if self.unexpected is not None:
                # Raised while MkDocs' error is on its way out, this replaces it: click
                # prints "Error: <message>" and exits 1, with no traceback.
                raise PluginError(self._explain(self.unexpected)) from None
            return
        try:
            replace_with(self.site_dir, self.staging)
        except OSError as error:
            discard(self.staging)
            raise PluginError(
                f"The site was built but could not replace {self.site_dir}: "
                f"{error.strerror}. The previous site is unchanged."
            ) from None

    def _explain(self, error: Exception) -> str:
        log.debug("".join(traceback.format_exception(error)))
        if isinstance(error, OSError):
            return self._cannot_write(error)
        reason = " ".join(f"{type(error).__name__}: {error}".split())
        return (
            f"The build stopped on an unexpected error ({reason}). Nothing was published: "
            f"{self.site_dir} was left as it was. Run 'mkdocs build --verbose' to see where "
            "it happened, and report it."
        )

    def _cannot_write(self, error: OSError) -> str:
        """One line: which folder, why, what to do, and that nothing was published."""
        reason = error.strerror or type(error).__name__
        culprit = error.filename2 if error.filename2 is not None else error.filename
        advice = _ADVICE.get(error.errno or 0, "fix the cause and build again")
        where = f" ({culprit})" if culprit is not None else ""
        if culprit is None or self._is_output(Path(os.fsdecode(culprit))):
            what = f"The site could not be written to {self.site_dir}"
        else:
            what, advice = "A file could not be read or written", "fix the cause and build again"
        return (
            f"{what}: {reason}{where}; {advice}. "
            f"Nothing was published: {self.site_dir} was left as it was."
        )

    def _is_output(self, path: Path) -> bool:
        """Whether `path` is the site or staging folder, inside one, or a folder above them."""
        assert self.site_dir is not None and self.staging is not None
        return any(
            path == folder or folder in path.parents or path in folder.parents
            for folder in (self.site_dir, self.staging)
        )
