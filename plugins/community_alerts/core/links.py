"""Links and pictures in bodies that point at files of the site: each must be there, and
published with the message. No MkDocs here.

MkDocs finds a missing target only as it converts each page, and says so in its own
words ("... is not found among documentation files"); this finds the same before the
build (and in `alerts check`), in plain words. Only targets with a file name are checked,
as MkDocs checks them: `../other-alert.md`, `images/van.jpg`, `leaflet.pdf`.
"""

from __future__ import annotations

import posixpath
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

from .archive import Archive
from .dates import for_staff
from .folder import FIXED_PAGES
from .item import Item
from .problems import Problem

# Markdown's [text](target) and ![alt](target), and a reference definition
# "[ref]: target". Raw HTML is left alone, as MkDocs leaves it.
_TARGETS = re.compile(
    r"\]\(\s*<?(?P<inline>[^)\s>]+)|^ {0,3}\[[^\]]+\]:\s*<?(?P<definition>[^\s>]+)",
    re.MULTILINE,
)


def local_targets(item: Item) -> list[str]:
    """The content paths that the item's body links to or shows, in order."""
    targets = []
    for match in _TARGETS.finditer(item.body):
        parts = urlsplit(match["inline"] or match["definition"])
        path = unquote(parts.path)
        # Another site's, the site's own absolute paths, or a place on the same page.
        if parts.scheme or parts.netloc or not path or path.startswith(("/", "\\")):
            continue
        if posixpath.splitext(path)[1]:  # a file name: MkDocs checks these
            targets.append(
                posixpath.normpath(posixpath.join(posixpath.dirname(item.source_path), path))
            )
    return targets


def link_problems(archive: Archive, docs_dir: Path, previewing: bool = False) -> list[Problem]:
    """Each link or picture in a published message whose file is missing, or whose message
    is not published yet. `previewing`: drafts and future messages are shown, so theirs
    count too. (A draft's are found once it is published: a picture still to come must not
    stop every other message being published meanwhile.)"""
    by_source = archive.by_source
    problems = []
    for item in archive.items if previewing else archive.published:
        for target in dict.fromkeys(local_targets(item)):
            written = posixpath.relpath(target, posixpath.dirname(item.source_path))
            linked = by_source.get(target)
            if linked is not None:
                if not previewing and not linked.is_published(archive.now):
                    why = (
                        "a draft"
                        if linked.draft
                        else "not published until " + for_staff(linked.date, linked.date_day_only)
                    )
                    problems.append(
                        Problem(
                            item.source_path,
                            None,
                            f"the text links to {written}, which is {why}; publish that "
                            "message first, or remove the link.",
                        )
                    )
            elif target.endswith("index.md") or target in FIXED_PAGES:
                continue  # a listing page the build makes, or a page the project ships
            elif target.startswith("../") or not _is_file(docs_dir / target):
                problems.append(
                    Problem(
                        item.source_path,
                        None,
                        f"the text links to {written}, which is not in the content folder "
                        f"(looked for {target}); check the spelling, or put the file there.",
                    )
                )
    return problems


def _is_file(path: Path) -> bool:
    try:
        return path.is_file() and not path.is_symlink()
    except OSError:  # a name longer than the disk allows, say: not there either
        return False
