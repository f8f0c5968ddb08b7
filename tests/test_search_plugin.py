"""alerts-search without a browser: what it indexes, stable bytes, and failing cleanly."""

from __future__ import annotations

import gzip
import json
import os
from pathlib import Path

import pytest
from community_alerts.search.canonical import SIGNATURE, _encode, canonicalise
from pagefind_index import fragments
from sitebuild import FixtureSite, alert


def _bundle(folder: Path, area_values: list) -> Path:
    """A Pagefind bundle as 1.5 writes it, with the area values in the given order."""
    (folder / "filter").mkdir(parents=True)

    def write(path: Path, value) -> None:
        path.write_bytes(gzip.compress(SIGNATURE + _encode(value), mtime=0))

    write(folder / "filter" / "en_aaaaaaa.pf_filter", ["area", area_values])
    write(folder / "filter" / "en_bbbbbbb.pf_filter", ["section", [["Alert", [0, 1]]]])
    filters = [["section", "en_bbbbbbb"], ["area", "en_aaaaaaa"]]
    write(folder / "pagefind.en_0123456789.pf_meta", ["1.5.2", [], [], filters, [], ["title"]])
    (folder / "pagefind-entry.json").write_text(
        '{"version":"1.5.2","languages":{"en":{"hash":"en_0123456789","wasm":"en",'
        '"page_count":2}}}',
        encoding="utf-8",
    )
    return folder


def _files(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_filter_files_in_any_order_come_out_byte_identical(tmp_path):
    one = _bundle(tmp_path / "one", [["Fenland", [0]], ["Cambridge", [1]]])
    other = _bundle(tmp_path / "other", [["Cambridge", [1]], ["Fenland", [0]]])
    canonicalise(one)
    canonicalise(other)
    assert _files(one) == _files(other)
    entry = json.loads((one / "pagefind-entry.json").read_text())
    meta = entry["languages"]["en"]["hash"]
    assert (one / f"pagefind.{meta}.pf_meta").is_file()
    assert len(list((one / "filter").glob("*.pf_filter"))) == 2


@pytest.fixture
def built(tmp_path) -> FixtureSite:
    site = FixtureSite(tmp_path)
    site.write("alerts/vans.md", alert(summary="Thieves target vans near Chatteris."))
    site.write(
        "guides/locks.md",
        "---\ntitle: Better locks\ndate: 2024-05-01\n---\n\nFit a sash jammer to every window.\n",
    )
    return site


def test_only_messages_are_indexed_with_their_meta_and_filters(built):
    build = built.build()
    assert build.returncode == 0, build.output
    pages = {page["url"]: page for page in fragments(build.site)}
    assert set(pages) == {"/alerts/vans/", "/guides/locks/"}
    vans = pages["/alerts/vans/"]
    assert vans["meta"]["title"] == "Van thefts in March"
    assert vans["meta"]["summary"] == "Thieves target vans near Chatteris."
    assert vans["meta"]["section"] == "Alert" and vans["meta"]["date"]
    assert vans["filters"]["section"] == ["Alert"]
    # County-wide (the default) concerns every area, as on the area pages.
    assert {"County-wide", "Fenland", "Peterborough"} <= set(vans["filters"]["area"])
    assert "Chatteris" in vans["content"] and "Message sent by" not in vans["content"]
    assert "sash jammer" in pages["/guides/locks/"]["content"]
    assert (build.site / "search" / "index.html").is_file()


def test_a_pagefind_failure_stops_the_build_in_one_line(built, monkeypatch, tmp_path):
    first = built.build()
    assert first.returncode == 0, first.output
    before = _files(first.site)
    monkeypatch.setitem(os.environ, "PAGEFIND_BINARY_PATH", str(tmp_path / "no-such-pagefind"))
    # A changed message, so that the index kept from the first build cannot be reused.
    built.write("alerts/sheds.md", alert(title="Shed break-ins"))
    failed = built.build()
    assert failed.returncode != 0
    assert (
        "alerts: the search index could not be built: the Pagefind program could "
        "not be run (No such file or directory" in failed.output
    )
    assert "Traceback" not in failed.output
    assert _files(failed.site) == before


def test_a_search_md_in_the_content_is_refused(built):
    built.write("search.md", "# Search\n")
    build = built.build()
    assert build.returncode != 0
    assert "search.md: this file cannot be at the top of the content folder" in build.output


def test_an_unchanged_site_reuses_its_index_without_running_pagefind(built, monkeypatch, tmp_path):
    first = built.build()
    assert first.returncode == 0, first.output
    index = _files(first.site / "pagefind")
    # Pagefind cannot run now: the build passes only if it is not needed.
    monkeypatch.setitem(os.environ, "PAGEFIND_BINARY_PATH", str(tmp_path / "no-such-pagefind"))
    second = built.build("--verbose")
    assert second.returncode == 0, second.output
    assert "Search: 2 messages indexed, 0 records written." in second.output
    assert _files(second.site / "pagefind") == index


def test_a_changed_or_removed_message_is_indexed_again(built):
    assert built.build().returncode == 0
    built.write(
        "alerts/vans.md",
        alert(summary="Thieves target vans near Chatteris.").replace(
            "Tools were taken", "Ladders were taken"
        ),
    )
    (built.root / "content" / "guides" / "locks.md").unlink()
    build = built.build("--verbose")
    assert build.returncode == 0, build.output
    assert "Search: 1 messages indexed, 1 records written." in build.output
    pages = {page["url"]: page for page in fragments(build.site)}
    assert set(pages) == {"/alerts/vans/"}
    assert "Ladders" in pages["/alerts/vans/"]["content"]
