"""Safe publishing: a failed build never touches the published site.

The swap helpers are tested directly; the plugin through real `mkdocs build`
runs of a fixture site, hashing every file of `site/` before and after.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from community_alerts.publish.swap import discard, replace_with, staging_dir_for
from sitebuild import alert, snapshot


def leftovers(root: Path) -> list[str]:
    """Anything beside the site folder that a build should not leave behind."""
    return sorted(
        p.name
        for p in root.iterdir()
        if p.name not in ("content", "overrides", "mkdocs.yml", "site", ".cache")
    )


# ------------------------------------------------------------------ swap


def make_tree(folder: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text)


def test_staging_dir_is_beside_the_site(tmp_path):
    assert staging_dir_for(tmp_path / "site") == tmp_path / "site.staging"


def test_replace_with_swaps_in_the_new_site_and_removes_the_old(tmp_path):
    site, staging = tmp_path / "site", tmp_path / "site.staging"
    make_tree(site, {"index.html": "old", "gone/index.html": "old"})
    make_tree(staging, {"index.html": "new", "new/index.html": "new"})
    replace_with(site, staging)
    assert snapshot(site).keys() == {"index.html", "new", "new/index.html"}
    assert (site / "index.html").read_text() == "new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_replace_with_when_there_is_no_site_yet(tmp_path):
    site, staging = tmp_path / "site", tmp_path / "site.staging"
    make_tree(staging, {"index.html": "new"})
    replace_with(site, staging)
    assert (site / "index.html").read_text() == "new"
    assert not staging.exists()


def test_replace_with_failure_puts_the_old_site_back(tmp_path):
    site = tmp_path / "site"
    make_tree(site, {"index.html": "old"})
    before = snapshot(site)
    with pytest.raises(OSError):
        replace_with(site, tmp_path / "missing.staging")
    assert snapshot(site) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_discard(tmp_path):
    staging = tmp_path / "site.staging"
    make_tree(staging, {"a/b.html": "x"})
    discard(staging)
    assert not staging.exists()
    discard(staging)  # already gone: no error


# ---------------------------------------------------------- real builds


def test_failed_builds_leave_the_published_site_byte_for_byte(fixture_site):
    root = fixture_site.root
    fixture_site.write("alerts/first.md", alert(title="First published alert"))
    first = fixture_site.build()
    assert first.returncode == 0, first.output
    before = snapshot(root / "site")
    assert "alerts/first/index.html" in before

    # The same content again: same bytes (SOURCE_DATE_EPOCH is fixed).
    again = fixture_site.build()
    assert again.returncode == 0, again.output
    assert snapshot(root / "site") == before
    assert leftovers(root) == []

    # 1. An error in the content.
    fixture_site.write("alerts/bad.md", alert(title="Second alert", category="thef"))
    failed = fixture_site.build()
    assert failed.returncode != 0
    assert snapshot(root / "site") == before
    assert leftovers(root) == []
    assert "Traceback" not in failed.output

    # 2. The same error in a normal (not strict) build.
    failed = fixture_site.build(strict=False)
    assert failed.returncode != 0
    assert snapshot(root / "site") == before
    assert leftovers(root) == []

    # 3. Only a warning, which --strict escalates after the whole site was written.
    fixture_site.write("alerts/bad.md", alert(title="Second alert", sumary="x"))
    failed = fixture_site.build()
    assert failed.returncode != 0
    assert "Aborted with 1 warnings in strict mode" in failed.output
    assert snapshot(root / "site") == before
    assert leftovers(root) == []

    # 4. A warning of MkDocs' own (a link to a heading that is not there, with MkDocs told
    # to warn of those), escalated by --strict. (A link to a missing file is the content
    # check's: core/links.py.)
    config = root / "mkdocs.yml"
    config.write_text(config.read_text().replace("validation:\n", "validation:\n  anchors: warn\n"))
    fixture_site.write("alerts/bad.md", alert(title="Second alert") + "\n[see](#nowhere)\n")
    failed = fixture_site.build()
    assert failed.returncode != 0, failed.output
    assert "there is no such anchor on this page" in failed.output
    assert snapshot(root / "site") == before
    assert leftovers(root) == []

    # A successful build replaces the site.
    fixture_site.write("alerts/bad.md", alert(title="Second alert"))
    os.remove(root / "content" / "alerts" / "first.md")
    done = fixture_site.build()
    assert done.returncode == 0, done.output
    after = snapshot(root / "site")
    assert "alerts/bad/index.html" in after
    assert "alerts/first/index.html" not in after
    assert "First published alert" not in (root / "site/alerts/index.html").read_text()
    assert leftovers(root) == []


def test_a_failed_first_build_creates_no_site(fixture_site):
    fixture_site.write("alerts/bad.md", alert(category="thef"))
    build = fixture_site.build()
    assert build.returncode != 0
    assert not (fixture_site.root / "site").exists()
    assert leftovers(fixture_site.root) == []


def test_a_stale_staging_folder_from_a_killed_build_is_not_published(fixture_site):
    root = fixture_site.root
    make_tree(root / "site.staging", {"stale.html": "left by a killed build"})
    fixture_site.write("alerts/a.md", alert())
    build = fixture_site.build()
    assert build.returncode == 0, build.output
    assert not (root / "site" / "stale.html").exists()
    assert leftovers(root) == []
