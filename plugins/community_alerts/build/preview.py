"""What the preview (`mkdocs serve`) shows when the site cannot be built: a page listing
the problems, at every address, that reloads itself once they are fixed.

MkDocs' preview server answers no request while a rebuild has failed (every page waits for
a build that never comes), so a failed preview build is never left failed: content
problems make a site of the problems page alone (`AlertsPlugin.on_files`), and any other
error is caught around MkDocs' builder (`keep_serving`).
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape
from mkdocs.plugins import get_plugin_logger

from ..cache import store

log = get_plugin_logger(__name__)

TEMPLATES = Path(__file__).parent / "templates"
_ENV = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape())
CONTENT_PROBLEMS = "Some message files have problems. Each line names the file and says what to do."
BUILD_FAILED = "The site could not be built. This is what stopped it:"


def show_problems(site_dir: str, site_name: str, intro: str, problems: list[str]) -> None:
    """Take away every page and make the problems page the site's "page not found" page,
    so any address the browser is on shows it. (Written as the home page, it would stay
    after the fix: a `--dirty` rebuild renders only pages whose output is older than their
    source, or missing.)"""
    # After this moment, so that only a build started later reloads the page (the preview
    # server counts builds in milliseconds of time.monotonic()).
    epoch = round(time.monotonic() * 1000)
    page = _ENV.get_template("alerts-problems.html").render(
        site_name=site_name, intro=intro, problems=problems, epoch=epoch
    )
    for folder, _, files in os.walk(site_dir):
        for name in files:
            if name.endswith(".html"):
                # A `--dirty` rebuild then renders each page again: its output is missing.
                os.unlink(os.path.join(folder, name))
    store(Path(site_dir) / "404.html", page.encode("utf-8"))


def keep_serving(builder: Callable[..., None], site_dir: str, site_name: str) -> Callable:
    """MkDocs' preview builder, never left failed: an error shows on the problems page."""

    def build_or_show_problems(*args, **kwargs) -> None:
        try:
            builder(*args, **kwargs)
        except Exception as error:  # noqa: BLE001 - shown in the browser, and logged
            log.error(f"The preview could not be built: {error}")
            show_problems(
                site_dir, site_name, BUILD_FAILED, str(error).splitlines() or [repr(error)]
            )

    return build_or_show_problems
