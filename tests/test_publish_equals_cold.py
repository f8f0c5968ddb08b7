"""A publish (a build over the last build's site and caches) gives the same bytes as a cold
build of the same content at the same moment: a new alert, an edited old one, a
withdrawal, and alerts that expired since, over a generated archive (issue 19's proof of
the one cache contract)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from sitebuild import FIXED_NOW, FixtureSite, alert, snapshot
from test_scale_shape import generated_site

THREE_DAYS = 3 * 24 * 3600  # long enough for some alerts of the archive to expire


def changed(site: FixtureSite) -> None:
    content = site.root / "content"
    old = sorted((content / "alerts").rglob("*.md"))
    edited, withdrawn = old[3], old[7]
    edited.write_text(
        edited.read_text(encoding="utf-8").replace("\n\n", "\n\nEdited: a new first line.\n\n", 1),
        encoding="utf-8",
    )
    target = withdrawn.relative_to(content).with_suffix("").as_posix()
    site.write(
        "alerts/2024/new-alert.md",
        alert(title="Rogue traders in Ely", date="2024-06-02T10:00", severity="urgent"),
    )
    site.write(
        "alerts/2024/withdrawn.md",
        alert(
            title="Withdrawn",
            date="2024-06-03T10:00",
            status="cancel",
            supersedes=f'"{target}"',
        ),
    )


def test_a_publish_gives_the_bytes_of_a_cold_build(tmp_path: Path):
    published = generated_site(tmp_path / "published", 120)
    first = published.build("--verbose")
    assert first.returncode == 0, first.output
    expired_before = expired_alerts(first.site)
    changed(published)
    later = FIXED_NOW + THREE_DAYS
    publish = published.build("--verbose", now=later)
    assert publish.returncode == 0, publish.output
    # The publish took most pages from the first build (reuse.py) and rendered the rest.
    reused, rendered = pages_reused(publish.output)
    assert reused > 100 and rendered > 5, publish.output[-2000:]

    (tmp_path / "cold").mkdir()
    cold = FixtureSite(tmp_path / "cold")
    shutil.rmtree(cold.root / "content")
    shutil.copytree(published.root / "content", cold.root / "content")
    built = cold.build(now=later)
    assert built.returncode == 0, built.output

    ours, theirs = snapshot(published.root / "site"), snapshot(cold.root / "site")
    differ = sorted(
        path for path in ours.keys() | theirs.keys() if ours.get(path) != theirs.get(path)
    )
    assert differ == [], differ[:20]
    # What the publish had to get right: each kind of change is in it.
    assert "alerts/2024/new-alert/index.html" in ours
    assert expired_alerts(published.root / "site") > expired_before
    pages = published.root / "site" / "alerts"
    assert "Edited: a new first line." in "".join(
        page.read_text(encoding="utf-8") for page in pages.rglob("index.html")
    )
    assert "was withdrawn on" in "".join(
        page.read_text(encoding="utf-8") for page in pages.rglob("index.html")
    )


def pages_reused(output: str) -> tuple[int, int]:
    """The pages a build used again and those it rendered, from its `--verbose` line."""
    found = re.search(r"Pages: (\d+) used again, (\d+) rendered", output)
    assert found, output[-2000:]
    return int(found[1]), int(found[2])


def expired_alerts(site: Path) -> int:
    return sum(
        "ca-notice--expired" in page.read_text(encoding="utf-8")
        for page in (site / "alerts").rglob("index.html")
    )
