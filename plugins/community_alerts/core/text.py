"""Plain-text helpers shared by the model and the renderers."""

from __future__ import annotations

import html
import re
import signal
import textwrap
import threading
from collections.abc import Callable

import markdown
import nh3

SUMMARY_LIMIT = 300
# Invisible characters that XML forbids (feeds, CAP) and nobody means to write; tab, CR and
# LF are fine.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_BLOCK_SPLIT = re.compile(r"\n\s*\n")
# Blocks that are not a paragraph a reader would take as the message's opening.
_NOT_A_PARAGRAPH = re.compile(r"^\s*(#|[-*+]\s|\d+[.)]\s|>|!\[|<!--|\||```|~~~|---|\*\*\*)")


# Limits that keep any body from hanging a build or exhausting its memory: Python-Markdown
# backtracks on some inputs (50,000 "[" would take hours) and recurses into nested lists.
BODY_LIMIT = 50_000  # characters
NESTING_LIMIT = 20  # levels of lists or quotes
CONVERSION_SECONDS = 10


class TookTooLong(Exception):
    """Turning a body into HTML took longer than its `TimeLimit` allowed."""


class TimeLimit:
    """Raise `stop()` in this thread once `seconds` have passed since `start`, unless
    `cancel` came first; also a context manager. Only the main thread can be interrupted
    (signals go to it): elsewhere there is no limit."""

    def __init__(self, seconds: float, stop: Callable[[], BaseException] = TookTooLong) -> None:
        self.seconds, self.stop = seconds, stop
        self._previous: object = None

    def start(self) -> None:
        if threading.current_thread() is threading.main_thread():
            self._previous = signal.signal(signal.SIGALRM, self._interrupt)
            signal.setitimer(signal.ITIMER_REAL, self.seconds)

    def cancel(self) -> None:
        if self._previous is not None:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, self._previous)
            self._previous = None

    def _interrupt(self, signum: int, frame: object) -> None:
        self.cancel()
        raise self.stop()

    def __enter__(self) -> TimeLimit:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.cancel()


_LIST_ITEM = re.compile(r"^( *)(?:[-*+]|\d+[.)])\s", re.MULTILINE)
_QUOTE = re.compile(r"^(?: {0,3}>)+", re.MULTILINE)


def nesting(body: str) -> tuple[int, int]:
    """The deepest list or quote of a Markdown body (levels) and its line (from 1)."""
    deepest, line = 0, 0
    for pattern, depth_of in (
        (_LIST_ITEM, lambda match: len(match[1].expandtabs(4)) // 4 + 1),
        (_QUOTE, lambda match: match[0].count(">")),
    ):
        for match in pattern.finditer(body):
            depth = depth_of(match)
            if depth > deepest:
                deepest, line = depth, body.count("\n", 0, match.start()) + 1
    return deepest, line


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


# Bullets that Word and Outlook paste as characters: "•", "◦", "▪", "●", "·", "–", and
# Symbol's private-use bullet U+F0B7. Numbered lines pasted as "1)" as well as "1.".
_PASTED_BULLET = re.compile(r"^([ \t]*)[\u2022\u25e6\u25aa\u25cf\u00b7\u2013\uf0b7][ \t]+")
_PASTED_NUMBER = re.compile(r"^([ \t]*)(\d{1,3})[.)][ \t]+")
_MARKDOWN_ITEM = re.compile(r"^[ \t]*(?:[-*+]|\d{1,3}\.)[ \t]+")


def pasted_lists(body: str) -> str:
    """Lists pasted from Word as Markdown lists: "• item" becomes "- item", "1) item"
    becomes "1. item", and a list gets the blank lines Markdown needs around it (without
    them, the items run into the text before, and the text after into the last item)."""
    lines: list[str] = []
    for line in body.split("\n"):
        line = _PASTED_NUMBER.sub(r"\1\2. ", _PASTED_BULLET.sub(r"\1- ", line))
        before = lines[-1] if lines else ""
        is_item, was_item = bool(_MARKDOWN_ITEM.match(line)), bool(_MARKDOWN_ITEM.match(before))
        starts_list = (
            is_item
            and not line[:1].isspace()
            and not was_item
            and before.strip()
            and not before[:1].isspace()
        )
        ends_list = was_item and line.strip() and not is_item and not line[:1].isspace()
        if starts_list or ends_list:
            lines.append("")
        lines.append(line)
    return "\n".join(lines)
