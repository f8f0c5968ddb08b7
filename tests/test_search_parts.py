"""The search index in parts, one per year (search/parts.py): each part indexed only when
its records changed, one Pagefind at a time, the newest part at pagefind/ and the others
where the search page merges them from."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from community_alerts.search.indexer import IndexSettings, Record
from community_alerts.search.parts import PartedIndex
from pagefind_index import bundle_fragments, bundles
from test_search_indexer import RECORD

REAL_PAGEFIND = os.environ.get("PAGEFIND_BINARY_PATH")


def record(n: int, year: str, title: str | None = None) -> Record:
    text = RECORD.format(title=title or f"Theft {n}", area="Fenland")
    return Record(f"alerts/{n}/index.html", f"key-{n}-{text}", lambda: text, year)


def index(cache: Path, site: Path, records: list[Record]) -> PartedIndex:
    parted = PartedIndex(cache, IndexSettings())
    parted.start(records)
    parted.finish(site)
    return parted


def indexed_urls(bundle: Path) -> set[str]:
    return {fragment["url"] for fragment in bundle_fragments(bundle)}


def test_each_year_is_a_part_and_the_newest_is_the_main_one(tmp_path: Path):
    site = tmp_path / "site"
    parted = index(
        tmp_path / "cache", site, [record(1, "2023"), record(2, "2024"), record(3, "2022")]
    )
    assert bundles(site) == [
        site / "pagefind",
        site / "pagefind/parts/2022",
        site / "pagefind/parts/2023",
    ]
    assert parted.merged == ["pagefind/parts/2023/", "pagefind/parts/2022/"]
    assert indexed_urls(site / "pagefind") == {"/alerts/2/"}
    assert indexed_urls(site / "pagefind/parts/2022") == {"/alerts/3/"}
    entry = json.loads((site / "pagefind" / "parts" / "2023" / "pagefind-entry.json").read_text())
    assert entry["languages"]["en"]["page_count"] == 1


def test_a_change_indexes_its_own_part_again_and_no_other(tmp_path: Path, monkeypatch):
    cache = tmp_path / "cache"
    first = index(cache, tmp_path / "one", [record(1, "2023"), record(2, "2024")])
    assert first.seconds > 0
    # Pagefind cannot run now: only the unchanged 2023 part may be placed, as it was kept.
    monkeypatch.setitem(os.environ, "PAGEFIND_BINARY_PATH", str(tmp_path / "no-pagefind"))
    unchanged = index(cache, tmp_path / "two", [record(1, "2023"), record(2, "2024")])
    assert unchanged.written == 0
    for name in ("pagefind", "pagefind/parts/2023"):
        assert indexed_urls(tmp_path / "two" / name) == indexed_urls(tmp_path / "one" / name)
    if REAL_PAGEFIND is None:
        monkeypatch.delitem(os.environ, "PAGEFIND_BINARY_PATH")
    else:
        monkeypatch.setitem(os.environ, "PAGEFIND_BINARY_PATH", REAL_PAGEFIND)
    changed = PartedIndex(cache, IndexSettings())
    changed.start([record(1, "2023"), record(2, "2024", "Theft in March")], later=True)
    assert changed.parts["2023"].written == 0 and changed.parts["2024"].written == 1
    changed.finish_later(tmp_path / "three", pytest.fail)
    changed.wait_placed()
    assert (tmp_path / "three" / "pagefind" / "parts" / "2023").is_dir()
    assert "Theft in March" in json.dumps(bundle_fragments(tmp_path / "three" / "pagefind"))


def test_a_year_with_no_message_left_is_removed_from_the_cache(tmp_path: Path):
    cache = tmp_path / "cache"
    index(cache, tmp_path / "one", [record(1, "2023"), record(2, "2024")])
    index(cache, tmp_path / "two", [record(2, "2024")])
    assert sorted(p.name for p in (cache / "parts").iterdir()) == ["2024"]
    assert bundles(tmp_path / "two") == [tmp_path / "two" / "pagefind"]


def test_no_message_at_all_gives_an_empty_main_part(tmp_path: Path):
    parted = index(tmp_path / "cache", tmp_path / "site", [])
    assert parted.merged == []
    assert bundle_fragments(tmp_path / "site" / "pagefind") == []
