"""The project's own sample site, built once per test session and served on 127.0.0.1.

Browser tests (tests/test_a11y_browser.py, tests/test_search_browser.py) read it. The pages
of each kind are found in the built HTML by their markers, not named, so the tests follow the
sample content as it changes.
"""

from __future__ import annotations

import atexit
import os
import re
import shutil
import subprocess
import sys
import tempfile
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from browser import served

REPO = Path(__file__).resolve().parents[1]
# "Now" for the build: 23 November 2026, 12:00 UTC, the day after the newest sample alert,
# so that some sample alerts are current and some expired, and one guide is past review.
SAMPLE_NOW = 1795435200
SEVERITIES = ("info", "advisory", "warning", "urgent")


@dataclass
class SampleSite:
    root: Path  # the built site
    url: str  # where it is served, ending in "/"
    pages: dict[str, str] = field(default_factory=dict)  # page kind -> path under the root

    def html(self, path: str) -> str:
        if path.endswith("/") or not path:
            path += "index.html"
        return (self.root / path).read_text(encoding="utf-8")

    def item_paths(self) -> list[str]:
        """Every message page (alerts, court news, guides), as paths like 'alerts/x/'."""
        found = []
        for section in ("alerts", "court-news", "guides"):
            for index in sorted((self.root / section).rglob("index.html")):
                path = index.parent.relative_to(self.root).as_posix() + "/"
                if "/page/" not in f"/{path}" and path != f"{section}/":
                    found.append(path)
        return found


_stack = ExitStack()
atexit.register(_stack.close)
_site: SampleSite | None = None


def sample_site() -> SampleSite:
    """Build the sample content once (strict, with SAMPLE_NOW) and serve it for the session."""
    global _site
    if _site is None:
        tmp = Path(_stack.enter_context(tempfile.TemporaryDirectory(prefix="sample-site-")))
        site_dir = tmp / "site"
        env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
        env.update(NO_MKDOCS_2_WARNING="1", SOURCE_DATE_EPOCH=str(SAMPLE_NOW))
        done = subprocess.run(
            [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(site_dir)],
            cwd=REPO,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert done.returncode == 0, done.stdout + done.stderr
        shutil.rmtree(tmp / "site.staging", ignore_errors=True)
        url = _stack.enter_context(served(site_dir))
        site = SampleSite(site_dir, url)
        site.pages = _page_kinds(site)
        _site = site
    return _site


def _page_kinds(site: SampleSite) -> dict[str, str]:
    """One page of every kind the tests visit, found by the markers in its HTML."""
    pages = {
        "home": "",
        "alerts listing": "alerts/",
        "court-news listing": "court-news/",
        "guides listing": "guides/",
        "alerts listing page 2": "alerts/page/2/",
        "category listing": "categories/fraud/",
        "areas index": "areas/",
        "accessibility statement": "accessibility/",
        "404": "404.html",
        "search": "search/",
        "subscribe": "subscribe/",
    }
    areas = sorted(p.name for p in (site.root / "areas").iterdir() if p.is_dir())
    pages["area"] = f"areas/{next(a for a in areas if a != 'county-wide')}/"
    for path in site.item_paths():
        html = site.html(path)
        expired = "ca-notice--expired" in html
        severity = re.search(r"ca-banner--(\w+)", html)
        if severity and not expired:
            pages.setdefault(f"{severity.group(1)} alert", path)
        if severity and expired:
            pages.setdefault("expired alert", path)
        if path.startswith("court-news/") and 'class="ca-case__headline"' in html:
            pages.setdefault("court-news digest", path)
        if path.startswith("guides/"):
            kind = "guide past review" if "ca-notice--review" in html else "guide"
            pages.setdefault(kind, path)
    wanted = [f"{s} alert" for s in SEVERITIES] + [
        "expired alert",
        "court-news digest",
        "guide",
        "guide past review",
    ]
    missing = [kind for kind in wanted if kind not in pages]
    assert not missing, f"the sample content has no page of kind {missing}"
    for path in pages.values():
        assert (
            site.root / (path + "index.html" if path.endswith("/") or not path else path)
        ).exists(), path
    return pages


PAGE_KINDS = [
    "home",
    "alerts listing",
    "court-news listing",
    "guides listing",
    "alerts listing page 2",
    "category listing",
    "info alert",
    "advisory alert",
    "warning alert",
    "urgent alert",
    "expired alert",
    "court-news digest",
    "guide",
    "guide past review",
    "area",
    "areas index",
    "accessibility statement",
    "404",
    "search",
    "subscribe",
]


# Fixtures for the browser tests; a test module imports them by name.


@pytest.fixture(scope="session")
def site() -> SampleSite:
    return sample_site()


@pytest.fixture(scope="session")
def pages_by_size(browser):
    """One browser page per window size for the whole session (each test navigates afresh)."""
    pages: dict[tuple, object] = {}
    yield pages
    for page in pages.values():
        page.context.close()


@pytest.fixture
def open_page(pages_by_size, browser, site):
    """Open a page of the sample site in a window of the given size and pixel density."""

    def _open(path: str, width: int = 1280, height: int = 900, scale: float = 1):
        key = (width, height, scale)
        if key not in pages_by_size:
            context = browser.new_context(
                viewport={"width": width, "height": height}, device_scale_factor=scale
            )
            pages_by_size[key] = context.new_page()
        page = pages_by_size[key]
        url = site.url + path
        response = page.reload() if page.url == url else page.goto(url)
        assert response is not None and response.status == 200, path
        return page

    return _open
