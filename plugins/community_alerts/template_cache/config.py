"""Options of the template cache plugin."""

from mkdocs.config import base
from mkdocs.config import config_options as c


class TemplateCacheConfig(base.Config):
    enabled = c.Type(bool, default=True)
