"""Build the Pagefind index from the messages' search records (no MkDocs here), beside
the build, and keep it between builds.

The records (render/search_record.py) need only the archive and the pages' bodies, which
are known before any page is rendered, so the index is built in a thread while MkDocs
renders the pages: the Pagefind program does the work in its own process, on the other
core. The records and the finished bundle are kept in the cache folder:

    records/<the message's path>/index.html   one per message, rewritten when it changed
    records.json                              each record's key (a hash of its inputs)
    bundle/                                   the index of the last build, and its key

A build whose records are all unchanged reuses the bundle without running Pagefind. The
bundle is byte-identical for identical records (see canonical.py).
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import os
import re
import resource
import shutil
import signal
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..background import BESIDE_THE_BUILD
from ..cache import link_or_copy, store
from .canonical import NotPagefind, canonicalise

BUNDLE_FOLDER = "pagefind"
BUNDLE_KEY = ".key"  # in the kept bundle, written last: a bundle without it is unfinished
MADE_PREFIX = ".bundle-"  # a bundle being made, in a folder of its own
# A bundle being made that is older than this (and than the timeout) was left by a build
# that was killed: no build runs so long.
ABANDONED_AFTER = 24 * 3600.0


class IndexingFailed(Exception):
    """Pagefind could not index the site; the message says why in one line."""


@dataclass(frozen=True)
class IndexSettings:
    language: str = "en"
    timeout: float = 600.0


@dataclass(frozen=True)
class Record:
    """One message's search record: where it goes, the key of its inputs, and how to make
    it; `render` None: its body is not known in this build (a page `mkdocs serve --dirty`
    did not rebuild, its file unchanged), so the record already kept for it stands."""

    path: str
    key: str | None
    render: Callable[[], str] | None


class BackgroundIndex:
    """The search index of one build, made in a thread between `start` and `finish`."""

    def __init__(self, folder: Path | None, settings: IndexSettings) -> None:
        """`folder` None: nothing is kept between builds (a scratch folder instead)."""
        if not re.fullmatch(r"[a-z]{2}", settings.language):
            raise IndexingFailed(f"'language' is {settings.language!r}; write a two-letter "
                                 "ISO 639-1 code, e.g. language: en")
        self._scratch = None if folder else tempfile.TemporaryDirectory(prefix="alerts-search-")
        self.folder = folder or Path(self._scratch.name)
        self.settings = settings
        self.records = self.folder / "records"
        self.bundle = self.folder / "bundle"
        self.pages = 0
        self.written = 0  # records written this build (the others were unchanged)
        self._thread: threading.Thread | None = None
        self._pending: str | None = None  # the key of an index to make, not yet started
        self._placer: threading.Thread | None = None
        self._cancelled = threading.Event()
        self._pagefind_pid: int | None = None
        self._failure: IndexingFailed | None = None
        self._made: Path | None = None  # the bundle made by this build, if one was
        self.seconds = 0.0  # the Pagefind program's CPU time

    def start(self, records: list[Record], *, later: bool = False) -> None:
        """Bring the records up to date and start indexing them unless the kept bundle
        was made from the very same records; `later`: not before `finish_later`."""
        kept = self._kept_keys()
        current: dict[str, str] = {}
        changed: list[tuple[str, str]] = []  # (path, record)
        for record in records:
            if record.render is None or record.key is None:
                if record.path in kept:
                    current[record.path] = kept[record.path]
                continue
            if kept.get(record.path) != record.key or not (self.records / record.path).is_file():
                changed.append((record.path, record.render()))
            current[record.path] = record.key
        gone = kept.keys() - current.keys()
        key = hashlib.sha256(json.dumps([self.settings.language, sorted(current.items())])
                             .encode("utf-8")).hexdigest()
        # Here, not in the thread: a thread writing a file at a time waits for the GIL at
        # every step while the pages render, and took seconds instead of a fraction.
        self._write(changed, gone, current)
        if _read(self.bundle / BUNDLE_KEY) == key:
            self.pages = len(current)
            return
        self._pending = key
        if not later:
            self._begin()

    def _begin(self) -> None:
        if self._pending is not None:
            self._thread = threading.Thread(target=self._index, args=(self._pending,),
                                            daemon=True, name="alerts-search")
            self._pending = None
            self._thread.start()

    def _write(self, changed: list[tuple[str, str]], gone: set[str],
               current: dict[str, str]) -> None:
        try:
            self.records.mkdir(parents=True, exist_ok=True)  # Pagefind needs it, even empty
            for path, record in changed:
                target = self.records / path
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_text(record, encoding="utf-8")
            for path in gone:
                (self.records / path).unlink(missing_ok=True)
            store(self.folder / "records.json",
                  json.dumps(current, sort_keys=True).encode("utf-8"))
        except OSError as error:
            raise IndexingFailed(f"the search records could not be written in {self.records} "
                                 f"({error.strerror or error})") from None
        self.written = len(changed)

    def wait(self) -> None:
        """Let indexing end (a failed build leaves no thread running behind it)."""
        if self._thread is not None:
            self._thread.join()
            self._thread = None

    def finish(self, site_dir: Path) -> int:
        """Wait for the index, then put it into `site_dir/pagefind/`; the pages indexed."""
        self.wait()
        if self._failure is not None:
            raise self._failure
        if self._cancelled.is_set():
            raise IndexingFailed("a newer build replaced this one")
        made = self._made or self.bundle
        target = site_dir / BUNDLE_FOLDER
        # A dirty build starts from a copy of the old site: old chunks would stay beside new.
        shutil.rmtree(target, ignore_errors=True)
        try:
            shutil.copytree(made, target, copy_function=link_or_copy,
                            ignore=shutil.ignore_patterns(BUNDLE_KEY))
        except OSError as error:
            raise IndexingFailed(f"the index could not be put into {target} "
                                 f"({getattr(error, 'strerror', None) or error})") from None
        if self._made is not None:
            self._keep(self._made)
        if self._scratch is not None:
            self._scratch.cleanup()
        return self.pages

    def finish_later(self, site_dir: Path, report: Callable[[IndexingFailed], None]) -> None:
        """Index now if not yet started, and `finish` in a thread of its own, for a preview
        that should not wait for the index; `report` is told if it fails."""
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
        """Stop indexing and placing, for a preview whose next build has begun (it indexes
        the newer records itself): a superseded index is never placed."""
        self._cancelled.set()
        if self._pagefind_pid is not None:
            try:
                os.kill(self._pagefind_pid, signal.SIGKILL)
            except ProcessLookupError:  # it has just ended
                pass
        self.wait_placed()

    def wait_placed(self) -> None:
        """Wait for `finish_later` to be done."""
        if self._placer is not None:
            self._placer.join()
            self._placer = None

    def _keep(self, made: Path) -> None:
        """Keep this build's bundle for the next; another build doing the same at the same
        moment (a preview beside a build) may win, which is as good."""
        try:
            shutil.rmtree(self.bundle, ignore_errors=True)
            os.replace(made, self.bundle)
        except OSError:
            shutil.rmtree(made, ignore_errors=True)

    def _launched(self, pid: int | None) -> None:
        """Told the Pagefind program's process (None once it has ended), so that `cancel`
        can stop it."""
        self._pagefind_pid = pid
        if pid is not None and self._cancelled.is_set():
            os.kill(pid, signal.SIGKILL)

    def _kept_keys(self) -> dict[str, str]:
        try:
            kept = json.loads(_read(self.folder / "records.json") or "{}")
        except ValueError:
            return {}
        return kept if isinstance(kept, dict) else {}

    def _index(self, key: str) -> None:
        made: Path | None = None
        if sys.platform == "linux":  # a niceness per thread: this one and the program it starts
            os.nice(BESIDE_THE_BUILD)
        try:
            _remove_abandoned(self.folder, max(ABANDONED_AFTER, self.settings.timeout))
            # A folder of its own: a preview and a build of the same site may index at once.
            made = Path(tempfile.mkdtemp(dir=self.folder, prefix=MADE_PREFIX))
            before = _children_seconds()
            self.pages = _run_pagefind(self.records, made, self.settings, self._launched)
            self.seconds = _children_seconds() - before
            (made / BUNDLE_KEY).write_text(key, encoding="utf-8")
            self._made = made
        except (IndexingFailed, OSError) as error:
            self._failure = error if isinstance(error, IndexingFailed) else IndexingFailed(
                f"the index could not be written in {self.folder} ({error.strerror or error})")
            if made is not None:
                shutil.rmtree(made, ignore_errors=True)


def _remove_abandoned(folder: Path, age: float) -> None:
    """Remove the bundles that killed builds left half made, each older than `age` seconds
    (at 10,000 messages each would keep about 50 MB for ever)."""
    oldest = time.time() - age
    for entry in os.scandir(folder):
        if (entry.name.startswith(MADE_PREFIX) and entry.is_dir(follow_symlinks=False)
                and entry.stat(follow_symlinks=False).st_mtime < oldest):
            shutil.rmtree(entry.path, ignore_errors=True)


def _children_seconds() -> float:
    """CPU time of the ended child processes: Pagefind's, once it has ended."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _read(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None


def _run_pagefind(records: Path, bundle: Path, settings: IndexSettings,
                  launched: Callable[[int | None], None]) -> int:
    """Index the `records` folder into `bundle`; the pages indexed. `launched` is given the
    program's process id as soon as it runs, and None once it has ended."""
    try:
        return asyncio.run(asyncio.wait_for(_index(records, bundle, settings, launched),
                                            settings.timeout))
    except TimeoutError:
        raise IndexingFailed(f"Pagefind took more than {settings.timeout:g} seconds") from None
    except IndexingFailed:
        raise
    except OSError as error:
        raise IndexingFailed(f"the Pagefind program could not be run ({error.strerror or error}"
                             f"{f': {error.filename}' if error.filename else ''})") from None
    except Exception as error:  # noqa: BLE001 (Pagefind raises bare Exceptions)
        reason = " ".join(str(part) for part in getattr(error, "args", ()) if part) or repr(error)
        raise IndexingFailed(reason.splitlines()[0] if reason else type(error).__name__) from None


async def _index(records: Path, bundle: Path, settings: IndexSettings,
                 launched: Callable[[int | None], None]) -> int:
    # Imported late: only a build that indexes needs them.
    from pagefind.service import PagefindService

    service = await PagefindService().launch()
    finished = False
    try:
        backend = getattr(service, "_backend", None)
        if backend is not None:
            launched(backend.pid)
        index = await _unless_pagefind_stops(
            service, service.create_index({"force_language": settings.language}))
        found = await _unless_pagefind_stops(
            service, index.add_directory(str(records.resolve())))
        await _unless_pagefind_stops(service, index.write_files(str(bundle.resolve())))
        finished = True
    finally:
        if finished:
            await _finish(service)
        else:
            await _stop(service)
        launched(None)
    if not (bundle / "pagefind-entry.json").is_file():
        raise IndexingFailed(f"Pagefind wrote no index into {bundle}")
    try:
        canonicalise(bundle)  # Pagefind's filter files come out in a random order
    except (NotPagefind, OSError, ValueError, KeyError) as error:
        raise IndexingFailed(f"its filter files could not be put in a stable order ({error}); "
                             "check that pagefind is the version pyproject.toml names") from None
    return int(found.get("page_count", 0))


# The Python API (pagefind.service) reads the program's replies in a task of its own; when
# the program dies, that task ends and a request would wait for ever. These two reach its
# private attributes for that case only; without them the overall timeout still applies.

async def _unless_pagefind_stops(service, request):
    """Await `request`, failing at once if the Pagefind program stops meanwhile."""
    reader = getattr(service, "_poll_task", None)
    task = asyncio.ensure_future(request)
    if not isinstance(reader, asyncio.Task):
        return await task
    done, _ = await asyncio.wait({task, reader}, return_when=asyncio.FIRST_COMPLETED)
    if task in done:
        return task.result()
    task.cancel()
    raise IndexingFailed("the Pagefind program stopped before it finished")


async def _finish(service) -> None:
    """Let the program end by itself (it does when its input closes), so that every file it
    writes is complete before the bundle is read; `close()` would kill it at once."""
    backend = getattr(service, "_backend", None)
    if backend is None or backend.stdin is None:
        await service.close()
        return
    backend.stdin.close()
    code = await backend.wait()
    reader = getattr(service, "_poll_task", None)
    if isinstance(reader, asyncio.Task):
        reader.cancel()
    if code != 0:
        raise IndexingFailed(f"the Pagefind program ended with exit code {code}")


async def _stop(service) -> None:
    """End the program and its reader without waiting for replies that will not come."""
    reader = getattr(service, "_poll_task", None)
    if isinstance(reader, asyncio.Task):
        reader.cancel()
    backend = getattr(service, "_backend", None)
    if backend is not None:
        if backend.returncode is None:
            backend.kill()
        if backend.stdin is not None:
            backend.stdin.close()  # so its pipes are closed before the event loop is
        await backend.wait()
