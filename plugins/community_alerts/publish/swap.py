"""Replace a published folder with a freshly built one, never leaving it half-written."""

from __future__ import annotations

import os
import shutil
from pathlib import Path


def staging_dir_for(site_dir: Path) -> Path:
    """Where a build is written before it replaces `site_dir`: beside it, on the same disk."""
    return site_dir.with_name(site_dir.name + ".staging")


def replace_with(site_dir: Path, staging: Path) -> None:
    """Put `staging` in the place of `site_dir`; the old site is removed only afterwards."""
    previous = site_dir.with_name(site_dir.name + ".previous")
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


def discard(staging: Path) -> None:
    shutil.rmtree(staging, ignore_errors=True)
