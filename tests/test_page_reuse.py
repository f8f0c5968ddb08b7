"""A page an earlier build rendered is used again only while everything it shows is the
same (build/reuse.py): a change to mkdocs.yml or to a theme template renders every page
again, and MkDocs still checks links to the anchors of a page used again."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest
from community_alerts.build.reuse import ReusedPages
from community_alerts.cache import Cache
from mkdocs.exceptions import PluginError
from sitebuild import FixtureSite, alert
from test_publish_equals_cold import pages_reused


def small_site(root: Path) -> FixtureSite:
    site = FixtureSite(root)
    site.write("alerts/2024/vans.md", alert())
    site.write(
        "alerts/2024/sheds.md",
        alert(title="Shed break-ins", date="2024-05-29T09:00")
        + "\n## What to do\n\nLock your shed.\n",
    )
    site.write("guides/locks.md", "---\ntitle: Locks\ndate: 2024-01-10\n---\n\nBuy good locks.\n")
    return site


def test_an_unchanged_site_renders_no_message_or_listing_page(tmp_path: Path):
    # Both --verbose, to read the count: a page is used again only by a build as verbose as
    # the one that made it (MkDocs checks links to anchors only when not verbose)
    site = small_site(tmp_path)
    assert site.build("--verbose").returncode == 0
    again = site.build("--verbose")
    assert again.returncode == 0, again.output
    reused, rendered = pages_reused(again.output)
    assert reused >= 3 and rendered == 0


def new_site_name(site: FixtureSite) -> str:
    edit(
        site.root / "mkdocs.yml",
        "site_name: Cambridgeshire Community Alerts",
        "site_name: Fenland Alerts",
    )
    return "Fenland Alerts"


def new_template_line(site: FixtureSite) -> str:
    line = "<p>Checked by the force.</p>"
    edit(site.root / "overrides" / "item.html", "{% block content %}", "{% block content %}" + line)
    return line


def edit(path: Path, old: str, new: str) -> None:
    path.write_text(path.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")


@pytest.mark.parametrize("change", [new_site_name, new_template_line])
def test_a_change_to_mkdocs_yml_or_a_template_renders_every_page_again(tmp_path: Path, change):
    site = small_site(tmp_path)
    assert site.build("--verbose").returncode == 0
    shown = change(site)
    again = site.build("--verbose")
    assert again.returncode == 0, again.output
    assert pages_reused(again.output)[0] == 0
    page = site.root / "site" / "alerts" / "2024" / "vans" / "index.html"
    assert shown in page.read_text(encoding="utf-8")


def test_a_link_to_a_missing_anchor_of_a_page_used_again_is_still_reported(tmp_path: Path):
    site = small_site(tmp_path)
    assert site.build().returncode == 0
    site.write(
        "alerts/2024/follow-up.md",
        alert(title="More shed break-ins", date="2024-05-31T09:00")
        + "\nSee [what to do](sheds.md#what-to-do) and [more](sheds.md#no-such-part).\n",
    )
    # Not --verbose: MkDocs checks links to anchors only then (and reports them as
    # information, as mkdocs.yml leaves it). sheds.md is used again, as in the first test.
    again = site.build()
    assert again.returncode == 0, again.output
    assert "does not contain an anchor '#no-such-part'" in again.output
    assert "'#what-to-do'" not in again.output


def test_a_page_whose_warning_failed_a_strict_build_is_rendered_again(tmp_path: Path):
    """--strict fails a build on its warnings only after the pages are written: a page
    kept from that build must not pass the next one without its warning."""
    site = small_site(tmp_path)
    edit(
        site.root / "mkdocs.yml",
        "    omitted_files: ignore\n",
        "    omitted_files: ignore\n  links:\n    absolute_links: warn\n",
    )
    site.write(
        "alerts/2024/absolute.md",
        alert(title="A link from the root", date="2024-05-31T09:00")
        + "\nSee [all alerts](/alerts/).\n",
    )
    for _ in range(2):
        built = site.build()
        assert built.returncode != 0, built.output
        assert "/alerts/" in built.output and "absolute" in built.output.lower()


def test_a_kept_page_removed_during_the_build_stops_it_in_one_line(tmp_path: Path):
    cache = Cache(tmp_path / "cache")
    page = SimpleNamespace(
        file=SimpleNamespace(src_uri="alerts/vans.md"),
        url="alerts/vans/",
        present_anchor_ids=set(),
        links_to_anchors={},
    )
    first = ReusedPages(cache, "signature")
    assert not first.decide(page, ["inputs"], allowed=True)
    assert first.output(page, "<html>vans</html>") == "<html>vans</html>"
    first.save(complete=True)

    second = ReusedPages(cache, "signature")
    assert second.decide(page, ["inputs"], allowed=True)
    assert second.output(page, "") == "<html>vans</html>"
    for entry in (tmp_path / "cache" / "rendered-pages").rglob("*.html"):
        entry.unlink()  # as another build of the same site would, at the same moment
    with pytest.raises(PluginError, match="another build of this site"):
        second.output(page, "")
