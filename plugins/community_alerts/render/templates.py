"""The renderers' own Jinja environment: autoescaping on, templates beside the code."""

from __future__ import annotations

from functools import cache

from jinja2 import Environment, PackageLoader, StrictUndefined


@cache
def environment() -> Environment:
    return Environment(
        loader=PackageLoader("community_alerts.render", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        # The templates ship with the package and never change while a process runs:
        # not checking their files on every use saves a stat call each time.
        auto_reload=False,
    )
