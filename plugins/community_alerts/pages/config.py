"""Options of the item pages plugin."""

from mkdocs.config import base
from mkdocs.config import config_options as c


class PagesConfig(base.Config):
    enabled = c.Type(bool, default=True)
    # The theme template (in overrides/) each message page is rendered with.
    template = c.Type(str, default="item.html")
    # Reuse each message's finished body while its page's HTML is unchanged, and give a
    # `--dirty` rebuild the bodies of the pages it skips (.cache/plugin/alerts-pages/).
    cache = c.Type(bool, default=True)
