"""The search index in a preview: made after the pages, placed without holding up the
reload, and cancelled, never placed, when a newer rebuild has begun. Pagefind runs at a
lower priority than the build, and half-made bundles of killed builds are cleared."""

from __future__ import annotations

import os
import stat
import sys
import time
from pathlib import Path

import pytest
from community_alerts.build.worker import BESIDE_THE_BUILD
from community_alerts.search.indexer import BackgroundIndex, IndexSettings, Record
from community_alerts.search.parts import PartedIndex

RECORD = (
    '<html lang="en"><head><title>{title}</title></head><body data-pagefind-body>'
    "<h1>{title}</h1><p>Tools were taken from vans overnight.</p></body></html>"
)


def records(*titles: str) -> list[Record]:
    return [
        Record(
            f"alerts/{n}/index.html",
            f"key-{title}",
            lambda title=title: RECORD.format(title=title),
            "2024",  # one part of the index (search/parts.py)
        )
        for n, title in enumerate(titles)
    ]


@pytest.fixture
def hanging_pagefind(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A 'Pagefind' that starts and never answers, as a slow index would."""
    program = tmp_path / "pagefind-that-hangs"
    program.write_text("#!/bin/sh\nexec sleep 60\n")
    program.chmod(program.stat().st_mode | stat.S_IXUSR)
    monkeypatch.setitem(os.environ, "PAGEFIND_BINARY_PATH", str(program))
    return program


def test_a_preview_indexes_only_when_told_and_places_the_index(tmp_path: Path):
    index = PartedIndex(tmp_path / "cache", IndexSettings())
    index.start(records("Van thefts", "Shed break-ins"), later=True)
    assert index._thread is None  # nothing runs while the pages render
    failures = []
    index.finish_later(tmp_path / "site", failures.append)
    index.wait_placed()
    assert failures == []
    assert (tmp_path / "site" / "pagefind" / "pagefind-entry.json").is_file()


def test_a_cancelled_index_is_stopped_and_never_placed(tmp_path: Path, hanging_pagefind: Path):
    index = PartedIndex(tmp_path / "cache", IndexSettings(timeout=60))
    index.start(records("Van thefts"))
    part = index.parts["2024"]
    started = time.monotonic()
    while part._process is None and time.monotonic() - started < 10:
        time.sleep(0.01)
    assert part._process is not None, "the program was never started"
    failures = []
    index.finish_later(tmp_path / "site", failures.append)
    index.cancel()  # a newer rebuild began: the hanging program is killed, not waited for
    assert time.monotonic() - started < 10
    assert failures == []  # superseded, not failed: nothing to tell the author
    assert not (tmp_path / "site" / "pagefind").exists()
    assert not list((tmp_path / "cache").rglob(".bundle-*"))  # its unfinished bundle is gone


def test_an_index_cancelled_before_it_starts_never_runs(tmp_path: Path, hanging_pagefind: Path):
    index = PartedIndex(tmp_path / "cache", IndexSettings(timeout=60))
    index.start(records("Van thefts"), later=True)
    index.cancel()
    failures = []
    index.finish_later(tmp_path / "site", failures.append)
    index.wait_placed()
    assert failures == []
    assert not (tmp_path / "site" / "pagefind").exists()


def test_bundles_left_by_killed_builds_are_removed_once_old(tmp_path: Path):
    cache = tmp_path / "cache"
    abandoned, recent = cache / ".bundle-killed", cache / ".bundle-another-build"
    for folder in (abandoned, recent):
        (folder / "fragment").mkdir(parents=True)
    two_days_ago = time.time() - 2 * 24 * 3600
    os.utime(abandoned, (two_days_ago, two_days_ago))

    index = BackgroundIndex(cache, IndexSettings())
    index.start(records("Van thefts"))
    index.finish(tmp_path / "site")

    assert not abandoned.exists()
    assert recent.is_dir()  # perhaps a preview indexing beside this build: left alone
    assert (tmp_path / "site" / "pagefind" / "pagefind-entry.json").is_file()


@pytest.mark.skipif(sys.platform != "linux", reason="a niceness per thread is Linux's")
def test_pagefind_runs_at_a_lower_priority_than_the_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    seen = tmp_path / "niceness"
    program = tmp_path / "pagefind-that-tells"
    # Field 19 of /proc/<pid>/stat is the process's niceness.
    program.write_text(f"#!/bin/sh\nawk '{{print $19}}' /proc/$$/stat > {seen}\nexec sleep 60\n")
    program.chmod(program.stat().st_mode | stat.S_IXUSR)
    monkeypatch.setitem(os.environ, "PAGEFIND_BINARY_PATH", str(program))
    before = os.nice(0)
    index = PartedIndex(tmp_path / "cache", IndexSettings(timeout=60))
    index.start(records("Van thefts"))
    started = time.monotonic()
    while not seen.is_file() or not seen.read_text().strip():
        assert time.monotonic() - started < 10, "the program was never started"
        time.sleep(0.01)
    index.finish_later(tmp_path / "site", lambda failed: None)
    index.cancel()
    assert int(seen.read_text()) == min(before + BESIDE_THE_BUILD, 19)
    assert os.nice(0) == before  # the build itself runs as it did
