"""The search index in parts, one for each year of the messages' dates, each a Pagefind
bundle of its own (no MkDocs here).

Pagefind holds everything it indexes in memory, and indexes everything again for one new
record: at 10,000 messages one run took 27 s and 1.9 GB. Split by year, each part is
indexed only when one of its records changed (a new alert: this year's part alone), and
the parts are indexed one after another, in one thread beside the build, so one Pagefind
runs at a time: about 4 s and 0.3 GB for a year of 2,000 messages.

The newest part is the main bundle, at `pagefind/`, whose scripts the search page loads;
each other part is at `pagefind/parts/<year>/`, and the search page merges it into the
main one (Pagefind's `mergeIndex`), so a reader searches every year at once.

Each part is a `BackgroundIndex` (indexer.py) in `<folder>/parts/<year>/`: its records, its
kept bundle and its key, so a part whose records are unchanged is placed without running
Pagefind, byte for byte as before.
"""

from __future__ import annotations

import shutil
import threading
from collections.abc import Callable
from pathlib import Path

from .indexer import (
    BUNDLE_FOLDER,
    REPLACED,
    BackgroundIndex,
    IndexingFailed,
    IndexSettings,
    Record,
)

PARTS_FOLDER = "parts"
# The one part of an index with no message at all (Pagefind indexes a placeholder for it).
NO_MESSAGES = "none"


def merged_part_path(part: str) -> str:
    """Where a part other than the main one is placed, relative to the site's root."""
    return f"{BUNDLE_FOLDER}/{PARTS_FOLDER}/{part}/"


class PartedIndex:
    """The search index of one build in parts, made in a thread between `start` and
    `finish` (the same calls as one `BackgroundIndex`)."""

    def __init__(self, folder: Path, settings: IndexSettings) -> None:
        self.folder = folder
        self.settings = settings
        self.parts: dict[str, BackgroundIndex] = {}  # newest first: the main part first
        self._thread: threading.Thread | None = None
        self._placer: threading.Thread | None = None
        self._cancelled = threading.Event()

    @property
    def written(self) -> int:
        """Records written this build (the others were unchanged)."""
        return sum(part.written for part in self.parts.values())

    @property
    def seconds(self) -> float:
        """The Pagefind program's CPU time, over every part indexed this build."""
        return sum(part.seconds for part in self.parts.values())

    @property
    def merged(self) -> list[str]:
        """The parts the search page merges into the main one, as paths from the site's
        root; known from `start` on."""
        return [merged_part_path(name) for name in list(self.parts)[1:]]

    def start(self, records: list[Record], *, later: bool = False) -> None:
        """Bring each part's records up to date and start indexing the changed parts
        unless `later` (then not before `finish_later`)."""
        by_part: dict[str, list[Record]] = {}
        for record in records:
            by_part.setdefault(record.part, []).append(record)
        for name in sorted(by_part, reverse=True) or [NO_MESSAGES]:
            part = BackgroundIndex(self.folder / PARTS_FOLDER / name, self.settings)
            part.start(by_part.get(name, []))
            self.parts[name] = part
        if not later:
            self._begin()

    def _begin(self) -> None:
        if self._thread is None:  # once: `start` may have begun already
            self._thread = threading.Thread(
                target=self._index_each, daemon=True, name="alerts-search"
            )
            self._thread.start()

    def _index_each(self) -> None:
        for part in self.parts.values():
            if self._cancelled.is_set():
                return
            part.index_now()

    def wait(self) -> None:
        """Let indexing end (a failed build leaves no thread running behind it)."""
        if self._thread is not None:
            self._thread.join()

    def finish(self, site_dir: Path) -> int:
        """Wait for every part, then put each into the site, the main part first (it
        replaces the whole `pagefind/` folder); the messages indexed."""
        self.wait()
        if self._cancelled.is_set():
            raise IndexingFailed(REPLACED)
        pages = 0
        for number, (name, part) in enumerate(self.parts.items()):
            pages += part.finish(site_dir, BUNDLE_FOLDER if number == 0 else merged_part_path(name))
        self._remove_other_parts()
        return pages

    def finish_later(self, site_dir: Path, report: Callable[[IndexingFailed], None]) -> None:
        """Index now, and `finish` in a thread of its own, for a preview that should not
        wait for the index; `report` is told if it fails."""

        def finish() -> None:
            try:
                self.finish(site_dir)
            except IndexingFailed as failed:
                if not self._cancelled.is_set():
                    report(failed)

        self._begin()
        self._placer = threading.Thread(target=finish, daemon=True, name="alerts-search-place")
        self._placer.start()

    def cancel(self) -> None:
        """Stop indexing and placing, for a preview whose next build has begun."""
        self._cancelled.set()
        for part in self.parts.values():
            part.cancel()
        self.wait_placed()

    def wait_placed(self) -> None:
        """Wait for `finish_later` to be done."""
        if self._placer is not None:
            self._placer.join()
            self._placer = None

    def _remove_other_parts(self) -> None:
        """Remove the kept parts of years this build has no message of, and what the index
        kept before it was split (its records and bundle beside `parts/`)."""
        for entry in _entries(self.folder):
            if entry.name != PARTS_FOLDER:
                _remove(entry)
        for entry in _entries(self.folder / PARTS_FOLDER):
            if entry.name not in self.parts:
                _remove(entry)


def _entries(folder: Path) -> list[Path]:
    return list(folder.iterdir()) if folder.is_dir() else []


def _remove(entry: Path) -> None:
    if entry.is_dir() and not entry.is_symlink():
        shutil.rmtree(entry, ignore_errors=True)
    else:
        entry.unlink(missing_ok=True)
