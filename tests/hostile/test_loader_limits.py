"""Hostile inputs at the loader's limits: each once a bug, now a named problem.

Found by the hostile suite (the property tests, run with more examples, found the
case area and the key with a line break): dates at the end of time, paths too long
for the disk, YAML alias bombs, unhashable values, line breaks in keys, and
invisible control characters.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from community_alerts.core.item import Settings
from community_alerts.core.loader import load_item
from sitebuild import alert


def load(tmp_path: Path, path: str, text: str):
    target = tmp_path / path
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    return load_item(tmp_path, path, Settings())


def bomb(levels: int, key: str) -> str:
    """YAML aliases: a few hundred bytes that expand to 10**levels entries."""
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]" for i in range(1, levels)]
    return (
        "---\ntitle: T\ndate: 2024-05-30\ncategory: theft\n"
        + "\n".join(lines)
        + f"\n{key}: [*a{levels - 1}]\n---\n"
    )


def test_a_date_at_the_end_of_time(tmp_path):
    item, problems = load(tmp_path, "alerts/a.md", alert(date="9999-12-31"))
    assert item is None and [p.field for p in problems] == ["date"]


def test_an_image_path_too_long_for_the_disk(tmp_path):
    item, problems = load(
        tmp_path, "alerts/a.md", alert(image="a/" * 3000 + "x.png", image_alt="A van")
    )
    assert item is None and [p.field for p in problems] == ["image"]


@pytest.mark.parametrize("key", ["tags", "title"])
def test_yaml_alias_bomb_gives_a_short_message(tmp_path, key):
    text = bomb(5, key).replace("title: T\n", "", 1) if key == "title" else bomb(5, key)
    if key == "title":
        text = text.replace("title: [*a4]", "title: *a4")
    item, problems = load(tmp_path, "alerts/a.md", text)
    assert item is None
    assert max(len(str(p)) for p in problems) < 1000


def test_a_case_area_that_is_a_list(tmp_path):
    item, problems = load(
        tmp_path,
        "court-news/c.md",
        "---\ntitle: C\ndate: 2024-05-30\n"
        "cases:\n  - headline: H\n    url: https://e.org/x\n    area: []\n---\n",
    )
    assert item is None and [p.field for p in problems] == ["cases, case 1, area"]


def test_an_unknown_sub_key_with_a_line_break_gives_one_line(tmp_path):
    _, problems = load(tmp_path, "alerts/a.md", alert(sender='{name: A, "x\\ny": 1}'))
    assert problems and all("\n" not in str(p) for p in problems)


def test_supersedes_as_a_list_is_one_problem(tmp_path):
    _, problems = load(tmp_path, "alerts/a.md", alert(status="cancel", supersedes="[a]"))
    assert len(problems) == 1


# ---------------------------------------------------------------- control characters


def test_control_characters_in_a_field_are_named_and_cut_from_a_body(fixture_site):
    fixture_site.write("alerts/escape.md", alert(title="Escape") + "\nText \x01 and \x1b[31m.\n")
    build = fixture_site.build()
    assert build.returncode == 0, build.output
    import feedparser

    assert not feedparser.parse((build.site / "rss.xml").read_bytes()).bozo
    assert "\x01" not in build.read("alerts/escape/index.html")

    fixture_site.write("alerts/bell.md", alert(title='"Bell \\x07 title"'))
    build = fixture_site.build()
    assert build.returncode != 0 and "Traceback" not in build.output
    assert any(
        line.startswith("alerts/bell.md")
        and "field 'title'" in line
        and "control character (U+0007)" in line
        for line in build.output.splitlines()
    ), build.output
