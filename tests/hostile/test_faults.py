"""Faults: a build killed at any moment, a full disk, an output folder that cannot be written.

Whatever happens, the published `site/` stays complete and byte for byte as it
was, the message is one line naming the folder and the reason (no traceback),
and the next good build publishes and cleans up.
"""

from __future__ import annotations

import os
import resource
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from community_alerts.publish.swap import previous_dir_for, recover, staging_dir_for
from hostile_tools import leftovers
from sitebuild import FIXED_NOW, REPO, Build, FixtureSite, alert, snapshot

PARAGRAPH = (
    "Officers are asking residents to check their sheds and outbuildings after a "
    "run of break-ins. Mark your tools, fit a good lock and report anything odd. "
)


def environment() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    env.update(NO_MKDOCS_2_WARNING="1", SOURCE_DATE_EPOCH=str(FIXED_NOW))
    return env


def command(*args: str) -> list[str]:
    return [sys.executable, "-m", "mkdocs", "build", "--strict", *args]


def run(root: Path, *args: str, **popen) -> Build:
    done = subprocess.run(
        command(*args),
        cwd=root,
        env=environment(),
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        **popen,
    )
    return Build(root, done.returncode, done.stdout + done.stderr)


def write_many(site: FixtureSite, count: int, tag: str) -> None:
    """`count` messages across the three sections, each with a few paragraphs."""
    body = "\n\n".join([PARAGRAPH] * 4)
    for n in range(count):
        day = 1 + n % 28
        if n % 5 < 3:
            site.write(
                f"alerts/gen/a{n:03d}.md",
                alert(
                    title=f"{tag} alert {n}",
                    date=f"2024-05-{day:02d}T09:00",
                    areas=f"[{('cambridge', 'fenland', 'peterborough')[n % 3]}]",
                )
                + body,
            )
        elif n % 5 == 3:
            site.write(
                f"guides/gen/g{n:03d}.md",
                f"---\ntitle: {tag} guide {n}\ndate: 2024-04-{day:02d}\n---\n\n{body}\n",
            )
        else:
            site.write(
                f"court-news/gen/c{n:03d}.md",
                f"---\ntitle: {tag} court {n}\ndate: 2024-05-{day:02d}\ncases:\n"
                f"  - headline: Case {n}\n    url: https://example.org/{n}\n---\n\n{body}\n",
            )


def error_line(build: Build) -> str:
    [line] = [line for line in build.output.splitlines() if line.startswith("Error: ")]
    return line


# ------------------------------------------------------------------ killed builds

# Kill points are moments the build reaches, seen by a file it writes (never seconds, which
# a busy machine stretches): the content loaded and kept (before any staging folder), the
# search records written (Pagefind starts), the first static asset copied, a page half-way
# through the pages, then, in on_post_build, the site feed and the emails' index. Nothing
# later: a kill that lands once the new site has been swapped in finds it published, whole
# (bench/stress.py tells those apart).
KILL_POINTS = [
    ".cache/plugin/alerts/content/items.pickle",
    ".cache/plugin/alerts/search/parts/*/records.json",  # a part of the index: any year
    "site.staging/assets/stylesheets",
    "site.staging/alerts/gen/a100/index.html",
    "site.staging/rss.xml",
    "site.staging/email/index.html",
]


@pytest.fixture(scope="module")
def big_site(tmp_path_factory):
    site = FixtureSite(tmp_path_factory.mktemp("killed"))
    write_many(site, 200, "First")
    build = site.build()
    assert build.returncode == 0, build.output
    return site


def kill_build(root: Path, when: str) -> None:
    """Start a build and SIGKILL it once a file `when` names (a pattern, relative to `root`)
    exists; then every process the build had started must end by itself."""
    shutil.rmtree(root / ".cache", ignore_errors=True)  # every email is rendered afresh
    # The last killed build's staging folder would look like progress of this one. (The
    # good build after the kills shows that the product removes a leftover itself.)
    shutil.rmtree(staging_dir_for(root / "site"), ignore_errors=True)
    log = root / "killed-build.log"
    with log.open("w") as output:
        process = subprocess.Popen(
            command(), cwd=root, env=environment(), stdout=output, stderr=subprocess.STDOUT
        )
    try:
        while not any(root.glob(when)):
            assert process.poll() is None, f"the build ended before {when}:\n{log.read_text()}"
            time.sleep(0.002)
        started = descendants(process.pid)
        process.send_signal(signal.SIGKILL)
    finally:
        process.wait(timeout=60)
    assert process.returncode == -signal.SIGKILL
    assert still_running(started, within=10) == [], f"killed at {when}"


def descendants(pid: int) -> list[int]:
    """The processes `pid` started, and theirs (from /proc)."""
    parents = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:  # it has just ended
                continue
            parents[int(entry.name)] = int(stat.rsplit(")", 1)[1].split()[1])
    found, frontier = [], [pid]
    while frontier:
        children = [child for child, parent in parents.items() if parent in frontier]
        found += children
        frontier = children
    return found


def still_running(pids: list[int], within: float) -> list[str]:
    """Those of `pids` that have not ended `within` seconds (a zombie has ended: only its
    parent's record of it is left)."""
    deadline = time.monotonic() + within
    while True:
        running = []
        for pid in pids:
            try:
                stat = Path(f"/proc/{pid}/stat").read_text()
            except OSError:
                continue
            if stat.rsplit(")", 1)[1].split()[0] != "Z":
                running.append(stat.split(")", 1)[0] + ")")
        if not running or time.monotonic() > deadline:
            return running
        time.sleep(0.05)


@pytest.mark.skipif(sys.platform != "linux", reason="reads the process tree from /proc")
def test_a_killed_build_leaves_the_site_as_it_was_and_the_next_build_publishes(big_site):
    root = big_site.root
    before = snapshot(root / "site")
    assert len(before) > 1000
    # Different content, so a wrongly published killed build would show.
    write_many(big_site, 200, "Second")
    big_site.write("alerts/kill-marker.md", alert(title="Kill marker"))
    for when in KILL_POINTS:
        kill_build(root, when)
        now = snapshot(root / "site")
        changed = sorted(
            path for path in before.keys() | now.keys() if before.get(path) != now.get(path)
        )
        assert changed == [], f"killed at {when}"
    assert staging_dir_for(root / "site").exists()  # left by the last kill
    after = run(root)
    assert after.returncode == 0, after.output
    assert "Traceback" not in after.output
    assert (root / "site/alerts/kill-marker/index.html").is_file()
    assert "Second alert 0" in (root / "site/alerts/gen/a000/index.html").read_text()
    assert leftovers(root) == []


def test_a_build_killed_between_the_two_renames_of_the_swap_is_recovered(tmp_path):
    """Killed after the old site moved aside and before the new one moved in: there is no
    site/, the old one is in site.previous. The next build puts it back first."""
    site = FixtureSite(tmp_path)
    site.write("alerts/a.md", alert(title="Published alert"))
    assert site.build().returncode == 0
    before = snapshot(tmp_path / "site")
    previous = previous_dir_for(tmp_path / "site")
    os.replace(tmp_path / "site", previous)
    (tmp_path / "site.staging").mkdir()
    (tmp_path / "site.staging" / "half.html").write_text("half written")
    assert recover(tmp_path / "site") is True
    assert snapshot(tmp_path / "site") == before and not previous.exists()
    # Killed while removing site.previous, after the new site moved in.
    shutil.copytree(tmp_path / "site", previous)
    assert recover(tmp_path / "site") is False
    assert not previous.exists() and snapshot(tmp_path / "site") == before
    # And through a real build: a failing build still finds the old site put back.
    os.replace(tmp_path / "site", previous)
    site.write("alerts/bad.md", alert(category="thef"))
    failed = site.build()
    assert failed.returncode != 0 and "Traceback" not in failed.output
    assert "the published site was put back" in failed.output
    assert snapshot(tmp_path / "site") == before
    assert leftovers(tmp_path) == []


# ------------------------------------------------------------------ unwritable output


@pytest.fixture(scope="module")
def small_site(tmp_path_factory):
    site = FixtureSite(tmp_path_factory.mktemp("disk"))
    site.write("alerts/a.md", alert(title="Published alert"))
    build = site.build()
    assert build.returncode == 0, build.output
    return site


def test_a_file_where_the_output_folder_should_be(small_site):
    """As root, chmod stops nothing; a regular file in the path stops even root (ENOTDIR)."""
    root = small_site.root
    (root / "blocker").write_text("not a folder")
    try:
        build = run(root, "-d", str(root / "blocker" / "site"))
        assert build.returncode != 0
        assert "Traceback" not in build.output
        line = error_line(build)
        assert f"could not be written to {root / 'blocker' / 'site'}: Not a directory" in line
        assert "was left as it was" in line
        assert (root / "blocker").read_text() == "not a folder"
    finally:
        (root / "blocker").unlink()


def test_an_output_folder_that_cannot_exist(small_site):
    """/proc refuses new folders even to root (ENOENT)."""
    build = run(small_site.root, "-d", "/proc/community-alerts-test/site")
    assert build.returncode != 0
    assert "Traceback" not in build.output
    line = error_line(build)
    assert (
        "could not be written to /proc/community-alerts-test/site: No such file or directory"
    ) in line


def limit_file_size(limit: int):
    def apply() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return apply


def test_a_write_that_fails_mid_build_leaves_the_site_and_cleans_up(small_site):
    """A file-size limit makes a large write fail (EFBIG) part-way through the build, as a
    full disk would, and works for any user."""
    root = small_site.root
    before = snapshot(root / "site")
    small_site.write("alerts/b.md", alert(title="Second alert"))
    try:
        build = run(root, preexec_fn=limit_file_size(50_000))
        assert build.returncode != 0
        assert "Traceback" not in build.output
        line = error_line(build)
        assert f"could not be written to {root / 'site'}: File too large" in line
        assert "free some disk space" in line
        assert snapshot(root / "site") == before
        assert leftovers(root) == []
    finally:
        (root / "content/alerts/b.md").unlink()


def mount_tmpfs(folder: Path, size: int) -> bool:
    folder.mkdir()
    if os.geteuid() != 0 or shutil.which("mount") is None:
        return False
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)],
        capture_output=True,
        check=False,
    )
    return done.returncode == 0


def test_a_full_disk(small_site, tmp_path):
    """A real ENOSPC: a tmpfs big enough for one site but not for the site and its next build."""
    root = small_site.root
    size = sum(p.stat().st_size for p in (root / "site").rglob("*") if p.is_file())
    disk = tmp_path / "disk"
    if not mount_tmpfs(disk, int(size * 1.5)):
        pytest.skip("cannot mount a small tmpfs here (needs root and CAP_SYS_ADMIN)")
    try:
        target = disk / "site"
        first = run(root, "-d", str(target))
        assert first.returncode == 0, first.output
        before = snapshot(target)
        small_site.write("alerts/b.md", alert(title="Second alert"))
        build = run(root, "-d", str(target))
        (root / "content/alerts/b.md").unlink()
        assert build.returncode != 0
        assert "Traceback" not in build.output
        line = error_line(build)
        assert f"could not be written to {target}: No space left on device" in line
        assert snapshot(target) == before
        assert sorted(p.name for p in disk.iterdir()) == ["site"]  # staging removed
    finally:
        subprocess.run(["umount", str(disk)], check=False)


def test_repo_untouched_by_fault_tests():
    """The fault tests build only in temporary folders."""
    assert not (REPO / "site.staging").exists()
