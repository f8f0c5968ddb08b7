"""A Markdown extension: raw HTML in a body keeps no `class`, `id` or `style`.

Otherwise a message could dress itself as the product's own parts (the "Urgent" banner,
the "Message sent by" block, an email button). The HTML Markdown makes itself keeps
them (a heading's id for its anchor, an admonition's class); only what the writer typed
as HTML loses them, before it is put back into the page. Everything is then cut down to
the allow-list as before (sanitise.py).
"""

from __future__ import annotations

import re

from markdown import Extension, Markdown
from markdown.postprocessors import Postprocessor

# One attribute named class, id or style, with its value if it has one.
_DRESSING = re.compile(
    r"""\s(?:class|id|style)(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?(?=[\s/>])""",
    re.IGNORECASE,
)
_START_TAG = re.compile(r"<[a-zA-Z][^<>]*>")


def undressed(html: str) -> str:
    """`html` without class, id and style attributes in its start tags."""
    return _START_TAG.sub(lambda tag: _DRESSING.sub("", tag[0]), html)


class _UndressRawHtml(Postprocessor):
    def run(self, text: str) -> str:
        stash = self.md.htmlStash
        stash.rawHtmlBlocks = [
            undressed(block) if isinstance(block, str) else block for block in stash.rawHtmlBlocks
        ]
        return text


class RawHtmlExtension(Extension):
    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 (Markdown's name)
        # Before the raw HTML is put back into the page (RawHtmlPostprocessor, 30).
        md.postprocessors.register(_UndressRawHtml(md), "alerts_undress_raw_html", 35)


def makeExtension(**kwargs: object) -> RawHtmlExtension:  # noqa: N802 (Markdown's name)
    return RawHtmlExtension(**kwargs)
