"""Options of the search plugin."""

from mkdocs.config import base
from mkdocs.config import config_options as c


class SearchConfig(base.Config):
    enabled = c.Type(bool, default=True)
    # Section and area filters on the search page (the pages carry them either way).
    filters = c.Type(bool, default=True)
    # The language of every page, as an ISO 639-1 code: one index, stemmed for that language.
    language = c.Type(str, default="en")
    # Seconds Pagefind may take before the build is stopped.
    timeout = c.Type(int, default=600)
    # Keep each message's search record and the index between builds
    # (.cache/plugin/alerts-search/): a build with no message changed runs no indexing.
    cache = c.Type(bool, default=True)
