"""Plain-text helpers shared by the model and the renderers."""

from __future__ import annotations

import html
import re
import textwrap

import markdown
import nh3

SUMMARY_LIMIT = 300
# Invisible characters that XML forbids (feeds, CAP) and nobody means to write; tab, CR and
# LF are fine.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_BLOCK_SPLIT = re.compile(r"\n\s*\n")
# Blocks that are not a paragraph a reader would take as the message's opening.
_NOT_A_PARAGRAPH = re.compile(r"^\s*(#|[-*+]\s|\d+[.)]\s|>|!\[|<!--|\||```|~~~|---|\*\*\*)")


_MARKDOWN = markdown.Markdown()  # one converter, reset between uses: building one is slow


def markdown_to_text(source: str) -> str:
    """The words of a Markdown fragment, without markup, whitespace collapsed."""
    rendered = _MARKDOWN.reset().convert(source)
    text = html.unescape(nh3.clean(rendered, tags=set()))
    return " ".join(text.split())


def first_paragraph(body: str) -> str:
    """The first prose paragraph of a Markdown body, as plain text ("" if none)."""
    for block in _BLOCK_SPLIT.split(body.strip()):
        if block.strip() and not _NOT_A_PARAGRAPH.match(block):
            text = markdown_to_text(block)
            if text:
                return text
    return ""


def shorten(text: str, limit: int = SUMMARY_LIMIT) -> str:
    """Cut text at a word so it fits `limit` characters, marking the cut with an ellipsis."""
    if len(text) <= limit:
        return text
    shortened = textwrap.shorten(text, width=limit, placeholder="…")
    # A first word longer than the limit (a pasted link) leaves only the placeholder.
    return shortened if shortened != "…" else text[: limit - 1] + "…"
