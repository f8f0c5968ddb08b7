"""What the content folder may hold: only what staff meant to publish. No MkDocs here.

- At the top: the three section folders, `assets/` (pictures shared by several messages)
  and the fixed pages the project ships (`accessibility.md`).
- In a section folder: messages (`.md`) and their attachments (pictures and PDFs); in
  `assets/`, attachments alone.
- No symbolic link anywhere: MkDocs would follow it, and publish whatever it points at.
- Names starting with "." are left out, as MkDocs leaves them out.

Each refusal is one problem naming the file and what to do; a build and `alerts check`
both stop on them.
"""

from __future__ import annotations

import os
from collections.abc import Collection, Iterable
from pathlib import Path

from .item import SECTIONS
from .problems import Problem, did_you_mean

SHARED_FOLDER = "assets"
FIXED_PAGES = ("accessibility.md",)
PICTURE_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".webp")
ATTACHMENT_SUFFIXES = (*PICTURE_SUFFIXES, ".pdf")
MESSAGE_SUFFIX = ".md"
_TOP = (*SECTIONS, SHARED_FOLDER, *FIXED_PAGES)


def is_attachment(path: str) -> bool:
    return path.endswith(ATTACHMENT_SUFFIXES)


def is_picture(path: str) -> bool:
    return path.endswith(PICTURE_SUFFIXES)


def theme_files(theme_dirs: Iterable[str | Path]) -> set[str]:
    """The paths of the pictures and documents the theme puts on every site (its favicon,
    say): a content file at one of them would replace it."""
    taken = set()
    for theme_dir in theme_dirs:
        for folder, subfolders, files in os.walk(theme_dir):
            subfolders[:] = [name for name in subfolders if not name.startswith(".")]
            relative = Path(folder).relative_to(theme_dir).as_posix()
            taken.update(
                name if relative == "." else f"{relative}/{name}"
                for name in files
                if is_attachment(name)
            )
    return taken


def folder_problems(docs_dir: Path, taken: Collection[str] = ()) -> list[Problem]:
    """Everything in `docs_dir` that may not be there, in one walk that never follows a
    link (so a link to a folder, or a loop of them, is not walked); `taken`: the paths of
    the theme's own files (`theme_files`)."""
    problems = []
    for folder, subfolders, files in os.walk(docs_dir):
        here = Path(folder)
        top = here == docs_dir
        subfolders[:] = sorted(name for name in subfolders if not name.startswith("."))
        for name in sorted([*subfolders, *files]):
            path = here / name
            relative = path.relative_to(docs_dir).as_posix()
            if name.startswith("."):
                continue
            if path.is_symlink():
                fix = "put the file itself here instead, or remove the link."
                message = f"this is a link to {os.readlink(path)}; links are never published: {fix}"
            elif top:
                message = _top_level_problem(name, is_folder=path.is_dir())
            elif path.is_dir():
                continue
            elif relative in taken:
                message = (
                    "the website's theme has a file at this very path, which this one would "
                    "replace on every page; rename it."
                )
            else:
                message = _file_problem(relative)
            if message is not None:
                problems.append(Problem(relative, None, message))
        # Never walked: a link, and a folder refused at the top (its files say nothing more).
        subfolders[:] = [
            name
            for name in subfolders
            if not (here / name).is_symlink() and (not top or name in (*SECTIONS, SHARED_FOLDER))
        ]
    return problems


def _top_level_problem(name: str, is_folder: bool) -> str | None:
    if name in ((*SECTIONS, SHARED_FOLDER) if is_folder else FIXED_PAGES):
        return None
    kind = "folder" if is_folder else "file"
    return (
        f"this {kind} cannot be at the top of the content folder{did_you_mean(name, _TOP)}; "
        f"messages go in {', '.join(f'{section}/' for section in SECTIONS)}, pictures "
        f"shared by several messages in {SHARED_FOLDER}/: move it there, or remove it."
    )


def _file_problem(path: str) -> str | None:
    in_shared = path.startswith(SHARED_FOLDER + "/")
    if path.endswith(MESSAGE_SUFFIX) and not in_shared:
        return None
    if is_attachment(path):
        return None
    allowed = ", ".join(ATTACHMENT_SUFFIXES)
    if in_shared:
        return (
            f"only pictures and documents ({allowed}) can be shared from {SHARED_FOLDER}/; "
            "remove this file, or save it in one of those formats."
        )
    suffix = Path(path).suffix
    if suffix.lower() in (MESSAGE_SUFFIX, *ATTACHMENT_SUFFIXES) or suffix.lower() == ".markdown":
        lower = Path(path).with_suffix(".md" if suffix.lower() == ".markdown" else suffix.lower())
        return f"this file would not be published; rename it to {lower.name}."
    return (
        f"a section folder holds messages ({MESSAGE_SUFFIX}) and their pictures and documents "
        f"({allowed}); this file would be published as it is: remove it, or save it in one "
        "of those formats."
    )
