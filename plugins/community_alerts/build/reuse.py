"""Pages an earlier build rendered, used again when nothing they show has changed.

MkDocs renders every page on every build: Markdown, then the theme's templates. At 10,000
messages that is most of a publish, though one new alert changes a few dozen pages. Here
a message or listing page whose inputs are those of a page an earlier build wrote is not
rendered again: its HTML is that page's, byte for byte, and its body (for feeds, emails and
search) is the body cache's (steps/pages.py).

A page's key follows the one cache contract (cache.py), made of everything its HTML comes
from:
- the site's signature, `site_signature`: every file of the project's package and of the
  theme's folders (overrides/ and Material's templates), the libraries' versions, the
  settings of mkdocs.yml that pages show, and the navigation. Any change to one of them
  renders every page again;
- the page's source and address;
- what each step gives the page's template (`Step.page_inputs`): the message as readers
  see it at this build's moment (what replaced it, expired or not), or the listing's
  entries.

MkDocs still checks links to anchors: a page used again brings the anchors it had and
the anchors it links to, as its rendering found them.

Not in a preview: a preview shows drafts and has no Content-Security-Policy, and renders
only the pages whose file changed anyway (`--dirty`).
"""

from __future__ import annotations

import hashlib
import logging
import os
from importlib import resources
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from ..cache import Cache, add_versions, cache_key, fingerprint_of, keep, read_kept, store

log = get_plugin_logger(__name__)

# The theme template of a page used again: it renders nothing, since `output` replaces
# what it renders (build/templates/).
REUSED_TEMPLATE = "alerts-reused-page.html"
# Libraries behind a page's HTML beyond cache.py's RENDERING_LIBRARIES.
PAGE_LIBRARIES = ("mkdocs", "mkdocs-material", "pymdown-extensions", "MarkupSafe")
# The settings of mkdocs.yml a page can show (an `!ENV` value or an INHERIT file too).
PAGE_SETTINGS = (
    "site_name",
    "site_url",
    "site_description",
    "site_author",
    "copyright",
    "repo_url",
    "repo_name",
    "edit_uri",
    "edit_uri_template",
    "use_directory_urls",
    "extra",
    "extra_css",
    "extra_javascript",
    "markdown_extensions",
    "mdx_configs",
    "nav",
    "validation",  # which problems a page's rendering warns of
)


class ReusedPages:
    """Which pages this build takes from an earlier one, and the HTML of the rest for the
    next build, in `<cache>/rendered-pages/`."""

    def __init__(self, cache: Cache, signature: str) -> None:
        self.signature = signature
        self.outputs = cache.outputs("rendered-pages")
        # Beside the outputs' folder, whose every file not used this build is removed.
        self.anchors_file = cache.folder("rendered-pages-anchors") / "anchors.pickle"
        # By page key: the page's anchors, and the anchors it links to by target source.
        self.earlier_anchors: dict[str, tuple] = read_kept(self.anchors_file, "page-anchors")
        self.anchors: dict[str, tuple] = {}
        self.keys: dict[str, str] = {}  # this build's key of each page, by source
        self.reused: set[str] = set()

    def decide(self, page: Page, inputs: list[object], allowed: bool) -> bool:
        """Whether `page` is used as an earlier build rendered it (if `allowed`); if so,
        MkDocs' rendering of its Markdown is skipped (`on_pre_page`)."""
        source = page.file.src_uri
        key = cache_key("page", self.signature, source, page.url, fingerprint_of(inputs))
        self.keys[source] = key
        anchors = self.earlier_anchors.get(key)
        if not allowed or anchors is None or not self.outputs.has(key, ".html"):
            return False
        self.reused.add(source)
        self.anchors[key] = anchors
        present, links = anchors

        # What MkDocs' own rendering would have found, for its check of anchor links.
        def render(config: MkDocsConfig, files: Files) -> None:
            page.content = ""  # MkDocs asserts there is some; the body cache has the body
            page.present_anchor_ids = set(present)
            page.links_to_anchors = {
                target: dict(found)
                for target_source, found in links
                if (target := files.get_file_from_path(target_source)) is not None
            }

        page.render = render  # this page only: MkDocs calls it on each page it reads
        return True

    def output(self, page: Page, rendered: str) -> str:
        """The page's HTML (`on_post_page`): the earlier build's for a page used again;
        else `rendered`, kept for the next build."""
        key = self.keys.get(page.file.src_uri)
        if key is None:
            return rendered
        path = self.outputs.path(key, ".html")
        if page.file.src_uri in self.reused:
            try:
                return path.read_bytes().decode("utf-8")
            except FileNotFoundError:  # removed since `decide`: only another build does that
                raise PluginError(
                    f"alerts: a page kept from the last build ({page.file.src_uri}) was "
                    "removed while this build ran; another build of this site was running "
                    "at the same time. Build again once it has finished."
                ) from None
        # As MkDocs writes it.
        store(path, rendered.encode("utf-8", errors="xmlcharrefreplace"))
        self.outputs.made_now(key)
        links = page.links_to_anchors or {}
        self.anchors[key] = (
            sorted(page.present_anchor_ids or ()),
            sorted((target.src_uri, sorted(found.items())) for target, found in links.items()),
        )
        return rendered

    def save(self, complete: bool) -> None:
        """Keep this build's pages for the next; a partial build keeps the earlier ones too."""
        anchors = self.anchors if complete else {**self.earlier_anchors, **self.anchors}
        if anchors != self.earlier_anchors:
            keep(self.anchors_file, "page-anchors", anchors)
        self.outputs.save(complete)
        log.debug(f"Pages: {len(self.reused)} used again, {self.outputs.made} rendered and kept.")


def site_signature(config: MkDocsConfig, nav: Navigation) -> str:
    """A hash of everything every page's HTML comes from (see the module's text)."""
    digest = hashlib.sha256()
    add_versions(digest, PAGE_LIBRARIES)
    package = Path(str(resources.files("community_alerts")))
    for folder in (package, *map(Path, config.theme.dirs)):
        for path in _files_under(folder):
            digest.update(path.as_posix().encode() + b"\0" + path.read_bytes())
    settings = {name: config.get(name) for name in PAGE_SETTINGS}
    settings["theme"] = sorted(config.theme.items(), key=lambda pair: pair[0])
    # MkDocs records a page's links to anchors only when not --verbose (Page.render).
    anchors_checked = (
        logging.getLogger("mkdocs.structure.pages").getEffectiveLevel() > logging.DEBUG
    )
    return cache_key(
        "site", digest.hexdigest(), repr(settings), _nav_outline(nav.items), anchors_checked
    )


def _files_under(folder: Path) -> list[Path]:
    """Every file under `folder` but compiled Python and what is under a folder whose name
    starts with a dot (Material's 14,500 icons: MkDocs leaves them out of a site too)."""
    found = []
    for parent, subfolders, names in os.walk(folder):
        subfolders[:] = [n for n in subfolders if not n.startswith(".") and n != "__pycache__"]
        found += [Path(parent, name) for name in names]
    return sorted(found)


def _nav_outline(items: list) -> list:
    return [
        (
            type(item).__name__,
            item.title,
            getattr(item, "url", None),
            _nav_outline(getattr(item, "children", None) or []),
        )
        for item in items
    ]
