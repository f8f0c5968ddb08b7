"""Search records: each message as the search index reads it. No MkDocs here.

A record is a small HTML document holding only what search needs (the text, the filters
and what a result shows), written at the message's own path under a records folder so
that Pagefind, indexing that folder, gives each result the message's address. Records
need only the archive and the pages' bodies, not the finished pages, so the index can be
built while the pages are still rendering.
"""

from __future__ import annotations

from markupsafe import Markup

from ..cache import job_key
from ..core.item import COUNTY_WIDE
from .present import ItemView
from .templates import environment

RECORD_FILE = "index.html"


def record_path(view: ItemView) -> str:
    """Where the record goes under the records folder: the page's own path."""
    return view.item.url + RECORD_FILE


def record_key(view: ItemView, body_html: str, language: str) -> str:
    """A hash of everything that goes into a record (and of the code that makes it)."""
    return job_key(search_record, view, body_html, language)


def search_record(view: ItemView, body_html: str, language: str) -> str:
    """The record of one message whose page's finished (sanitised) body is `body_html`."""
    areas = view.item.areas
    filter_areas = (
        list(view.settings.areas.values())
        if COUNTY_WIDE in areas
        else [area.name for area in view.areas_named]
    )
    return (
        environment()
        .get_template("search/record.html")
        .render(view=view, body=Markup(body_html), language=language, filter_areas=filter_areas)
    )
