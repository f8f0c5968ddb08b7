"""alerts-template-cache: compiled templates are kept between builds, and an edited template
is compiled again, never served from the old bytecode; the theme's static files are listed
without walking its icon folders."""

from __future__ import annotations

from community_alerts.template_cache.plugin import ThemeLoader
from mkdocs.config import load_config
from mkdocs.structure.files import Files
from sitebuild import FixtureSite, alert, snapshot

CACHE = ".cache/plugin/alerts-template-cache"


def test_templates_are_compiled_once_and_again_when_edited(tmp_path):
    site = FixtureSite(tmp_path)
    site.write("alerts/vans.md", alert())
    first = site.build()
    assert first.returncode == 0, first.output
    kept = sorted((tmp_path / CACHE).glob("*.cache"))
    assert len(kept) > 10  # Material's templates and the overrides
    before = snapshot(first.site)

    second = site.build()  # from the kept bytecode: the very same site
    assert second.returncode == 0, second.output
    assert snapshot(second.site) == before

    template = tmp_path / "overrides" / "item.html"
    template.write_text(
        template.read_text().replace(
            "{% block content %}", "{% block content %}<p>Edited template</p>", 1
        )
    )
    third = site.build()
    assert third.returncode == 0, third.output
    assert "<p>Edited template</p>" in third.read("alerts/vans/index.html")


def test_the_theme_lists_the_same_static_files_without_walking_dot_folders(tmp_path):
    FixtureSite(tmp_path)
    (tmp_path / "overrides" / "assets" / "notice.txt").write_text("static", encoding="utf-8")
    (tmp_path / "overrides" / ".drafts").mkdir()
    (tmp_path / "overrides" / ".drafts" / "note.txt").write_text("not static", encoding="utf-8")
    config = load_config(str(tmp_path / "mkdocs.yml"))

    def static_files(env) -> list[str]:
        files = Files([])
        files.add_files_from_theme(env, config)
        return sorted(file.src_uri for file in files)

    plain = config.theme.get_env()
    config.plugins["alerts-template-cache"].on_config(config)
    listed = config.theme.get_env()

    assert isinstance(listed.loader, ThemeLoader)
    assert static_files(listed) == static_files(plain)
    assert "assets/notice.txt" in static_files(listed)
    assert ".drafts/note.txt" not in static_files(plain)
    # The icons are still there to include, only not walked.
    assert any(name.startswith(".icons/") for name in plain.list_templates())
    assert not any(name.startswith(".") for name in listed.list_templates())
    assert listed.get_template(".icons/material/menu.svg") is not None
