"""Build the Pagefind index from the messages' search records (no MkDocs here), beside
the build, and keep it between builds.

The records (render/search_record.py) need only the archive and the pages' bodies, which
are known before any page is rendered, so the index is built in a thread while MkDocs
renders the pages (parts.py runs each part's `index_now` in it): the Pagefind program
(the command-line one of the `pagefind-bin` wheel) does the work in its own process, on
the other core. Its end is its exit: the bundle is read only once the process has ended
with exit code 0, and only after a check that every file its entry and metadata name is
there. The records and the finished bundle
are kept in the cache folder:

    records/<the message's path>/index.html   one per message, rewritten when it changed
    records.json                              each record's key (a hash of its inputs)
    bundle/                                   the index of the last build, and its key

A build whose records are all unchanged reuses the bundle without running Pagefind. The
bundle is byte-identical for identical records (see canonical.py).
"""

from __future__ import annotations

import ctypes
import functools
import hashlib
import itertools
import json
import os
import resource
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pagefind_bin

from ..build.worker import BESIDE_THE_BUILD
from ..cache import link_or_copy, store
from .canonical import Damaged, NotPagefind, canonicalise, check

BUNDLE_FOLDER = "pagefind"
BUNDLE_KEY = ".key"  # in the kept bundle, written last: a bundle without it is unfinished
MADE_PREFIX = ".bundle-"  # a bundle being made, in a folder of its own
# A bundle being made that is older than this (and than the timeout) was left by a build
# that was killed: no build runs so long.
ABANDONED_AFTER = 24 * 3600.0
REPLACED = "a newer build replaced this one"
# Pagefind refuses a site without a page to index; an index of no messages is made from
# this page instead, and everything it indexed removed (see `_index_nothing`).
PLACEHOLDER = (
    '<html lang="{language}"><head><title>placeholder</title></head>'
    "<body data-pagefind-body><p>placeholder</p></body></html>"
)
PR_SET_PDEATHSIG = 1  # linux/prctl.h


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
    did not rebuild, its file unchanged), so the record already kept for it stands.
    `part`: the part of the index it belongs to (parts.py)."""

    path: str
    key: str | None
    render: Callable[[], str] | None
    part: str = ""


class BackgroundIndex:
    """One bundle of the search index (a part: parts.py), made beside the build: `start`
    brings its records up to date, `index_now` runs Pagefind (in the caller's thread, at a
    lower priority) if they changed, `finish` places the bundle."""

    def __init__(self, folder: Path, settings: IndexSettings) -> None:
        self.folder = folder
        self.settings = settings
        self.records = self.folder / "records"
        self.bundle = self.folder / "bundle"
        self.pages = 0
        self.written = 0  # records written this build (the others were unchanged)
        self._pending: str | None = None  # the key of an index to make, not yet started
        self._nothing = False  # no record at all: Pagefind is given a placeholder
        self._cancelled = threading.Event()
        # Held while the program is started and by `cancel`: a cancelled index never starts it.
        self._lock = threading.Lock()
        self._process: subprocess.Popen | None = None  # the Pagefind program, once started
        self._failure: IndexingFailed | None = None
        self._made: Path | None = None  # the bundle made by this build, if one was
        self.seconds = 0.0  # the Pagefind program's CPU time

    def start(self, records: list[Record]) -> None:
        """Bring the records up to date; they are to be indexed (`index_now`) unless the
        kept bundle was made from the very same records."""
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
        key = hashlib.sha256(
            json.dumps([self.settings.language, sorted(current.items())]).encode("utf-8")
        ).hexdigest()
        # Here, not in the thread: a thread writing a file at a time waits for the GIL at
        # every step while the pages render, and took seconds instead of a fraction.
        self._write(changed, gone, current)
        if _read(self.bundle / BUNDLE_KEY) == key:
            self.pages = len(current)
            return
        self._pending = key
        self._nothing = not current

    def _write(
        self, changed: list[tuple[str, str]], gone: set[str], current: dict[str, str]
    ) -> None:
        try:
            self.records.mkdir(parents=True, exist_ok=True)
            for path, record in changed:
                # Whole or not at all: a killed build leaves no half record to be indexed
                # (the temporary name does not end in .html, so Pagefind never reads it).
                store(self.records / path, record.encode("utf-8"))
            for path in gone:
                (self.records / path).unlink(missing_ok=True)
            store(self.folder / "records.json", json.dumps(current, sort_keys=True).encode("utf-8"))
        except OSError as error:
            raise IndexingFailed(
                f"the search records could not be written in {self.records} "
                f"({error.strerror or error})"
            ) from None
        self.written = len(changed)

    def index_now(self) -> None:
        """Index now, if `start` found the records changed: in a thread of its own, the
        only one at the lower priority (on Linux a niceness is per thread), waited for."""
        if self._pending is not None:
            key, self._pending = self._pending, None
            thread = threading.Thread(
                target=self._index, args=(key,), daemon=True, name="alerts-search-part"
            )
            thread.start()
            thread.join()

    def finish(self, site_dir: Path, place: str = BUNDLE_FOLDER) -> int:
        """Index if not done yet, then put the bundle into `site_dir/<place>/`; the pages
        indexed."""
        self.index_now()
        if self._failure is not None:
            raise self._failure
        if self._cancelled.is_set():
            raise IndexingFailed(REPLACED)
        made = self._made or self.bundle
        target = site_dir / place
        # A dirty build starts from a copy of the old site: old chunks would stay beside new.
        shutil.rmtree(target, ignore_errors=True)
        try:
            shutil.copytree(
                made, target, copy_function=link_or_copy, ignore=shutil.ignore_patterns(BUNDLE_KEY)
            )
        except OSError as error:
            raise IndexingFailed(
                f"the index could not be put into {target} "
                f"({getattr(error, 'strerror', None) or error})"
            ) from None
        if self._made is not None:
            self._keep(self._made)
        return self.pages

    def cancel(self) -> None:
        """Stop indexing, for a preview whose next build has begun (it indexes the newer
        records itself): a superseded index is never placed."""
        self._cancelled.set()
        with self._lock:
            if self._process is not None and self._process.returncode is None:
                self._process.kill()  # SIGKILL; nothing if it has ended already

    def _keep(self, made: Path) -> None:
        """Keep this build's bundle for the next; another build doing the same at the same
        moment (a preview beside a build) may win, which is as good."""
        try:
            shutil.rmtree(self.bundle, ignore_errors=True)
            os.replace(made, self.bundle)
        except OSError:
            shutil.rmtree(made, ignore_errors=True)

    def _kept_keys(self) -> dict[str, str]:
        try:
            kept = json.loads(_read(self.folder / "records.json") or "{}")
        except ValueError:
            return {}
        return kept if isinstance(kept, dict) else {}

    def _index(self, key: str) -> None:
        made: Path | None = None
        placeholder: Path | None = None
        if sys.platform == "linux":  # a niceness per thread: this one and the program it starts
            os.nice(BESIDE_THE_BUILD)
        try:
            _remove_abandoned(self.folder, max(ABANDONED_AFTER, self.settings.timeout))
            # A folder of its own: a preview and a build of the same site may index at once.
            made = _new_folder(self.folder)
            site = self.records
            if self._nothing:
                site = placeholder = _new_folder(self.folder)
                (placeholder / "index.html").write_text(
                    PLACEHOLDER.format(language=self.settings.language), encoding="utf-8"
                )
            self.seconds = self._run_pagefind(site, made)
            pages = _canonical(made, self._nothing)
            (made / BUNDLE_KEY).write_text(key, encoding="utf-8")
            self.pages = pages
            self._made = made
        except (IndexingFailed, OSError) as error:
            self._failure = (
                error
                if isinstance(error, IndexingFailed)
                else IndexingFailed(
                    f"the index could not be written in {self.folder} ({error.strerror or error}"
                    f"{f': {error.filename}' if error.filename else ''})"
                )
            )
            if made is not None:
                shutil.rmtree(made, ignore_errors=True)
        except Exception as error:  # a bug: the build fails, and the traceback is printed
            self._failure = IndexingFailed(f"indexing stopped on {type(error).__name__}: {error}")
            if made is not None:
                shutil.rmtree(made, ignore_errors=True)
            raise
        finally:
            if placeholder is not None:
                shutil.rmtree(placeholder, ignore_errors=True)

    def _run_pagefind(self, site: Path, bundle: Path) -> float:
        """Index the `site` folder into the empty folder `bundle` and wait for the program
        to exit; its CPU time in seconds. Fails unless it exited with code 0 in time."""
        command = [
            str(_program()),
            "--site",
            str(site.resolve()),
            "--output-path",
            str(bundle.resolve()),
            "--force-language",
            self.settings.language,
            "--quiet",
        ]
        # Its settings are these arguments alone: no PAGEFIND_* variable, no pagefind.yml
        # (it reads one from its working folder, here the new, empty bundle folder).
        environment = {
            name: value for name, value in os.environ.items() if not name.startswith("PAGEFIND_")
        }
        before = _children_seconds()
        with tempfile.TemporaryFile() as output:  # a file, not a pipe: nothing to drain
            with self._lock:  # `cancel` either comes first, or finds the process to kill
                if self._cancelled.is_set():
                    raise IndexingFailed(REPLACED)
                try:
                    # preexec_fn, though this process has threads: what it runs in the child
                    # is one system call, prctl through a function looked up before the fork.
                    self._process = subprocess.Popen(
                        command,
                        stdin=subprocess.DEVNULL,
                        stdout=output,
                        stderr=subprocess.STDOUT,
                        cwd=bundle,
                        env=environment,
                        preexec_fn=_in_child(),
                    )
                except (OSError, subprocess.SubprocessError) as error:
                    raise IndexingFailed(_not_run(error)) from None
            try:
                code = self._process.wait(self.settings.timeout)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait()
                raise IndexingFailed(
                    f"Pagefind took more than {self.settings.timeout:g} seconds, and was stopped"
                ) from None
            if self._cancelled.is_set():
                raise IndexingFailed(REPLACED)
            if code != 0:
                output.seek(0)
                raise IndexingFailed(_failed(code, output.read()))
        return _children_seconds() - before


def _new_folder(parent: Path) -> Path:
    """A new folder named MADE_PREFIX..., made as `mkdir` makes one (0755 under umask 022;
    tempfile.mkdtemp would make it 0700, unreadable to the web server once published)."""
    while True:
        folder = parent / f"{MADE_PREFIX}{secrets.token_hex(8)}"
        try:
            folder.mkdir()
            return folder
        except FileExistsError:
            continue


def _canonical(bundle: Path, nothing: bool) -> int:
    """Check the bundle Pagefind wrote before anything reads it further, then make its
    bytes stable; the pages it indexes (`nothing`: of the placeholder, an index of none)."""
    try:
        pages = check(bundle)
        if nothing:
            pages = _index_nothing(bundle)
        canonicalise(bundle)  # Pagefind's filter files come out in a random order
    except Damaged as error:
        raise IndexingFailed(
            f"Pagefind exited without error, but its index is incomplete: {error}"
        ) from None
    except NotPagefind as error:
        raise IndexingFailed(
            f"Pagefind wrote its index in a layout canonical.py does not "
            f"know ({error}); pyproject.toml names the versions it knows"
        ) from None
    return pages


def _index_nothing(bundle: Path) -> int:
    """Make the index of the placeholder page an index of no page, as Pagefind's Python API
    wrote one: its scripts, and an entry that names no language; 0, its pages."""
    entry_path = bundle / "pagefind-entry.json"
    entry = json.loads(entry_path.read_text(encoding="utf-8"))
    for language in entry["languages"].values():
        (bundle / f"pagefind.{language['hash']}.pf_meta").unlink()
        if language.get("wasm") not in (None, "unknown"):
            (bundle / f"wasm.{language['wasm']}.pagefind").unlink(missing_ok=True)
    for folder in ("fragment", "index", "filter"):
        shutil.rmtree(bundle / folder, ignore_errors=True)
    entry["languages"] = {}
    entry_path.write_text(
        json.dumps(entry, ensure_ascii=False, separators=(",", ":")), encoding="utf-8"
    )
    return 0


def _program() -> Path:
    """The Pagefind program: PAGEFIND_BINARY_PATH (as Pagefind's own tools read it), else
    the one of the pagefind-bin wheel (pyproject.toml)."""
    path = os.environ.get("PAGEFIND_BINARY_PATH")
    if path:
        return Path(path)
    try:
        return Path(pagefind_bin.get_executable())
    except FileNotFoundError as error:
        raise IndexingFailed(
            f"the Pagefind program is missing ({error}); reinstall with ./dev test or ./dev build"
        ) from None


@functools.cache
def _prctl() -> Callable[..., int] | None:
    """libc's prctl on Linux, looked up once, before any fork: a forked child of a process
    with threads should do nothing but simple system calls before it runs the program."""
    if sys.platform != "linux":
        return None
    try:
        prctl = ctypes.CDLL(None, use_errno=True).prctl
    except (OSError, AttributeError):
        return None
    prctl.argtypes = (ctypes.c_int, ctypes.c_ulong, ctypes.c_ulong, ctypes.c_ulong, ctypes.c_ulong)
    prctl.restype = ctypes.c_int
    return prctl


def _in_child() -> Callable[[], None]:
    """What the Pagefind process does before it runs the program: on Linux, ask for SIGKILL
    when its parent dies, so that a killed build leaves no Pagefind behind. That signal
    follows the thread that started the child, not the process: the thread that starts it
    here waits for it to end, so it comes only when the build itself dies. Elsewhere, lower
    its priority (on Linux, the starting thread's niceness is inherited)."""
    prctl, parent, kill = _prctl(), os.getpid(), int(signal.SIGKILL)
    on_linux = sys.platform == "linux"

    def prepare() -> None:
        if prctl is not None:
            prctl(PR_SET_PDEATHSIG, kill, 0, 0, 0)
            if os.getppid() != parent:  # the build died before the request took effect
                os._exit(1)
        if not on_linux:
            os.nice(BESIDE_THE_BUILD)

    return prepare


def _children_seconds() -> float:
    """CPU time of the ended child processes: Pagefind's, once it has ended."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _not_run(error: OSError | subprocess.SubprocessError) -> str:
    if isinstance(error, OSError):
        reason = f"{error.strerror or error}{f': {error.filename}' if error.filename else ''}"
    else:
        reason = str(error)
    return f"the Pagefind program could not be run ({reason})"


def _failed(code: int, output: bytes) -> str:
    """One line on why the program failed, from its exit code and what it printed."""
    if code < 0:
        try:
            name = signal.Signals(-code).name
        except ValueError:
            name = f"signal {-code}"
        return f"the Pagefind program was killed by {name}"
    lines = [line.strip() for line in output.decode("utf-8", "replace").splitlines()]
    lines = [line for line in lines if line]
    reason = next(
        (line.removeprefix("Error:").strip() for line in lines if line.startswith("Error:")), None
    )
    if reason is None:  # a Rust panic: "thread 'main' panicked at file:line:", then why
        reason = next(
            (following for line, following in itertools.pairwise(lines) if " panicked at " in line),
            None,
        )
    if reason is None and lines:
        reason = lines[0]
    return f"the Pagefind program failed with exit code {code}{f': {reason}' if reason else ''}"


def _remove_abandoned(folder: Path, age: float) -> None:
    """Remove the bundles that killed builds left half made, each older than `age` seconds
    (at 10,000 messages each would keep about 50 MB for ever)."""
    oldest = time.time() - age
    for entry in os.scandir(folder):
        if (
            entry.name.startswith(MADE_PREFIX)
            and entry.is_dir(follow_symlinks=False)
            and entry.stat(follow_symlinks=False).st_mtime < oldest
        ):
            shutil.rmtree(entry.path, ignore_errors=True)


def _read(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
