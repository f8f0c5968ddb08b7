"""Cut body HTML down to a safe allow-list, everywhere a body is published.

Writers may paste raw HTML into Markdown; nothing executable, no frames and
no `javascript:` or `data:` URLs may reach a reader. nh3 (ammonia) does the
parsing; this module only says what is allowed.
"""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urljoin, urlsplit

import nh3

from ..core.text import CONTROL_CHARACTERS

ALLOWED_TAGS = {
    "a",
    "abbr",
    "b",
    "blockquote",
    "br",
    "caption",
    "code",
    "dd",
    "del",
    "details",
    "div",
    "dl",
    "dt",
    "em",
    "figcaption",
    "figure",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "i",
    "img",
    "ins",
    "kbd",
    "li",
    "mark",
    "ol",
    "p",
    "pre",
    "q",
    "s",
    "small",
    "span",
    "strong",
    "sub",
    "summary",
    "sup",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "time",
    "tr",
    "u",
    "ul",
}
HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
ALLOWED_ATTRIBUTES = {
    "*": {"title", "lang", "dir"},
    # A heading's id is its anchor (Markdown's toc makes it; raw HTML's is cut: raw_html.py).
    **{heading: {"id"} for heading in HEADINGS},
    "a": {"href", "hreflang"},
    "abbr": {"title"},
    "img": {"src", "alt", "width", "height", "loading"},
    "ol": {"start", "type"},
    "td": {"colspan", "rowspan", "align"},
    "th": {"colspan", "rowspan", "align", "scope"},
    "time": {"datetime"},
    "details": {"open"},
}
# The only classes a body keeps are those of Markdown's admonitions (`!!! warning`), of the
# kinds Material styles: no other, so a body cannot dress as the product's own banners,
# sender block or buttons (attr_list's `{: .class}` included).
ADMONITION_KINDS = {
    "note",
    "abstract",
    "summary",
    "tldr",
    "info",
    "todo",
    "tip",
    "hint",
    "important",
    "success",
    "check",
    "done",
    "question",
    "help",
    "faq",
    "warning",
    "caution",
    "attention",
    "failure",
    "fail",
    "missing",
    "danger",
    "error",
    "bug",
    "example",
    "quote",
    "cite",
}
ALLOWED_CLASSES = {"div": {"admonition", *ADMONITION_KINDS}, "p": {"admonition-title"}}
URL_SCHEMES = {"http", "https", "mailto", "tel"}
URL_ATTRIBUTES = {"href", "src"}


def clean_html(html: str, base_url: str | None = None) -> str:
    """The HTML with everything outside the allow-list removed (content of scripts included),
    and without invisible control characters.

    With `base_url` (the absolute URL of the page the HTML came from), every
    relative `href` and `src` is made absolute against it in the same pass, for
    copies read away from the site: feeds and email.
    """
    cleaned = nh3.clean(
        CONTROL_CHARACTERS.sub("", html),
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        allowed_classes=ALLOWED_CLASSES,
        attribute_filter=_absolute_urls(base_url) if base_url else None,
        url_schemes=URL_SCHEMES,
        link_rel=None,
        strip_comments=True,
    )
    # nh3 leaves `class=""` where it cut every class: nothing to keep.
    return cleaned.replace(' class=""', "")


def _absolute_urls(base_url: str) -> Callable[[str, str, str], str | None]:
    def absolute(tag: str, attribute: str, value: str) -> str | None:
        if attribute not in URL_ATTRIBUTES:
            return value
        joined = urljoin(base_url, value)
        # nh3 has already dropped other schemes; checked again in case Python
        # reads a URL differently from nh3. None removes the attribute.
        return joined if urlsplit(joined).scheme in URL_SCHEMES else None

    return absolute
