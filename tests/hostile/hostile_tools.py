"""Helpers shared by the hostile-input and fault tests: snapshots, scanners, vectors."""

from __future__ import annotations

import html
import json
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

from site_scripts import material_script

# ------------------------------------------------------------------ folders


def leftovers(root: Path, site: str = "site") -> list[str]:
    """Anything beside the site folder that a build should not leave behind."""
    return sorted(
        p.name
        for p in root.iterdir()
        if p.name.startswith(site + ".") or p.name.endswith((".staging", ".previous"))
    )


def alerts_check(root: Path) -> subprocess.CompletedProcess:
    """`alerts check` run in a fixture site's folder, as staff run it."""
    return subprocess.run(
        [sys.executable, "-m", "community_alerts.cli", "check"],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=300,
    )


def yaml_text(text: str) -> str:
    """Any text as a YAML scalar: a JSON string is a valid double-quoted YAML string."""
    return json.dumps(text)


# ------------------------------------------------------------------ scanning

# Attributes a browser follows as a URL (or, for srcset, a list of URLs).
URL_ATTRIBUTES = {
    "href",
    "src",
    "action",
    "formaction",
    "xlink:href",
    "srcset",
    "background",
    "poster",
    "data",
    "cite",
    "longdesc",
    "lowsrc",
    "dynsrc",
    "ping",
    "codebase",
    "manifest",
    "icon",
}
# Elements that must never come from content (Material uses none of them).
FORBIDDEN_TAGS = {
    "iframe",
    "frame",
    "frameset",
    "object",
    "embed",
    "applet",
    "base",
    "isindex",
    "portal",
    "noembed",
}
_IGNORED_IN_SCHEME = re.compile(r"[\x00-\x20\x7f]")  # browsers drop these before the colon
DANGEROUS_SCHEME = re.compile(r"(javascript|vbscript|data|livescript|mocha):", re.IGNORECASE)


def dangerous_url(value: str | None) -> bool:
    """Whether a browser would read this attribute value as a script or data URL.

    html.parser has already decoded entities (`&#106;`, `&colon;`); browsers also
    ignore whitespace and control characters anywhere in the scheme.
    """
    if not value:
        return False
    candidates = [value] + [part.strip().split(" ")[0] for part in value.split(",")]
    return any(DANGEROUS_SCHEME.match(_IGNORED_IN_SCHEME.sub("", c)) for c in candidates)


class Scan(HTMLParser):
    """Everything in an HTML document a browser could run or follow."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.handlers: list[tuple[str, str]] = []
        self.bad_urls: list[tuple[str, str, str]] = []
        self.forbidden: list[str] = []
        self.refresh: list[str] = []
        self.scripts: list[dict] = []
        self.styles: list[str] = []
        self.style_attrs: list[str] = []
        self.tags: list[str] = []
        self.alts: list[str] = []
        self.text: list[str] = []
        self._in: str | None = None

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        for name, value in attrs:
            if name.startswith("on"):
                self.handlers.append((tag, f"{name}={value}"))
            if name in URL_ATTRIBUTES and dangerous_url(value):
                self.bad_urls.append((tag, name, value or ""))
            if name == "style" and value:
                self.style_attrs.append(value)
            if tag == "img" and name == "alt" and value:
                self.alts.append(value)
        if tag in FORBIDDEN_TAGS:
            self.forbidden.append(tag)
        if tag == "meta" and any(
            n == "http-equiv" and (v or "").lower() == "refresh" for n, v in attrs
        ):
            self.refresh.append(str(attrs))
        if tag == "script":
            self._in = "script"
            self.scripts.append({"attrs": dict(attrs), "text": ""})
        elif tag == "style":
            self._in = "style"
            self.styles.append("")

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self._in = None

    def handle_data(self, data):
        if self._in == "script":
            self.scripts[-1]["text"] += data
        elif self._in == "style":
            self.styles[-1] += data
        else:
            self.text.append(data)

    @property
    def visible_text(self) -> str:
        return " ".join(" ".join(self.text).split())


def scan(document: str) -> Scan:
    found = Scan()
    found.feed(document)
    found.close()
    return found


def live_dangers(document: str, *, material_scripts: bool) -> list[str]:
    """What in `document` could run script or load a script URL: [] when it is safe."""
    found = scan(document)
    dangers = [f"handler {tag} {attr}" for tag, attr in found.handlers]
    dangers += [f"url {tag} {name}={value!r}" for tag, name, value in found.bad_urls]
    dangers += [f"element <{tag}>" for tag in found.forbidden]
    dangers += [f"meta refresh {attrs}" for attrs in found.refresh]
    for script in found.scripts:
        if not (material_scripts and material_script(script)):
            dangers.append(f"script {script['attrs']} {script['text'][:60]!r}")
    for css in found.styles + found.style_attrs:
        if re.search(r"javascript:|expression\(|alert\(|@import|behavior:", css, re.IGNORECASE):
            dangers.append(f"style {css[:60]!r}")
    return dangers


# ------------------------------------------------------------------ vectors

# Each vector carries alert(N), N unique, so a leak is traced back to its vector.
VECTORS = [
    "<script>alert(101)</script>",
    "<img src=x onerror=alert(102)>",
    "<svg onload=alert(103)>",
    "<svg><script>alert(104)</script></svg>",
    "[click me](javascript:alert(105))",
    "<javascript:alert(106)>",
    "[click me](JaVaScRiPt:alert(107))",
    '<a href="&#106;avascript:alert(108)">entity link</a>',
    '<a href="data:text/html,<script>alert(109)</script>">data link</a>',
    '<iframe src="https://evil.example/alert(110)"></iframe>',
    '<object data="javascript:alert(111)"></object>',
    '<embed src="javascript:alert(112)">',
    (
        '<form action="javascript:alert(113)"><button formaction="javascript:alert(113)">go'
        "</button></form>"
    ),
    '<a href="  javascript:alert(114)">spaced link</a>',
    '<math><mi xlink:href="javascript:alert(115)">maths</mi></math>',
    '<style>body{background:url("javascript:alert(116)")}</style>',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(117)">',
    '<base href="javascript:alert(118)//">',
    '" onmouseover="alert(119)" x="',
    "</title><script>alert(120)</script>",
    "]]><script>alert(121)</script><![CDATA[",
    "<![CDATA[<script>alert(122)</script>]]>",
    '<a href="java&#9;script:alert(123)">tab link</a>',
    '<a href="jav&#x0A;ascript:alert(124)">newline link</a>',
    '<img src="data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMTI1KT4=" alt="svg">',
    "![picture](javascript:alert(126))",
    "<a href=javascript&colon;alert(127)>colon entity</a>",
    "<details open ontoggle=alert(128)>details</details>",
    '<div style="background:url(javascript:alert(129))">styled</div>',
    '<a href="vbscript:msgbox(130)">vb link</a>',
    '<!--<img src="--><img src=x onerror=alert(131)//">',
    '<p title="</p><script>alert(132)</script>">attribute markup</p>',
    '<noscript><p title="</noscript><img src=x onerror=alert(133)>"></noscript>',
    'Text with attributes\n{: onclick="alert(134)" }',
    "[reference link][evil134]\n\n[evil134]: javascript:alert(135)",
    "<scr<script>ipt>alert(136)</script>",
    "&lt;script&gt;alert(137)&lt;/script&gt;",
    (
        '<a href="&#0000106&#0000097&#0000118&#0000097&#0000115&#0000099&#0000114&#0000105'
        '&#0000112&#0000116&#0000058alert(138)">long entities</a>'
    ),
    '<svg><a xlink:href="javascript:alert(139)"><text>svg link</text></a></svg>',
    '<img srcset="javascript:alert(140) 1x" alt="srcset">',
    '<link rel="stylesheet" href="javascript:alert(141)">',
    '<table background="javascript:alert(142)"><tr><td>cell</td></tr></table>',
    "<input autofocus onfocus=alert(143)>",
    "<x onclick=alert(144)>unknown element</x>",
    '[link](https://example.org/){: onclick="alert(145)" href="javascript:alert(145)" }',
    "<a href='data:text/html;base64,PHNjcmlwdD5hbGVydCgxNDYpPC9zY3JpcHQ+'>b64</a>",
    "\u202e<script>alert(147)</script>\u0000\u200b",
]
MARKER = re.compile(r"alert\((1\d\d)\)|msgbox\((1\d\d)\)")
# What a marker looks like base64-encoded in vectors 125 and 146.
ENCODED_MARKERS = ("PHN2ZyBvbmxvYWQ9YWxlcnQoMTI1KT4", "PHNjcmlwdD5hbGVydCgxNDYpPC9zY3JpcHQ+")


def one_line(vector: str) -> str:
    """A vector fit for a one-line front matter value (titles and lists collapse whitespace)."""
    return " ".join(vector.replace("\u0000", "").split())


def unescape_xml_text(text: str) -> str:
    return html.unescape(text)
