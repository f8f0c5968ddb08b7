"""Options of the safe-publish plugin."""

from mkdocs.config import base
from mkdocs.config import config_options as c


class SafePublishConfig(base.Config):
    enabled = c.Type(bool, default=True)
