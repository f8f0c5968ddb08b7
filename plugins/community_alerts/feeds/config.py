"""Options of the feeds plugin."""

from mkdocs.config import base
from mkdocs.config import config_options as c

from ..render.feeds import SCOPE_KINDS


class FeedsConfig(base.Config):
    enabled = c.Type(bool, default=True)
    # Which feeds to write: the whole site, each section, each configured area.
    scopes = c.ListOfItems(c.Choice(SCOPE_KINDS), default=list(SCOPE_KINDS))
    # The newest messages each feed holds.
    entry_limit = c.Type(int, default=50)
    # How long a feed reader may keep an RSS feed before fetching it again.
    # Short, because an urgent alert should not wait hours to be seen.
    ttl_minutes = c.Type(int, default=15)
    # The whole message in each entry; false for the summary and a link only.
    full_content = c.Type(bool, default=True)
    # A JSON Feed 1.1 (feed.json) beside each RSS and Atom feed, with the same entries.
    json_feed = c.Type(bool, default=True)
    # The date in every GUID (a tag URI, RFC 4151: a year on which the site's
    # host name was held). Never change it once feeds are published: every
    # GUID would change and readers would show every message again.
    guid_tag_date = c.Type(str, default="2024")
    # Reuse a feed whose entries have not changed since the last build
    # (.cache/plugin/alerts-feeds/).
    cache = c.Type(bool, default=True)
