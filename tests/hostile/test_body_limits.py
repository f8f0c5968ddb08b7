"""No body can hang a build or exhaust its memory (SPEC: a body over 50,000 characters,
lists or quotes nested deeper than 20 levels, or a conversion over 10 seconds is an error
naming the file). Python-Markdown backtracks on long runs of brackets: 50,000 "[" would
take hours, and lists nested 2,000 deep took 3.5 GB before failing."""

from __future__ import annotations

import time

import pytest
from hostile_tools import alerts_check
from sitebuild import FixtureSite, alert

TOO_SLOW = (
    "turning the text into a web page took more than 10 seconds, so it was stopped; look for "
    "a long run of brackets, stars or other punctuation (often from pasting), and remove it."
)
# However slow the machine, a stopped conversion ends a build well within a minute of it.
NORMAL_PLUS_A_MINUTE = 90


def build_with(fixture_site: FixtureSite, text: str) -> tuple[str, float]:
    fixture_site.write("alerts/fine.md", alert(title="A fine alert"))
    fixture_site.write("alerts/hostile.md", text)
    started = time.monotonic()
    build = fixture_site.build()
    seconds = time.monotonic() - started
    assert build.returncode != 0, "the hostile body was published"
    assert "Traceback" not in build.output
    return build.output, seconds


@pytest.mark.parametrize("run", ["[" * 49_000, "[a](" * 12_000])
def test_a_body_that_would_take_hours_stops_the_build_in_seconds(fixture_site, run):
    # With a summary, the loader converts nothing: the page's own conversion is stopped.
    output, seconds = build_with(fixture_site, alert(summary="Brackets") + "\n" + run + "\n")
    assert seconds < NORMAL_PLUS_A_MINUTE
    assert f"alerts/hostile.md: {TOO_SLOW}" in output


def test_as_the_first_paragraph_the_loader_stops_it_too(fixture_site):
    # Without a summary, the loader turns the first paragraph into one.
    text = "---\ntitle: Brackets\ndate: 2024-05-30\ncategory: theft\n---\n\n" + "[" * 49_000
    output, seconds = build_with(fixture_site, text + "\n")
    assert seconds < NORMAL_PLUS_A_MINUTE
    assert f"alerts/hostile.md: {TOO_SLOW}" in output.splitlines()


def test_check_finds_it_as_the_build_does(fixture_site):
    fixture_site.write("alerts/hostile.md", alert(summary="Brackets") + "\n" + "[" * 49_000)
    started = time.monotonic()
    check = alerts_check(fixture_site.root)
    assert time.monotonic() - started < NORMAL_PLUS_A_MINUTE
    assert check.returncode == 1
    assert f"alerts/hostile.md: {TOO_SLOW}" in check.stdout.splitlines()


def test_lists_nested_too_deep_are_refused_before_any_conversion(fixture_site):
    nested = "".join(f"{'    ' * level}- level {level}\n" for level in range(30))
    output, seconds = build_with(fixture_site, alert() + "\n" + nested)
    assert seconds < NORMAL_PLUS_A_MINUTE
    assert (
        "alerts/hostile.md, line 38: a list or quote here is 30 levels deep, more than the 20 "
        "a message may have; indent it less."
    ) in output.splitlines()


def test_lists_nested_2000_deep_are_refused_by_their_size(fixture_site):
    nested = "".join(f"{' ' * (4 * level)}- {level}\n" for level in range(2_000))
    output, seconds = build_with(fixture_site, alert() + "\n" + nested)
    assert seconds < NORMAL_PLUS_A_MINUTE
    assert "characters long, more than the 50,000 a message may have" in output


def test_quotes_nested_too_deep_are_refused(fixture_site):
    output, _ = build_with(fixture_site, alert() + "\n" + ">" * 21 + " deep\n")
    assert "a list or quote here is 21 levels deep" in output


def test_a_body_over_50000_characters_is_refused(fixture_site):
    text = alert() + "\n" + "Words. " * 8_000 + "\n"
    body = len(text.split("---\n", 2)[2])
    output, _ = build_with(fixture_site, text)
    assert (
        f"alerts/hostile.md: the text is {body:,} characters long, more than the 50,000 a "
        "message may have; shorten it, or split it into several messages."
    ) in output.splitlines()


def test_twenty_levels_and_50000_characters_are_still_fine(fixture_site):
    nested = "".join(f"{'    ' * level}- level {level}\n" for level in range(20))
    fixture_site.write("alerts/deep.md", alert() + "\n" + nested)
    build = fixture_site.build()
    assert build.returncode == 0, build.output


def test_numbers_in_other_scripts_are_not_read_as_sizes(fixture_site):
    """ "²" is a digit to str.isdigit() but not to int(): it stopped the build with a raw
    ValueError (an email's picture width, a list's start)."""
    fixture_site.write("alerts/images/van.png", b"\x89PNG\r\n\x1a\n")
    fixture_site.write(
        "alerts/odd.md",
        alert() + '\n<img src="images/van.png" width="²" alt="A van">\n\n'
        '<ol start="²"><li>First</li></ol>\n',
    )
    build = fixture_site.build()
    assert build.returncode == 0, build.output
    assert 'width="552"' in build.read("alerts/odd/email.html")
    assert "1. First" in build.read("alerts/odd/email.txt")
