"""Same content, same bytes; and "now" decides what is published, not the order of builds.

The project's own sample content is built in two checkouts at different paths
(and the first twice, the second time from its email cache) with the same
SOURCE_DATE_EPOCH: every file of every `site/` must hash the same.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from sitebuild import REPO, FixtureSite, alert, snapshot

SAMPLE_NOW = 1795000000  # 17 November 2026, within the sample content's dates


def checkout(target: Path) -> Path:
    target.mkdir(parents=True)
    shutil.copytree(REPO / "content", target / "content")
    shutil.copytree(REPO / "overrides", target / "overrides")
    shutil.copy(REPO / "mkdocs.yml", target / "mkdocs.yml")
    return target


def build_sample(root: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    env.update(NO_MKDOCS_2_WARNING="1", SOURCE_DATE_EPOCH=str(SAMPLE_NOW))
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict"],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return snapshot(root / "site")


def differences(first: dict[str, str], second: dict[str, str]) -> list[str]:
    return sorted(
        name for name in first.keys() | second.keys() if first.get(name) != second.get(name)
    )


def test_the_sample_site_is_byte_identical_across_builds_and_checkouts(tmp_path):
    one = checkout(tmp_path / "one" / "checkout")
    other = checkout(tmp_path / "a-much-longer-folder-name" / "elsewhere" / "alerts-site")
    first = build_sample(one)
    assert (
        len(first) > 200 and "sitemap.xml.gz" in first and "pagefind/pagefind-entry.json" in first
    )
    again = build_sample(one)  # from the email cache this time
    assert differences(first, again) == []
    moved = build_sample(other)
    assert differences(first, moved) == []
    # Nothing in the site names the folder it was built in.
    for path in (one / "site").rglob("*"):
        if path.is_file() and path.suffix in (".html", ".xml", ".json", ".txt", ".ics", ".atom"):
            assert str(one) not in path.read_text(encoding="utf-8"), path


# ------------------------------------------------------------------ time

JUNE_1 = 1717243200  # 1 June 2024, 12:00 UTC
JUNE_15 = int(dt.datetime(2024, 6, 15, 12, tzinfo=dt.UTC).timestamp())


def current_alerts(home: str) -> str:
    """The "Current alerts" section of the home page."""
    start = home.index('<h2 id="ca-current-title">Current alerts</h2>')
    return home[start : home.index("</section>", start)]


def test_future_items_and_expiry_follow_the_date_not_the_build_order(tmp_path):
    site = FixtureSite(tmp_path)
    site.write(
        "alerts/soon-expiring.md",
        alert(title="Qwxbadger scam warning", date="2024-05-30T10:00", expires="2024-06-05"),
    )
    site.write(
        "alerts/future.md",
        alert(title="Qwxferret future alert", date="2024-06-10T09:00", expires="2024-07-30"),
    )
    site.write(
        "guides/future.md", "---\ntitle: Qwxstoat future guide\ndate: 2024-06-12\n---\nLock up.\n"
    )
    # Build the later date first: the order of builds must not matter.
    later = site.build(now=JUNE_15)
    assert later.returncode == 0, later.output
    home = later.read("index.html")
    assert "Qwxferret future alert" in current_alerts(home)
    assert "Qwxbadger" not in current_alerts(home)  # expired on 5 June
    assert "Qwxbadger" in later.read("alerts/index.html")  # still listed, as expired
    assert "Expired" in later.read("alerts/soon-expiring/index.html")
    assert "Qwxstoat future guide" in later.read("guides/index.html")
    assert (later.site / "alerts/future/index.html").is_file()
    assert "alerts/future/" in later.read("rss.xml")

    earlier = site.build(now=JUNE_1)
    assert earlier.returncode == 0, earlier.output
    home = earlier.read("index.html")
    assert "Qwxbadger scam warning" in current_alerts(home)
    assert "Expired" not in earlier.read("alerts/soon-expiring/index.html")
    assert not (earlier.site / "alerts/future").exists()
    assert not (earlier.site / "guides/future").exists()
    leaked = [
        path.relative_to(earlier.site).as_posix()
        for path in earlier.site.rglob("*")
        if path.is_file()
        and path.suffix in (".html", ".xml", ".json", ".txt", ".ics")
        and re.search("Qwxferret|Qwxstoat", path.read_text(encoding="utf-8"))
    ]
    assert leaked == []
