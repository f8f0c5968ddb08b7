"""Which <script> elements on a built page are the theme's, the search page's and the
subscribe page's own.

Every other script on a page would have come from content, which must never happen.
`script` is a dict with the element's "attrs" and "text", as the tests' parsers collect.
"""

from __future__ import annotations

import re

# Material's own scripts: its bundle, and three inline snippets it always writes.
MATERIAL_BUNDLE = r"/?(\.\./)*assets/javascripts/bundle\.[0-9a-f]+\.min\.js"
MATERIAL_INLINE = ("__md_scope=new URL(", "var target=document.getElementById(", '{"annotate":')
# The search page's (alerts-search): Pagefind's Component UI, the site's alerts-search.js, and
# the result template, which has a type no browser runs and is read by Pagefind.
SEARCH_SRC = r"/?(\.\./)*(pagefind/pagefind-component-ui\.js|assets/javascripts/alerts-search\.js)"
SEARCH_TEMPLATE = ("text/pagefind-template", '<li class="pf-result ca-result">')
# The subscribe page's postcode finder.
SUBSCRIBE_SRC = r"/?(\.\./)*assets/javascripts/alerts-subscribe\.js"


def material_script(script: dict) -> bool:
    """Material's own scripts, and the search and subscribe pages' (which only they carry)."""
    src = script["attrs"].get("src")
    if src is not None:
        return any(
            re.fullmatch(known, src) for known in (MATERIAL_BUNDLE, SEARCH_SRC, SUBSCRIBE_SRC)
        )
    if script["attrs"].get("type") == SEARCH_TEMPLATE[0]:
        return script["text"].strip().startswith(SEARCH_TEMPLATE[1])
    return script["text"].strip().startswith(MATERIAL_INLINE)
