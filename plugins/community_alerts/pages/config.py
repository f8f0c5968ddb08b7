"""Options of the item pages plugin."""

from mkdocs.config import base
from mkdocs.config import config_options as c


class PagesConfig(base.Config):
    enabled = c.Type(bool, default=True)
    # The theme template (in overrides/) each message page is rendered with.
    template = c.Type(str, default="item.html")
