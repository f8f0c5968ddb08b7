"""Index a built site with Pagefind (no MkDocs here): the bundle goes to `<site>/pagefind/`,
byte-identical for identical pages (see canonical.py).

Pagefind reads the pages from disk in one request (`add_directory`) and indexes them in its
own process, on every core. Only pages that carry `data-pagefind-body` are indexed (the
message pages); the glob keeps it from even reading emails and other HTML that is no page.
"""

from __future__ import annotations

import asyncio
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

from .canonical import NotPagefind, canonicalise

BUNDLE_FOLDER = "pagefind"
# Every page of the site is an index.html (use_directory_urls); email.html, 404.html and the
# like are not searched.
PAGE_GLOB = "**/index.html"


class IndexingFailed(Exception):
    """Pagefind could not index the site; the message says why in one line."""


@dataclass(frozen=True)
class IndexSettings:
    language: str = "en"
    timeout: float = 600.0


def index_site(site_dir: Path, settings: IndexSettings) -> int:
    """Index `site_dir` into `site_dir/pagefind/` (replacing any earlier bundle); pages indexed."""
    if not re.fullmatch(r"[a-z]{2}", settings.language):
        raise IndexingFailed(f"'language' is {settings.language!r}; write a two-letter ISO 639-1 "
                             "code, e.g. language: en")
    bundle = site_dir / BUNDLE_FOLDER
    # A dirty build starts from a copy of the old site: old chunks would stay beside the new.
    shutil.rmtree(bundle, ignore_errors=True)
    try:
        return asyncio.run(asyncio.wait_for(_index(site_dir, bundle, settings),
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


async def _index(site_dir: Path, bundle: Path, settings: IndexSettings) -> int:
    # Imported late: only a build that indexes needs them.
    from pagefind.service import PagefindService

    service = await PagefindService().launch()
    finished = False
    try:
        index = await _unless_pagefind_stops(
            service, service.create_index({"force_language": settings.language}))
        found = await _unless_pagefind_stops(
            service, index.add_directory(str(site_dir.resolve()), glob=PAGE_GLOB))
        await _unless_pagefind_stops(service, index.write_files(str(bundle.resolve())))
        finished = True
    finally:
        if finished:
            await _finish(service)
        else:
            _stop(service)
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


def _stop(service) -> None:
    """End the program and its reader without waiting for replies that will not come."""
    reader = getattr(service, "_poll_task", None)
    if isinstance(reader, asyncio.Task):
        reader.cancel()
    backend = getattr(service, "_backend", None)
    if backend is not None and backend.returncode is None:
        backend.kill()
