"""Replace a published folder with a freshly built one, never leaving it half-written."""

from __future__ import annotations

import os
import shutil
from pathlib import Path


def staging_dir_for(site_dir: Path) -> Path:
    """Where a build is written before it replaces `site_dir`: beside it, on the same disk."""
    return site_dir.with_name(site_dir.name + ".staging")


def previous_dir_for(site_dir: Path) -> Path:
    """Where the published site waits, for a moment, while the new one is moved in."""
    return site_dir.with_name(site_dir.name + ".previous")


def replace_with(site_dir: Path, staging: Path) -> None:
    """Put `staging` in the place of `site_dir`; the old site is removed only afterwards."""
    previous = previous_dir_for(site_dir)
    shutil.rmtree(previous, ignore_errors=True)
    had_site = site_dir.exists()
    if had_site:
        os.replace(site_dir, previous)
    try:
        os.replace(staging, site_dir)
    except OSError:
        if had_site:
            os.replace(previous, site_dir)
        raise
    shutil.rmtree(previous, ignore_errors=True)


def recover(site_dir: Path) -> bool:
    """Undo what a build killed in the middle of `replace_with` left behind.

    Killed between its two renames, `replace_with` leaves no `site_dir` and the
    published site in the ".previous" folder: put it back (the staging folder
    may hold a complete new site, but nothing proves it). Killed while removing
    the ".previous" folder, it leaves part of the old site beside the new one:
    remove it. Returns True when the published site was put back.
    """
    previous = previous_dir_for(site_dir)
    if not previous.is_dir():
        return False
    if site_dir.exists():
        shutil.rmtree(previous, ignore_errors=True)
        return False
    os.replace(previous, site_dir)
    return True


def discard(staging: Path) -> None:
    """Remove a staging folder, or a file that stands in its place."""
    if staging.is_symlink() or staging.is_file():
        staging.unlink(missing_ok=True)
    else:
        shutil.rmtree(staging, ignore_errors=True)
