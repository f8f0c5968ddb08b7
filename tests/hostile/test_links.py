"""Symbolic links in the content: git stores them and MkDocs follows them, so a committed
link to /proc/self/environ or /etc/passwd would publish that file. Every link, to a file or
to a folder, inside or outside the content, stops the build with one line naming it and
what to do; `alerts check` says the same; the published site is left as it was."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hostile_tools import alerts_check
from sitebuild import FixtureSite, alert, snapshot

FIX = "links are never published: put the file itself here instead, or remove the link."


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> FixtureSite:
    site = FixtureSite(tmp_path_factory.mktemp("links"))
    site.write("alerts/a.md", alert(title="Published alert"))
    build = site.build()
    assert build.returncode == 0, build.output
    return site


def outside(root: Path) -> Path:
    """A folder of secrets beside the site, which a link must never publish."""
    folder = root / "secrets"
    folder.mkdir(exist_ok=True)
    (folder / "token.md").write_text(alert(title="SECRET-TOKEN"), encoding="utf-8")
    return folder


@pytest.mark.parametrize(
    ("link", "target"),
    [
        ("alerts/environ.md", lambda root: Path("/proc/self/environ")),
        ("alerts/passwd.md", lambda root: Path("/etc/passwd")),
        ("alerts/token.md", lambda root: outside(root) / "token.md"),
        ("alerts/2024", lambda root: outside(root)),  # a folder outside
        ("alerts/loop", lambda root: root / "content" / "alerts"),  # a folder that loops
        ("alerts/picture.png", lambda root: root / "content" / "alerts" / "a.md"),
        ("notes", lambda root: outside(root)),  # beside the sections
    ],
)
def test_a_link_stops_the_build_and_check_in_one_line(published, link, target):
    root = published.root
    before = snapshot(root / "site")
    path = root / "content" / link
    os.symlink(target(root), path)
    try:
        build = published.build()
        check = alerts_check(root)
    finally:
        path.unlink()
    expected = f"{link}: this is a link to {target(root)}; {FIX}"
    assert build.returncode != 0
    assert expected in build.output.splitlines()
    assert "Traceback" not in build.output and "SECRET-TOKEN" not in build.output
    assert snapshot(root / "site") == before
    assert check.returncode == 1
    assert expected in check.stdout.splitlines()
    assert "SECRET-TOKEN" not in check.stdout
