"""The output cache: keys that tell inputs apart, fingerprints, entries published and pruned."""

from __future__ import annotations

import os
import pickle
from dataclasses import dataclass
from pathlib import Path

from community_alerts.cache import (
    FILE_MODE,
    Fingerprinted,
    OutputCache,
    cache_key,
    job_key,
    make_entries,
    store,
)


def test_a_key_is_the_same_for_the_same_inputs():
    assert cache_key("email", "<p>Body</p>", [1, None]) == cache_key(
        "email", "<p>Body</p>", [1, None]
    )


def test_a_key_tells_apart_inputs_that_would_run_together():
    assert cache_key("ab", "c") != cache_key("a", "bc")
    assert cache_key("1") != cache_key(1)  # a string and the JSON of a number
    assert cache_key(["a"]) != cache_key('["a"]')
    assert cache_key("x", None) != cache_key("x")


@dataclass(frozen=True)
class Options(Fingerprinted):
    areas: dict[str, str]
    days: int = 14


def test_a_fingerprint_stands_for_every_field_and_survives_pickling():
    options = Options({"ely": "Ely"})
    assert options.fingerprint == Options({"ely": "Ely"}).fingerprint
    assert options.fingerprint != Options({"ely": "Ely"}, days=7).fingerprint
    assert options.fingerprint != Options({"ely": "Ely", "soham": "Soham"}).fingerprint
    assert pickle.loads(pickle.dumps(options)).fingerprint == options.fingerprint


def test_an_entry_is_published_by_link_and_an_unused_one_is_pruned(tmp_path: Path):
    folder, site = tmp_path / "cache", tmp_path / "site"
    first = OutputCache(folder)
    for key in ("a1" * 32, "b2" * 32):
        assert not first.has(key, ".html")
        make_entries(folder, key, lambda key=key: {".html": key.encode()})
        first.made_now(key)
    first.save(complete=True)

    second = OutputCache(folder)
    assert second.has("a1" * 32, ".html") and second.size("a1" * 32, ".html") == 64
    # Its folder is made when missing; an existing target is replaced.
    second.publish("a1" * 32, ".html", str(site), "alerts/x/email.html")
    second.publish("a1" * 32, ".html", str(site), "alerts/x/email.html")
    assert (site / "alerts" / "x" / "email.html").read_bytes() == b"a1" * 32
    second.save(complete=False)  # a partial build keeps what it did not use
    assert OutputCache(folder).has("b2" * 32, ".html")
    second.save(complete=True)
    assert not OutputCache(folder).has("b2" * 32, ".html")


def test_a_complete_build_removes_entries_of_the_old_flat_layout(tmp_path: Path):
    folder = tmp_path / "cache"
    make_entries(folder, "c3" * 32, lambda: {".txt": b"kept"})
    (folder / ("d4" * 32 + ".txt")).write_bytes(b"old layout")
    cache = OutputCache(folder)
    assert cache.has("c3" * 32, ".txt")
    cache.save(complete=True)
    assert [p.name for p in folder.rglob("*.txt")] == ["c3" * 32 + ".txt"]


def test_a_stored_file_is_written_whole_and_readable_by_everyone(tmp_path: Path):
    """mkstemp makes its file 0600: published by hard link, a web server running as another
    user could not read it."""
    target = tmp_path / "ab" / "entry.html"
    store(target, b"first")
    linked = tmp_path / "site.html"
    os.link(target, linked)
    store(target, b"second")  # a later build: a new file under the name, never in place
    assert (target.stat().st_mode & 0o777) == FILE_MODE == 0o666 & ~current_umask()
    assert linked.read_bytes() == b"first"
    assert [p.name for p in target.parent.iterdir()] == ["entry.html"]  # no partial left


def current_umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


@dataclass(frozen=True)
class Job:
    options: Options
    body: str
    replaced: tuple[Options, ...] = ()


def test_a_job_key_stands_for_the_renderer_and_every_input_however_deep():
    job = Job(Options({"ely": "Ely"}), "<p>Body</p>")
    assert job_key(len, job) == job_key(len, Job(Options({"ely": "Ely"}), "<p>Body</p>"))
    assert job_key(len, job) != job_key(repr, job)  # another renderer
    for other in (
        Job(Options({"ely": "Ely"}, days=7), "<p>Body</p>"),
        Job(Options({"ely": "Ely"}), "<p>Other</p>"),
        Job(Options({"ely": "Ely"}), "<p>Body</p>", replaced=(Options({}),)),
    ):
        assert job_key(len, job) != job_key(len, other)
