"""alerts-template-cache: compiled templates are kept between builds, and an edited template
is compiled again, never served from the old bytecode."""

from __future__ import annotations

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
    template.write_text(template.read_text().replace(
        "{% block content %}", "{% block content %}<p>Edited template</p>", 1))
    third = site.build()
    assert third.returncode == 0, third.output
    assert "<p>Edited template</p>" in third.read("alerts/vans/index.html")
