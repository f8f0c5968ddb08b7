"""Every file of the published site can be read by anyone: a web server seldom runs as the
user who built the site.

Built under umask 022, every file of `site/` must be 0644 and every folder 0755, for the
first build and for a second one that reuses the caches (it publishes files kept in
`.cache/`, written through temporary files that are made private, 0600). When the tests
run as root, every file is also read by the user "nobody", which proves what the mode
bits only suggest.
"""

from __future__ import annotations

import json
import os
import stat
import traceback
from pathlib import Path

import pytest
from sitebuild import FixtureSite, alert

NOBODY = 65534  # uid and gid of "nobody" (and of "nogroup") on Debian and most Linux
FILE_MODE, FOLDER_MODE = 0o644, 0o755


def build(root: Path, times: int) -> Path:
    """A small site with a message of each kind, built `times` times; its site folder."""
    site = FixtureSite(root)
    site.write("alerts/2024/van-thefts.md", alert())
    site.write("alerts/2024/bike-thefts.md", alert("Bike thefts", "2024-05-29T09:00"))
    site.write(
        "court-news/2024/week-22.md",
        """
        ---
        title: Court news, week 22
        date: 2024-05-31
        cases:
          - headline: Burglar jailed
            url: https://www.example.org/news/1
        ---
        """,
    )
    site.write(
        "guides/locks.md",
        """
        ---
        title: Choosing good locks
        date: 2024-03-02
        ---

        Fit locks to British Standard BS 3621.
        """,
    )
    for _ in range(times):
        done = site.build()
        assert done.returncode == 0, done.output
    return done.site


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The site folder after one build, and after a second build of another copy."""
    previous = os.umask(0o022)  # the builds inherit it: files 0644, folders 0755 expected
    try:
        return {
            "first build": build(tmp_path_factory.mktemp("first"), 1),
            "second build": build(tmp_path_factory.mktemp("second"), 2),
        }
    finally:
        os.umask(previous)


BUILDS = ["first build", "second build"]


@pytest.mark.parametrize("which", BUILDS)
def test_modes_let_others_read(sites: dict[str, Path], which: str) -> None:
    wrong = {}
    for path in sorted(sites[which].rglob("*")):
        mode = stat.S_IMODE(path.lstat().st_mode)
        expected = FOLDER_MODE if path.is_dir() else FILE_MODE
        if mode != expected:
            wrong[path.relative_to(sites[which]).as_posix()] = f"{mode:04o}, not {expected:04o}"
    assert not wrong, f"{which}: {len(wrong)} modes are wrong:\n" + "\n".join(
        f"  {path}: {mode}" for path, mode in wrong.items()
    )


@pytest.mark.skipif(
    os.geteuid() != 0,
    reason="reading as another user needs root, to switch "
    "to 'nobody'; the modes are still checked by test_modes_let_others_read",
)
@pytest.mark.parametrize("which", BUILDS)
def test_nobody_can_read_every_file(sites: dict[str, Path], which: str) -> None:
    unreadable = read_everything_as(NOBODY, NOBODY, sites[which])
    assert not unreadable, f"{which}: 'nobody' cannot read {len(unreadable)} paths:\n" + (
        "\n".join(f"  {line}" for line in unreadable)
    )


def read_everything_as(uid: int, gid: int, folder: Path) -> list[str]:
    """Walk `folder` and read each file in a child process running as `uid`/`gid`; the
    paths it could not read or list, each with its error.

    A fork, not a new program: the venv's interpreter may sit in a folder the other user
    cannot enter (/root), which would fail for a reason that has nothing to do with the
    site. The child enters `folder` while still root, as the folders above it (pytest's
    0700 temporary folder) are none of the site's business.
    """
    reader, writer = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never returns into pytest
        code = 1
        try:
            os.close(reader)
            os.chdir(folder)
            os.setgroups([])
            os.setgid(gid)
            os.setuid(uid)
            report = json.dumps(_read_tree(".")).encode("utf-8")
            code = 0
        except BaseException:  # noqa: BLE001 (reported to the parent, which fails the test)
            report = json.dumps(["(the reader failed) " + traceback.format_exc()]).encode()
        finally:
            with os.fdopen(writer, "wb") as output:
                output.write(report)
            os._exit(code)
    os.close(writer)
    with os.fdopen(reader, "rb") as source:  # read before waiting: the report may be large
        report = source.read()
    _, status = os.waitpid(pid, 0)
    problems = json.loads(report or b'["(no report from the reader)"]')
    if os.waitstatus_to_exitcode(status) != 0:
        pytest.fail("\n".join(problems))
    return problems


def _read_tree(top: str) -> list[str]:
    problems: list[str] = []
    for here, _, files in os.walk(
        top,
        onerror=lambda error: problems.append(
            f"{os.path.normpath(error.filename)}/ cannot be listed: {error.strerror}"
        ),
    ):
        for name in files:
            path = os.path.normpath(os.path.join(here, name))
            try:
                with open(path, "rb") as file:
                    while file.read(1 << 16):
                        pass
            except OSError as error:
                problems.append(f"{path}: {error.strerror}")
    return sorted(problems)
