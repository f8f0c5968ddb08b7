"""The shape of the build at scale, without timing anything: per-item output does not grow with
the archive, and a second build with nothing changed renders no item's outputs again."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import pytest
from sitebuild import REPO, Build, FixtureSite

_spec = importlib.util.spec_from_file_location(
    "generate_archive", REPO / "bench" / "generate_archive.py"
)
generate_archive = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(generate_archive)


# The plugins' debug lines, e.g. "Emails: 3 rendered, 20 reused from the cache."
MADE_AND_REUSED = (
    r"(Messages|Page bodies|Emails|CAP files|Text messages|Feeds): (\d+) \w+, "
    r"(\d+) reused"
)


def generated_site(root: Path, items: int) -> FixtureSite:
    """The benchmark's synthetic archive (the first items are the same at every size)."""
    root.mkdir()
    site = FixtureSite(root)
    generate_archive.generate(items, root / "content")
    return site


def item_pages(build: Build) -> dict[str, int]:
    """Each message page's size in bytes, by its path under the site."""
    pages = {}
    for section in ("alerts", "court-news", "guides"):
        for page in (build.site / section).rglob("index.html"):
            relative = page.relative_to(build.site / section)
            if relative.parts[0] != "page" and len(relative.parts) > 1:
                pages[page.relative_to(build.site).as_posix()] = page.stat().st_size
    return pages


@pytest.fixture(scope="module")
def small_and_large(tmp_path_factory: pytest.TempPathFactory) -> tuple[Build, Build]:
    root = tmp_path_factory.mktemp("scale")
    builds = []
    for items in (20, 200):
        build = generated_site(root / str(items), items).build("-v")
        assert build.returncode == 0, build.output
        builds.append(build)
    return builds[0], builds[1]


def test_an_item_page_does_not_grow_with_the_archive(small_and_large):
    small, large = small_and_large
    in_small = item_pages(small)
    in_large = item_pages(large)
    assert len(in_small) == 20 and len(in_large) == 200
    # The same message, in an archive ten times larger, makes a page of the same size.
    assert {path: in_large[path] for path in in_small} == in_small


def test_a_second_build_renders_no_unchanged_item_again(small_and_large):
    small, _ = small_and_large
    first = outputs_made(small)
    assert first == {
        "Messages": (20, 0),
        "Page bodies": (20, 0),
        "Emails": (20 + digests(small), 0),
        "CAP files": (16, 0),
        "Text messages": (16, 0),
        "Feeds": (feed_scopes(small), 0),
    }
    again = FixtureSite.__new__(FixtureSite)  # the same folder, caches kept
    again.root = small.root
    second = again.build("-v")
    assert second.returncode == 0, second.output
    assert outputs_made(second) == {kind: (0, made) for kind, (made, _) in first.items()}


def outputs_made(build: Build) -> dict[str, tuple[int, int]]:
    """(made, reused from the cache) of each kind of output, from the build's debug log."""
    found = re.findall(MADE_AND_REUSED, build.output)
    return {kind: (int(made), int(reused)) for kind, made, reused in found}


def digests(build: Build) -> int:
    """The weekly and daily digests the build wrote (email/digest/, email/daily/)."""
    email = build.site / "email"
    return len([*email.glob("digest/**/*.html"), *email.glob("daily/**/*.html")])


def feed_scopes(build: Build) -> int:
    """The feeds' scopes (the site, each section, each area): one RSS feed each."""
    return len(list(build.site.rglob("rss.xml")))
