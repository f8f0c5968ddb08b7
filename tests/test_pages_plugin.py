"""The pages step: MkDocs is given each message's body from the loaded archive, so it neither
reads the file again nor parses its front matter a second time."""

from __future__ import annotations

import mkdocs.utils.meta
from mkdocs.config import load_config
from mkdocs.structure.files import get_files
from mkdocs.structure.pages import Page
from sitebuild import FixtureSite, alert


def test_mkdocs_gets_the_loaded_body_without_parsing_the_front_matter(tmp_path, monkeypatch):
    site = FixtureSite(tmp_path)
    source = site.write("alerts/vans.md", alert())
    config = load_config(str(tmp_path / "mkdocs.yml"))
    files = get_files(config)
    config = config.plugins.on_config(config)
    files = config.plugins.on_files(files, config=config)
    page = Page(None, files.get_file_from_path("alerts/vans.md"), config)

    parsed = []
    real_load = mkdocs.utils.meta.yaml.load
    monkeypatch.setattr(
        mkdocs.utils.meta.yaml,
        "load",
        lambda *args, **kwargs: parsed.append(args) or real_load(*args, **kwargs),
    )
    source.unlink()  # not read again either
    page.read_source(config)

    assert page.markdown.strip() == "Tools were taken from vans overnight."
    assert parsed == []
