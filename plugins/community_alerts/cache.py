"""The one way things are kept between builds, under `.cache/plugin/alerts/<step>/`.

The contract every step keeps:
- A cached file is named by a key derived from the inputs of the job that made it,
  the renderer's own code included (`cache_key`), so it is never served for other inputs.
- `Cache` alone decides where cached files live; with caching off, a scratch folder.
- A cached file is written once, whole (a temporary name, then a rename: `store`), and
  never written in place afterwards. The site gets a hard link to it, so nothing a later
  build writes, killed or not, can change a byte of a published file.
- Published files are readable by everyone: 0644, folders 0755 under umask 022.

Entries are spread over subfolders named by the key's first two digits: creating a file
costs more the more files its folder holds (about twice as much at 2,000). A full build
removes the entries it did not use; a partial one (`mkdocs serve --dirty`) keeps them,
since the pages it skipped still need theirs. No MkDocs here: the worker process
(worker.py) writes entries too.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import json
import os
import pickle
import shutil
import tempfile
from collections.abc import Callable
from importlib import metadata, resources
from pathlib import Path

CACHE_ROOT = ".cache/plugin/alerts"  # beside mkdocs.yml
# Every library whose output lands in a cached file: a new version renders afresh.
RENDERING_LIBRARIES = (
    "css-inline",
    "nh3",
    "lxml",
    "Markdown",
    "Jinja2",
    "PyYAML",
    "python-frontmatter",
    "feedgen",
    "icalendar",
    "babel",
)


# The process's umask, read once (os.umask can only be read by setting it). A file written
# under a temporary name gets the mode a plain write would have given it: 0644 under 022.
_UMASK = os.umask(0o022)
os.umask(_UMASK)
FILE_MODE = 0o666 & ~_UMASK


class Cache:
    """Where every step keeps its files between builds: `<root>/<step>/`, or, with caching
    off, a scratch folder removed when the build ends (`close`)."""

    def __init__(self, root: Path | None) -> None:
        self._scratch = None if root else tempfile.TemporaryDirectory(prefix="alerts-cache-")
        self.root = root or Path(self._scratch.name)

    def folder(self, step: str) -> Path:
        return self.root / step

    def outputs(self, step: str) -> OutputCache:
        """The content-addressed files of one step's outputs."""
        return OutputCache(self.folder(step))

    def close(self) -> None:
        if self._scratch is not None:
            self._scratch.cleanup()


# Made once: json.dumps with options builds a new encoder on every call.
_KEY_JSON = json.JSONEncoder(default=repr, ensure_ascii=False)


def cache_key(*inputs: object) -> str:
    """A hash of an output's inputs and of the code that makes it."""
    digest = hashlib.sha256(code_fingerprint().encode())
    for value in inputs:
        # A string (often a whole page body) is hashed as it is, the rest as JSON; each
        # tagged with its kind and length, so that no two lists of inputs hash alike.
        if isinstance(value, str):
            kind, data = b"s", value.encode("utf-8", "surrogatepass")
        else:
            kind, data = b"j", _KEY_JSON.encode(value).encode("utf-8", "surrogatepass")
        digest.update(kind + len(data).to_bytes(8, "big") + data)
    return digest.hexdigest()


def job_key(render: Callable[..., object], *inputs: object) -> str:
    """The key of what `render(*inputs)` makes: the renderer's name and each of its inputs
    (`fingerprint_of`), so that a key is never a list of inputs kept apart from the code
    that uses them."""
    return cache_key(
        f"{render.__module__}.{render.__qualname__}", *[fingerprint_of(value) for value in inputs]
    )


def fingerprint_of(value: object) -> object:
    """An input as plain data for a key: an object that has a fingerprint by it, another
    dataclass by its fields, a list or mapping by its contents, anything else as it is."""
    if isinstance(value, Fingerprinted):
        return value.fingerprint
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return [type(value).__name__] + [
            fingerprint_of(getattr(value, field.name)) for field in dataclasses.fields(value)
        ]
    if isinstance(value, (list, tuple)):
        return [fingerprint_of(item) for item in value]
    if isinstance(value, dict):
        return {str(key): fingerprint_of(item) for key, item in value.items()}
    return value


class Fingerprinted:
    """A frozen dataclass that goes into cache keys: `fingerprint`, a hash of its repr (every
    field), is made once per object, where a repr costs tens of microseconds each time."""

    @functools.cached_property
    def fingerprint(self) -> str:
        return hashlib.sha256(repr(self).encode("utf-8")).hexdigest()


@functools.cache
def code_fingerprint() -> str:
    """A hash of the project's content and rendering code, templates and rendering libraries.

    Coarse on purpose: any change to the code behind an output invalidates it, so a
    cached output is never older than the code that would make it.
    """
    package = resources.files("community_alerts")
    digest = hashlib.sha256()
    add_versions(digest, RENDERING_LIBRARIES)
    for folder in ("core", "render"):
        for source in sorted(Path(str(package / folder)).rglob("*"), key=lambda p: p.as_posix()):
            # Compiled files come and go (and are half-written while a process imports).
            if source.is_file() and "__pycache__" not in source.parts:
                digest.update(source.as_posix().encode() + b"\0" + source.read_bytes())
    return digest.hexdigest()


def add_versions(digest: hashlib._Hash, libraries: tuple[str, ...]) -> None:
    """Add the installed version of each library to `digest`."""
    for library in libraries:
        try:
            digest.update(f"{library}={metadata.version(library)}\0".encode())
        except metadata.PackageNotFoundError:
            digest.update(f"{library} missing\0".encode())


def store(path: Path, data: bytes) -> None:
    """Write one file whole or not at all (a killed build leaves no half-written file)."""
    # Its folder is made only when missing: file system calls are most of what a cached
    # output costs, and most folders exist already.
    try:
        handle, partial = tempfile.mkstemp(dir=path.parent, prefix=".partial-")
    except FileNotFoundError:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, partial = tempfile.mkstemp(dir=path.parent, prefix=".partial-")
    with os.fdopen(handle, "wb") as output:
        os.fchmod(output.fileno(), FILE_MODE)  # mkstemp makes it 0600: readable by us alone
        output.write(data)
    os.replace(partial, path)


def read_kept(file: Path, version: str) -> dict:
    """What `keep` wrote to `file` for this `version` (a cache key of the code and settings
    that made it); empty when there is none, it is damaged or another version made it."""
    try:
        kept_version, kept = pickle.loads(file.read_bytes())
    except Exception:  # noqa: BLE001 - none yet, or damaged: everything is made afresh
        return {}
    return kept if kept_version == version else {}


def keep(file: Path, version: str, kept: dict) -> None:
    """Keep `kept` in one pickle, read once and written once: for a whole archive this costs
    far less than a file per entry. Only the project's own builds write these files."""
    store(file, pickle.dumps((version, kept), pickle.HIGHEST_PROTOCOL))


def entry_path(folder: Path | str, key: str, suffix: str) -> str:
    # A string: every unchanged output asks for its entry's path, and Path objects cost
    # several times as much to make as the file system call they go to.
    return f"{folder}/{key[:2]}/{key}{suffix}"


class OutputCache:
    """The entries of one plugin's outputs, and which of them this build used."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.used: set[str] = set()
        self.reused = 0
        self.made = 0

    def path(self, key: str, suffix: str) -> Path:
        return Path(entry_path(self.folder, key, suffix))

    def size(self, key: str, suffix: str) -> int:
        """The bytes of one file of the entry."""
        return os.stat(entry_path(self.folder, key, suffix)).st_size

    def has(self, key: str, *suffixes: str) -> bool:
        """Whether every file of the entry is there; either way the entry counts as used."""
        self.used.add(key)
        found = all(os.path.isfile(entry_path(self.folder, key, suffix)) for suffix in suffixes)
        if found:
            self.reused += 1
        return found

    def keep_file(self, key: str, suffix: str, make: Callable[[], bytes]) -> None:
        """Store `make()` under `key` unless the last build did: for a file beside the
        outputs (an index of them), so it is not counted as made or reused."""
        self.used.add(key)
        path = entry_path(self.folder, key, suffix)
        if not os.path.isfile(path):
            store(Path(path), make())

    def made_now(self, key: str) -> None:
        """Record an entry written this build (by `store`, perhaps in the worker)."""
        self.used.add(key)
        self.made += 1

    def publish(self, key: str, suffix: str, site_dir: str, path: str) -> None:
        """Put the entry's file at `path` under `site_dir`: a hard link where the file system
        allows, else a copy. The old target is removed first, so a write never goes
        through a link into the cache."""
        source, target = entry_path(self.folder, key, suffix), os.path.join(site_dir, path)
        try:  # the target's folder is almost always there: its page is in it
            link_or_copy(source, target)
        except FileExistsError:
            os.unlink(target)
            link_or_copy(source, target)
        except FileNotFoundError:
            os.makedirs(os.path.dirname(target), exist_ok=True)
            link_or_copy(source, target)

    def save(self, complete: bool) -> None:
        """After a `complete` build, remove the entries it did not use (and any left in the
        folder itself by the older, flat layout)."""
        if not complete or not self.folder.is_dir():
            return
        for child in os.scandir(self.folder):
            entries = os.scandir(child.path) if child.is_dir() else [child]
            for entry in entries:
                if entry.name.split(".", 1)[0] not in self.used:
                    os.unlink(entry.path)


def link_or_copy(source: Path | str, target: Path | str) -> None:
    """`target` as a hard link to `source` where the file system allows, else a copy."""
    try:
        os.link(source, target)
    except (FileExistsError, FileNotFoundError):
        raise
    except OSError:  # another file system, or one without hard links
        shutil.copyfile(source, target)


def make_entries(
    folder: Path, key: str, render: Callable[..., dict[str, bytes]], *args: object
) -> dict[str, int]:
    """Render one output (`render(*args)` gives its files' bytes by suffix) and store it under
    `key`; the size of each file by suffix. Run in the worker, so nothing large comes back."""
    files = render(*args)
    for suffix, data in files.items():
        store(Path(entry_path(folder, key, suffix)), data)
    return {suffix: len(data) for suffix, data in files.items()}
