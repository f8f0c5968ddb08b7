"""Clean body HTML as readable plain text, for the text part of an email.

A small converter that walks an lxml tree of the body: the body has already
been cut down to the sanitiser's allow-list, so only those elements need a
reading. Links are written out after their text, "text (address)", because a
plain-text reader cannot follow a hidden link. (html2text writes Markdown and
is GPL; inscriptis hides link addresses or writes them as Markdown: neither
gives what a reader of plain text needs.)
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from lxml import etree
from lxml.html.defs import empty_tags

# Elements that start a new block of text; everything else flows inline.
BLOCKS = {
    "address",
    "article",
    "blockquote",
    "caption",
    "dd",
    "details",
    "div",
    "dl",
    "dt",
    "figcaption",
    "figure",
    "footer",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hr",
    "li",
    "ol",
    "p",
    "pre",
    "section",
    "summary",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "tr",
    "ul",
}
# Never text for a reader, should any reach here.
SKIPPED = {"script", "style", "template", "iframe", "object", "noscript", "title"}
UNDERLINES = {"h1": "=", "h2": "-"}
WHITESPACE = re.compile(r"[ \t\r\n\f]+")
# The only elements whose start or end changes anything: the rest (b, em, span...) pass by.
# Void elements (br, hr, img) are written without an end tag, so none is read: an <hr> inside
# <pre> writes no empty block.
_STARTS = frozenset(BLOCKS | SKIPPED | {"a", "br", "img"})
_ENDS = frozenset((BLOCKS | SKIPPED | {"a"}) - empty_tags)
# lxml's own HTML parser, not lxml.html's: its elements need no Python class lookup. huge_tree:
# without it libxml2 drops every word after 255 levels of nesting, and all of a text over 10 MB.
_PARSER = etree.HTMLParser(huge_tree=True)
_EVENTS = ("start", "end", "comment", "pi")


@dataclass(slots=True)
class _List:
    ordered: bool
    number: int = 0
    continuation: str = ""  # indent of an item's later lines, under its first line's text


@dataclass(slots=True)
class _Block:
    text: str
    listed: bool  # a list item or table row, kept next to its neighbours without a blank line
    break_before: bool = False  # the first after a list starts or ends: a blank line all the same


class _TextWriter:
    def __init__(self) -> None:
        self.blocks: list[_Block] = []
        self.inline: list[str] = []
        self.lists: list[_List] = []
        self.links: list[tuple[str, int]] = []  # (address, where its text starts in `inline`)
        self.cells: list[str] = []
        self.cell_start: int | None = None
        self.marker = ""  # a list item's bullet or number, until its first line is written
        self.quote_depth = 0
        self.pre_depth = 0
        self.skip_depth = 0
        self.heading: str | None = None
        self.separate_next = False  # a list starts or ends: a blank line, even beside an item

    def write(self, element: etree._Element) -> None:
        """The element, its content and the text after it."""
        if not isinstance(element.tag, str):  # a comment or PI: only the text after it is read
            if element.tail:
                self.data(element.tail)
            return
        # iterwalk, not recursion: a hostile body may nest far deeper than Python recurses.
        for event, node in etree.iterwalk(element, events=_EVENTS):
            if event == "start":
                if node.tag in _STARTS:
                    self.start(node.tag, node.attrib)
                text = node.text
            else:
                if event == "end" and node.tag in _ENDS:
                    self.end(node.tag)
                text = node.tail
            if text:
                self.data(text)

    def start(self, tag: str, attributes: etree._Attrib) -> None:
        if tag in SKIPPED:
            self.skip_depth += 1
            return
        if tag in ("td", "th"):
            self.cell_start = len(self.inline)
            return
        if tag in BLOCKS and tag != "tr":
            self._flush()
        if tag in ("ul", "ol"):
            start = attributes.get("start") or "1"
            number = int(start) - 1 if start.isascii() and start.isdigit() else 0
            self.separate_next = self.separate_next or not self.lists
            self.lists.append(_List(ordered=tag == "ol", number=number))
        elif tag == "li" and self.lists:
            current = self.lists[-1]
            current.number += 1
            self.marker = f"{current.number}. " if current.ordered else "- "
        elif tag == "blockquote":
            self.quote_depth += 1
        elif tag == "pre":
            self.pre_depth += 1
        elif tag in UNDERLINES:
            self.heading = tag
        elif tag == "a":
            self.links.append((attributes.get("href") or "", len(self.inline)))
        elif tag == "br":
            self.inline.append("\n")
        elif tag == "img" and (alt := (attributes.get("alt") or "").strip()):
            self.inline.append(f"[Image: {alt}]")
        elif tag == "hr":
            self.blocks.append(_Block("----", listed=False))

    def end(self, tag: str) -> None:
        if tag in SKIPPED:
            self.skip_depth = max(0, self.skip_depth - 1)
            return
        if tag == "a" and self.links:
            self._write_out_link(*self.links.pop())
        elif tag in ("td", "th") and self.cell_start is not None:
            self.cells.append(_collapse("".join(self.inline[self.cell_start :])))
            del self.inline[self.cell_start :]
            self.cell_start = None
        elif tag == "tr":
            self.inline = [" | ".join(cell for cell in self.cells)]
            self.cells = []
            self._flush(tight=True)
        if tag in BLOCKS and tag not in ("td", "th", "tr"):
            self._flush()
        if tag in ("ul", "ol") and self.lists:
            self.lists.pop()
            self.separate_next = not self.lists
        elif tag == "li":
            # An item with no text of its own (an image without alt text): its bullet must not
            # land on whatever text comes next, nor fail for want of a list after the last one.
            self.marker = ""
        elif tag == "blockquote":
            self.quote_depth = max(0, self.quote_depth - 1)
        elif tag == "pre":
            self.pre_depth = max(0, self.pre_depth - 1)
        elif tag in UNDERLINES:
            self.heading = None

    def data(self, data: str) -> None:
        if self.skip_depth:
            return
        # Outside <pre> every run of whitespace becomes one space when the line is written: only
        # a newline must go now, so that it is not read as a <br>.
        self.inline.append(data if self.pre_depth else data.replace("\n", " "))

    def _write_out_link(self, address: str, start: int) -> None:
        shown = address.removeprefix("mailto:").removeprefix("tel:")
        text = _collapse("".join(self.inline[start:]))
        if shown and shown != text:
            self.inline.append(f" ({shown})" if text else shown)

    def _flush(self, tight: bool = False) -> None:
        if not self.inline and not self.pre_depth:
            return
        raw = "".join(self.inline)
        self.inline = []
        if self.pre_depth:
            lines = raw.strip("\n").split("\n")
        elif "\n" in raw:
            lines = [line for line in map(_collapse, raw.split("\n")) if line]
        else:
            lines = [line] if (line := _collapse(raw)) else []
        if not lines:
            return
        if self.heading in UNDERLINES:
            lines.append(UNDERLINES[self.heading] * len(lines[-1]))
        if self.marker:  # only ever set inside a list
            first = "  " * (len(self.lists) - 1) + self.marker
            rest = " " * len(first)
            lines = [first + lines[0], *(rest + line for line in lines[1:])]
            self.lists[-1].continuation = rest
            self.marker = ""
            tight = True
        elif self.lists:
            continuation = self.lists[-1].continuation or "  " * len(self.lists)
            lines = [continuation + line for line in lines]
            tight = True
        if self.quote_depth:
            quote = "> " * self.quote_depth
            lines = [quote + line for line in lines]
        self.blocks.append(_Block("\n".join(lines), listed=tight, break_before=self.separate_next))
        self.separate_next = False

    def text(self) -> str:
        self._flush()
        parts: list[str] = []
        for index, block in enumerate(self.blocks):
            if index:
                follows_tightly = (
                    block.listed and self.blocks[index - 1].listed and not block.break_before
                )
                parts.append("\n" if follows_tightly else "\n\n")
            parts.append(block.text)
        return "".join(parts)


def _collapse(text: str) -> str:
    # Most lines have no run of whitespace to collapse: a few scans for one cost less than
    # the regular expression.
    if "  " in text or "\n" in text or "\t" in text or "\r" in text or "\f" in text:
        text = WHITESPACE.sub(" ", text)
    return text.strip()


def html_to_text(html: str) -> str:
    """The HTML's text in reading order: paragraphs apart, lists bulleted, links written out."""
    # Wrapped as lxml.html.fragments_fromstring wraps a fragment: text before the first
    # element is then the body's own text.
    document = etree.fromstring(f"<html><body>{html}</body></html>", _PARSER)
    return elements_to_text(document.iterfind("body"))


def elements_to_text(elements: Iterable[etree._Element]) -> str:
    """As `html_to_text`, for elements already parsed: each with the text after it (its tail)."""
    writer = _TextWriter()
    for element in elements:
        writer.write(element)
    return writer.text()
