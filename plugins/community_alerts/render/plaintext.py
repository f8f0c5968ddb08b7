"""Clean body HTML as readable plain text, for the text part of an email.

A small converter over the standard library's HTML parser: the body has
already been cut down to the sanitiser's allow-list, so only those elements
need a reading. Links are written out after their text, "text (address)",
because a plain-text reader cannot follow a hidden link. (html2text writes
Markdown and is GPL; inscriptis hides link addresses or writes them as
Markdown: neither gives what a reader of plain text needs.)
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser

# Elements that start a new block of text; everything else flows inline.
BLOCKS = {
    "address", "article", "blockquote", "caption", "dd", "details", "div", "dl", "dt",
    "figcaption", "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li",
    "ol", "p", "pre", "section", "summary", "table", "tbody", "td", "tfoot", "th", "thead", "tr",
    "ul",
}
# Never text for a reader, should any reach here.
SKIPPED = {"script", "style", "template", "iframe", "object", "noscript", "title"}
UNDERLINES = {"h1": "=", "h2": "-"}
WHITESPACE = re.compile(r"[ \t\r\n\f]+")


@dataclass
class _List:
    ordered: bool
    number: int = 0
    continuation: str = ""  # indent of an item's later lines, under its first line's text


@dataclass
class _Block:
    text: str
    listed: bool  # a list item or table row, kept next to its neighbours without a blank line
    break_before: bool = False  # the first after a list starts or ends: a blank line all the same


class _TextWriter(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
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

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
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
            number = int(start) - 1 if start.isdigit() else 0
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

    def handle_endtag(self, tag: str) -> None:
        if tag in SKIPPED:
            self.skip_depth = max(0, self.skip_depth - 1)
            return
        if tag == "a" and self.links:
            self._write_out_link(*self.links.pop())
        elif tag in ("td", "th") and self.cell_start is not None:
            self.cells.append(_collapse("".join(self.inline[self.cell_start:])))
            del self.inline[self.cell_start:]
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
        elif tag == "blockquote":
            self.quote_depth = max(0, self.quote_depth - 1)
        elif tag == "pre":
            self.pre_depth = max(0, self.pre_depth - 1)
        elif tag in UNDERLINES:
            self.heading = None

    def handle_data(self, data: str) -> None:
        if self.skip_depth:
            return
        self.inline.append(data if self.pre_depth else WHITESPACE.sub(" ", data))

    def _write_out_link(self, address: str, start: int) -> None:
        shown = address.removeprefix("mailto:").removeprefix("tel:")
        text = _collapse("".join(self.inline[start:]))
        if shown and shown != text:
            self.inline.append(f" ({shown})" if text else shown)

    def _flush(self, tight: bool = False) -> None:
        raw = "".join(self.inline)
        self.inline = []
        if self.pre_depth:
            lines = raw.strip("\n").split("\n")
        else:
            lines = [_collapse(line) for line in raw.split("\n")]
            lines = [line for line in lines if line]
        if not lines:
            return
        if self.heading in UNDERLINES:
            lines.append(UNDERLINES[self.heading] * len(lines[-1]))
        depth = max(0, len(self.lists) - 1)
        indent = "  " * depth
        if self.marker:
            first = indent + self.marker
            rest = " " * len(first)
            lines = [first + lines[0], *(rest + line for line in lines[1:])]
            self.lists[-1].continuation = rest
            self.marker = ""
            tight = True
        elif self.lists:
            continuation = self.lists[-1].continuation or "  " * len(self.lists)
            lines = [continuation + line for line in lines]
            tight = True
        quote = "> " * self.quote_depth
        text = "\n".join(quote + line for line in lines)
        self.blocks.append(_Block(text, listed=tight, break_before=self.separate_next))
        self.separate_next = False

    def text(self) -> str:
        self._flush()
        parts: list[str] = []
        for index, block in enumerate(self.blocks):
            if index:
                follows_tightly = (block.listed and self.blocks[index - 1].listed
                                   and not block.break_before)
                parts.append("\n" if follows_tightly else "\n\n")
            parts.append(block.text)
        return "".join(parts)


def _collapse(text: str) -> str:
    return WHITESPACE.sub(" ", text).strip()


def html_to_text(html: str) -> str:
    """The HTML's text in reading order: paragraphs apart, lists bulleted, links written out."""
    writer = _TextWriter()
    writer.feed(html)
    writer.close()
    return writer.text()
