"""Options of the listings plugin."""

from mkdocs.config import base
from mkdocs.config import config_options as c


class ListingsConfig(base.Config):
    enabled = c.Type(bool, default=True)
    # Messages on each page of a section or area listing. Twenty, as GOV.UK lists: half
    # the pages of ten to click through, and to build (an archive of 1,000 has 170, not 330).
    per_page = c.Type(int, default=20)
    # Messages of each section shown on the home page, under the current alerts.
    home_latest = c.Type(int, default=5)
