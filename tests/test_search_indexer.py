"""The search indexer runs the Pagefind program and reads its bundle only once the program
has exited with code 0 and the bundle has been checked whole: complete, byte-identical
from run to run, readable by everyone, no Pagefind left behind by a killed build, and one
clear line when Pagefind fails. No test here depends on how fast anything runs."""

from __future__ import annotations

import gzip
import json
import os
import signal
import stat
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from community_alerts.search.canonical import SIGNATURE, _decode
from community_alerts.search.indexer import (
    BackgroundIndex,
    IndexingFailed,
    IndexSettings,
    Record,
)

RECORD = (
    '<html lang="en"><head><title>{title}</title></head><body data-pagefind-body>'
    '<h1>{title}</h1><p data-pagefind-filter="area">{area}</p>'
    '<p data-pagefind-filter="section">Alert</p>'
    "<p>{title}: tools were taken from vans overnight near {area}.</p></body></html>"
)
AREAS = ("Fenland", "Cambridge", "Peterborough", "Huntingdonshire", "Ely", "March")


def records(count: int = 6) -> list[Record]:
    """Messages in several areas: filter values that Pagefind writes in a random order."""
    return [
        Record(
            f"alerts/{n}/index.html",
            f"key-{n}",
            lambda n=n: RECORD.format(title=f"Theft {n}", area=AREAS[n % len(AREAS)]),
        )
        for n in range(count)
    ]


def build(cache: Path, site: Path, items: list[Record] | None = None) -> BackgroundIndex:
    index = BackgroundIndex(cache, IndexSettings())
    index.start(records() if items is None else items)
    index.finish(site)
    return index


def files(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def decoded(path: Path):
    """A gzipped file of the bundle: JSON (fragments) or CBOR (the rest) after the signature."""
    data = gzip.decompress(path.read_bytes())
    assert data.startswith(SIGNATURE), path
    if path.suffix == ".pf_fragment":
        return json.loads(data[len(SIGNATURE) :])
    value, end = _decode(data, len(SIGNATURE))
    assert end == len(data), path
    return value


def fake_pagefind(folder: Path, monkeypatch: pytest.MonkeyPatch, script: str) -> Path:
    """A program run in Pagefind's place: its arguments are --site S --output-path O ..."""
    program = folder / "fake-pagefind"
    program.write_text("#!/bin/sh\n" + textwrap.dedent(script))
    program.chmod(program.stat().st_mode | stat.S_IXUSR)
    monkeypatch.setitem(os.environ, "PAGEFIND_BINARY_PATH", str(program))
    return program


def failure(tmp_path: Path, timeout: float = 600) -> str:
    index = BackgroundIndex(tmp_path / "cache", IndexSettings(timeout=timeout))
    index.start(records(2))
    with pytest.raises(IndexingFailed) as failed:
        index.finish(tmp_path / "site")
    assert not (tmp_path / "site" / "pagefind").exists()
    assert not list((tmp_path / "cache").glob(".bundle-*"))  # nothing half made is left
    return str(failed.value)


def test_the_bundle_is_whole_every_file_named_is_there(tmp_path: Path):
    index = build(tmp_path / "cache", tmp_path / "site")
    bundle = tmp_path / "site" / "pagefind"
    entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert list(entry["languages"]) == ["en"]
    language = entry["languages"]["en"]
    assert language["page_count"] == 6 == index.pages
    assert index.written == 6 and index.seconds > 0
    meta = decoded(bundle / f"pagefind.{language['hash']}.pf_meta")
    _, pages, chunks, filters = meta[:4]
    named = (
        {f"fragment/{fragment}.pf_fragment" for fragment, _ in pages}
        | {f"index/{chunk[2]}.pf_index" for chunk in chunks}
        | {f"filter/{chunk}.pf_filter" for _, chunk in filters}
    )
    assert len(pages) == 6 and {name for name, _ in filters} == {"area", "section"}
    present = set(files(bundle))
    assert named <= present
    # Nothing beyond what is named, the language's WebAssembly and Pagefind's scripts.
    chunk_files = {name for name in present if "/" in name}
    assert chunk_files == named
    for name in (
        "pagefind.js",
        "pagefind-worker.js",
        "pagefind-component-ui.js",
        "wasm.en.pagefind",
    ):
        assert (bundle / name).stat().st_size > 0
    for name in named:
        decoded(bundle / name)  # each one whole: gzip checks its length and CRC
    fragment = decoded(bundle / f"fragment/{pages[0][0]}.pf_fragment")
    assert fragment["url"].startswith("/alerts/") and "vans" in fragment["content"]


def test_two_runs_give_the_same_bytes(tmp_path: Path):
    one = build(tmp_path / "one", tmp_path / "site-one")
    other = build(tmp_path / "other", tmp_path / "site-other")
    assert one.pages == other.pages == 6
    assert files(tmp_path / "site-one" / "pagefind") == files(tmp_path / "site-other" / "pagefind")


def test_no_message_gives_an_index_of_no_page(tmp_path: Path):
    """Pagefind refuses a folder without pages; the search page still needs its scripts."""
    index = build(tmp_path / "cache", tmp_path / "site", items=[])
    bundle = tmp_path / "site" / "pagefind"
    entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert entry["languages"] == {} and index.pages == 0
    assert (bundle / "pagefind-component-ui.js").is_file()
    assert not (bundle / "fragment").exists() and not list(bundle.glob("*.pf_meta"))


def test_every_file_and_folder_is_readable_by_everyone(tmp_path: Path):
    previous = os.umask(0o022)
    try:
        build(tmp_path / "cache", tmp_path / "site")
    finally:
        os.umask(previous)
    for folder in (tmp_path / "site" / "pagefind", tmp_path / "cache"):
        found = [folder, *folder.rglob("*")]
        assert len(found) > 20
        modes = {
            path.relative_to(tmp_path).as_posix(): stat.S_IMODE(path.stat().st_mode)
            for path in found
        }
        expected = {
            path.relative_to(tmp_path).as_posix(): 0o755 if path.is_dir() else 0o644
            for path in found
        }
        assert modes == expected
    assert not list((tmp_path / "cache").rglob(".partial-*"))  # records written whole


@pytest.mark.skipif(sys.platform != "linux", reason="the parent-death signal is Linux's")
def test_a_killed_build_leaves_no_pagefind_behind(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    fake_pagefind(tmp_path, monkeypatch, "exec sleep 600\n")  # one that would outlive us
    build_script = textwrap.dedent(f"""
        import time
        from pathlib import Path
        from community_alerts.search.indexer import IndexSettings, Record
        from community_alerts.search.parts import PartedIndex
        index = PartedIndex(Path({str(tmp_path / "cache")!r}), IndexSettings())
        index.start([Record("alerts/a/index.html", "k", lambda: "<html></html>", "2024")])
        time.sleep(600)
    """)
    build = subprocess.Popen([sys.executable, "-c", build_script])
    pagefind = None
    try:
        deadline = time.monotonic() + 60  # a bound for a loaded machine, not a measure
        while pagefind is None:
            assert build.poll() is None, "the build ended by itself"
            assert time.monotonic() < deadline, "Pagefind was never started"
            pagefind = next(iter(children(build.pid)), None)
            time.sleep(0.05)
        build.send_signal(signal.SIGKILL)
        build.wait()
        deadline = time.monotonic() + 10
        while alive(pagefind):
            assert time.monotonic() < deadline, "Pagefind outlived the killed build"
            time.sleep(0.05)
    finally:
        if build.poll() is None:
            build.kill()
            build.wait()
        if pagefind is not None and alive(pagefind):
            os.kill(pagefind, signal.SIGKILL)


def children(parent: int) -> list[int]:
    """The processes whose parent is `parent`, from /proc."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:  # it has just ended
                continue
            if int(fields[1]) == parent:
                found.append(int(entry.name))
    return found


def alive(pid: int) -> bool:
    """Running: not ended, and not a zombie that nobody has reaped yet."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state not in ("Z", "X")


def test_a_failing_pagefind_fails_in_one_clear_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    fake_pagefind(
        tmp_path,
        monkeypatch,
        """
        echo "Running Pagefind v9"
        echo "Error: the output folder is on fire" >&2
        echo "Error: the output folder is on fire" >&2
        exit 3
    """,
    )
    assert failure(tmp_path) == (
        "the Pagefind program failed with exit code 3: the output folder is on fire"
    )


def test_a_silent_failure_gives_its_exit_code(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    fake_pagefind(tmp_path, monkeypatch, "exit 3\n")
    assert failure(tmp_path) == "the Pagefind program failed with exit code 3"


def test_pagefind_that_cannot_write_its_output_fails_clearly(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    """The real program, given an output path it cannot create, panics (exit code 101)."""
    from community_alerts.search import indexer

    real = indexer._program()
    fake_pagefind(
        tmp_path,
        monkeypatch,
        f"""
        exec {real} --site "$2" --output-path /proc/no-such-folder/pagefind --quiet
    """,
    )
    message = failure(tmp_path)
    assert message.startswith("the Pagefind program failed with exit code 101: ")
    assert "\n" not in message and "No such file or directory" in message


def test_a_program_that_exits_before_its_bundle_is_written_is_caught(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    """Exit code 0 and an empty entry file, as the Python API's service once gave."""
    fake_pagefind(
        tmp_path,
        monkeypatch,
        """
        mkdir -p "$4/fragment" && : > "$4/pagefind-entry.json"
    """,
    )
    message = failure(tmp_path)
    assert message.startswith(
        "Pagefind exited without error, but its index is incomplete: pagefind-entry.json in "
    )
    assert message.endswith(" is empty") and "version" not in message


def test_a_bundle_with_a_file_missing_is_caught(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    build(tmp_path / "whole", tmp_path / "whole-site")
    whole = tmp_path / "whole-site" / "pagefind"
    fake_pagefind(
        tmp_path,
        monkeypatch,
        f"""
        cp -R {whole}/. "$4" && rm "$4/pagefind-worker.js" && : > "$4/pagefind.js"
    """,
    )
    message = failure(tmp_path)
    assert "2 of the " in message and "missing or empty: pagefind.js, pagefind-worker.js" in message
    assert "version" not in message


def test_a_pagefind_that_hangs_is_stopped_at_the_timeout(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    fake_pagefind(tmp_path, monkeypatch, "exec sleep 600\n")
    assert failure(tmp_path, timeout=0.5) == (
        "Pagefind took more than 0.5 seconds, and was stopped"
    )


def test_a_missing_program_is_named(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setitem(os.environ, "PAGEFIND_BINARY_PATH", str(tmp_path / "no-such-pagefind"))
    assert failure(tmp_path) == (
        "the Pagefind program could not be run (No such file or directory: "
        f"{tmp_path / 'no-such-pagefind'})"
    )
