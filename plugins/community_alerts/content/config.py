"""Options of the content plugin: what the content model needs to know about the site."""

from mkdocs.config import base
from mkdocs.config import config_options as c

from ..core.item import DEFAULT_AREAS


class SenderConfig(base.Config):
    name = c.Type(str, default="")
    role = c.Type(str, default="")
    organisation = c.Type(str, default="Cambridgeshire Constabulary")


class ContentConfig(base.Config):
    enabled = c.Type(bool, default=True)
    # Area slug -> the name readers see. Front matter `areas` must use these slugs.
    areas = c.DictOfItems(c.Type(str), default=dict(DEFAULT_AREAS))
    # An alert without `expires` stops being current this many days after its date.
    alert_lifetime_days = c.Type(int, default=14)
    # "Message sent by" when an item has no `sender`.
    default_sender = c.SubConfig(SenderConfig)
    # Reuse each message as loaded and checked by the last build while its file is unchanged
    # (.cache/plugin/alerts-content/).
    cache = c.Type(bool, default=True)
