"""A court-news digest's cases as HTML, so the page, the search index and email share them."""

from __future__ import annotations

from .present import ItemView
from .templates import environment


def cases_html(view: ItemView) -> str:
    return environment().get_template("cases.html").render(view=view)
