"""A Content-Security-Policy for every page of the site (emails aside). No MkDocs here.

Scripts run only from the site itself; the page's own inline scripts (Material's few
lines that set up each page) are allowed one by one, by the hash of their text, never by
'unsafe-inline'. Pictures come only from the site (and data: URLs, which the theme uses
for its icons). So a body that slipped past the sanitiser still could not run a script
or make a reader's browser call another site. Pagefind's search runs WebAssembly, which
needs 'wasm-unsafe-eval' (it allows WebAssembly, not JavaScript's eval).
"""

from __future__ import annotations

import base64
import hashlib
import re
from urllib.parse import urlsplit

# An inline script, and its type when it says one (a JSON or template block is not run).
_INLINE_SCRIPT = re.compile(r"<script\b(?P<attributes>[^>]*)>(?P<text>.*?)</script>", re.DOTALL)
_SOURCE = re.compile(r"\bsrc\s*=", re.IGNORECASE)
_TYPE = re.compile(r"""\btype\s*=\s*["']?([^"'\s>]+)""", re.IGNORECASE)
_RUN_TYPES = {"", "text/javascript", "application/javascript", "module"}
# Where the policy goes: first thing in <head>, after the character set.
_HEAD_START = re.compile(r"<head\b[^>]*>\s*(?:<meta charset=[^>]*>)?", re.IGNORECASE)


def inline_script_hashes(html: str) -> list[str]:
    """The CSP source of each inline script the page runs, in order, each once."""
    found = []
    for script in _INLINE_SCRIPT.finditer(html):
        attributes = script["attributes"]
        kind = _TYPE.search(attributes)
        if _SOURCE.search(attributes) or (kind[1].lower() if kind else "") not in _RUN_TYPES:
            continue
        digest = hashlib.sha256(script["text"].encode("utf-8")).digest()
        source = f"'sha256-{base64.b64encode(digest).decode()}'"
        if source not in found:
            found.append(source)
    return found


def policy(html: str, site_url: str) -> str:
    """The page's policy. The site's own address is allowed for fetching too: the theme
    reads its sitemap there, which is 'self' only where the site is served at that address
    (not on a staging or test server)."""
    origin = "{0.scheme}://{0.netloc}".format(urlsplit(site_url))
    scripts = " ".join(["'self'", "'wasm-unsafe-eval'", *inline_script_hashes(html)])
    return "; ".join(
        [
            "default-src 'self'",
            f"script-src {scripts}",
            "style-src 'self' 'unsafe-inline'",
            "img-src 'self' data:",
            "font-src 'self'",
            f"connect-src 'self' {origin}",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
        ]
    )


def with_policy(html: str, site_url: str) -> str:
    """The page with its policy in a <meta> before anything the policy governs."""
    head = _HEAD_START.search(html)
    if head is None:
        return html
    meta = f'<meta http-equiv="Content-Security-Policy" content="{policy(html, site_url)}">'
    return html[: head.end()] + meta + html[head.end() :]
