"""Hostile inputs the loader does not handle yet: each a precise, strict xfail.

Found by the hostile suite (the property tests, run with more examples, found the
case area and the key with a line break). Each test says what should happen; when
the bug is fixed the xfail turns into a failure, and the marker comes off.
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
    return ("---\ntitle: T\ndate: 2024-05-30\ncategory: theft\n" + "\n".join(lines)
            + f"\n{key}: [*a{levels - 1}]\n---\n")


@pytest.mark.xfail(strict=True, raises=OverflowError, reason=(
    "BUG: core/loader.py _Checker._alerts adds alert_lifetime_days to the date without a "
    "bound: 'date: 9999-12-31' raises OverflowError, which load_content reports as 'the file "
    "could not be read (OverflowError: date value out of range)' with no field. Expected: an "
    "error on field 'date' (or 'expires') saying the date is too far ahead."))
def test_a_date_at_the_end_of_time(tmp_path):
    item, problems = load(tmp_path, "alerts/a.md", alert(date="9999-12-31"))
    assert item is None and [p.field for p in problems] == ["date"]


@pytest.mark.xfail(strict=True, raises=OSError, reason=(
    "BUG: core/loader.py _Checker.image calls Path.is_file() on the writer's path, which "
    "raises OSError (ENAMETOOLONG) for a path over the file-name limit; the build then says "
    "'the file could not be read (OSError ...)' with no field. Expected: field 'image', "
    "'was not found'."))
def test_an_image_path_too_long_for_the_disk(tmp_path):
    item, problems = load(tmp_path, "alerts/a.md", alert(image="a/" * 3000 + "x.png",
                                                          image_alt="A van"))
    assert item is None and [p.field for p in problems] == ["image"]


@pytest.mark.xfail(strict=True, reason=(
    "BUG: core/loader.py _Checker.strings (and _Checker.title) put str(value) of the wrong "
    "value into the hint ('e.g. tags: [\"...\"]') without shortening it. 500 bytes of YAML "
    "aliases make a 5 MB message at 6 levels and 5 GB at 9 (the build runs out of memory). "
    "Expected: the value shortened, as describe() does (60 characters)."))
@pytest.mark.parametrize("key", ["tags", "title"])
def test_yaml_alias_bomb_gives_a_short_message(tmp_path, key):
    text = bomb(5, key).replace("title: T\n", "", 1) if key == "title" else bomb(5, key)
    if key == "title":
        text = text.replace("title: [*a4]", "title: *a4")
    item, problems = load(tmp_path, "alerts/a.md", text)
    assert item is None
    assert max(len(str(p)) for p in problems) < 1000


@pytest.mark.xfail(strict=True, raises=TypeError, reason=(
    "BUG: core/loader.py _Checker.case tests `area not in self.settings.areas` (a dict): a "
    "case 'area: []' or 'area: {a: 1}' raises TypeError (unhashable), reported as 'the file "
    "could not be read (TypeError ...)' with no field. Expected: field 'cases, case 1, area'."))
def test_a_case_area_that_is_a_list(tmp_path):
    item, problems = load(tmp_path, "court-news/c.md", "---\ntitle: C\ndate: 2024-05-30\n"
                          "cases:\n  - headline: H\n    url: https://e.org/x\n    area: []\n---\n")
    assert item is None and [p.field for p in problems] == ["cases, case 1, area"]


@pytest.mark.xfail(strict=True, reason=(
    "BUG: core/loader.py _Checker.sender/event/case put an unknown sub-key into the warning "
    "as it is: a key with a line break ('\"a\\nb\": x' under sender) makes a problem of two "
    "lines, against 'every problem is reported on one line'. Expected: the key shown with "
    "repr() or its line breaks escaped."))
def test_an_unknown_sub_key_with_a_line_break_gives_one_line(tmp_path):
    _, problems = load(tmp_path, "alerts/a.md", alert(sender='{name: A, "x\\ny": 1}'))
    assert problems and all("\n" not in str(p) for p in problems)


@pytest.mark.xfail(strict=True, reason=(
    "BUG: core/loader.py _Checker.lifecycle: 'status: cancel' with 'supersedes: [x]' gives "
    "two errors, the second saying 'supersedes' is missing although it is there (a list). "
    "Expected: only 'found a list; write the id ... in quotes'."))
def test_supersedes_as_a_list_is_one_problem(tmp_path):
    _, problems = load(tmp_path, "alerts/a.md", alert(status="cancel", supersedes="[a]"))
    assert len(problems) == 1


# ---------------------------------------------------------------- control characters

@pytest.mark.xfail(strict=True, reason=(
    "BUG: control characters (U+0000-U+0008, U+000B, U+000C, U+000E-U+001F) pass the loader "
    "in a title ('title: \"Bell \\x07\"') and in a body, then render/feeds.py hands them to "
    "lxml, which raises ValueError ('All strings must be XML compatible'): the build stops "
    "(safe-publish now reports it in one line, with no traceback, and the site is kept). "
    "Expected: the loader rejects a title, summary or list entry with control characters "
    "(field named), and the feeds (and CAP) drop them from bodies; the build succeeds."))
def test_control_characters_do_not_stop_the_build(fixture_site):
    fixture_site.write("alerts/bell.md", alert(title='"Bell \\x07 title"'))
    fixture_site.write("alerts/escape.md", alert(title="Escape") + "\nText \x01 and \x1b[31m.\n")
    build = fixture_site.build()
    assert "Traceback" not in build.output
    if build.returncode != 0:
        lines = [line for line in build.output.splitlines()
                 if line.startswith(("alerts/bell.md", "alerts/escape.md"))]
        assert any("field 'title'" in line for line in lines), build.output
        assert any(line.startswith("alerts/escape.md") for line in lines), build.output
    else:
        import feedparser
        assert not feedparser.parse((build.site / "rss.xml").read_bytes()).bozo
