"""Plain-text helpers: the first paragraph and the shortened summary."""

from __future__ import annotations

import pytest
from community_alerts.core.text import SUMMARY_LIMIT, first_paragraph, markdown_to_text, shorten


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("Plain words.", "Plain words."),
        ("# Title\n\nAfter the heading.", "After the heading."),
        ("- a\n- b\n\n1. one\n\n> quoted\n\n![alt](x.png)\n\nProse.", "Prose."),
        ("<!-- note -->\n\n| a | b |\n\n```\ncode\n```\n\nProse.", "Prose."),
        ("Some **bold** and _em_ and a [link](https://x.org).", "Some bold and em and a link."),
        ("Line one\nline two.", "Line one line two."),
        ("Fish &amp; chips &lt;3", "Fish & chips <3"),
        ("", ""),
        ("# Only a heading", ""),
    ],
)
def test_first_paragraph(body, expected):
    assert first_paragraph(body) == expected


def test_first_paragraph_drops_script_content():
    assert first_paragraph("<script>alert(1)</script> Hello") == "Hello"
    assert "alert" not in markdown_to_text("Hi <script>alert(1)</script>")


def test_shorten_leaves_short_text_alone():
    text = "x" * SUMMARY_LIMIT
    assert shorten(text) == text


def test_shorten_cuts_at_a_word_with_an_ellipsis():
    text = " ".join(["police"] * 80)
    cut = shorten(text)
    assert len(cut) <= SUMMARY_LIMIT
    assert cut.endswith(" …") or cut.endswith("…")
    assert set(cut.rstrip("…").split()) == {"police"}


def test_shorten_limit():
    assert shorten("one two three four", limit=10) == "one two…"
