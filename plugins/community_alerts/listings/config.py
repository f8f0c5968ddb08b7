"""Options of the listings plugin."""

from mkdocs.config import base
from mkdocs.config import config_options as c


class ListingsConfig(base.Config):
    enabled = c.Type(bool, default=True)
    # Messages on each page of a section or area listing.
    per_page = c.Type(int, default=10)
    # Messages of each section shown on the home page, under the current alerts.
    home_latest = c.Type(int, default=5)
