"""Options of the CAP plugin."""

from mkdocs.config import base
from mkdocs.config import config_options as c

from ..render.cap import CAP_CERTAINTIES, DEFAULT_INSTRUCTION_HEADINGS


class GeocodeConfig(base.Config):
    # CAP's own names: the code system (e.g. "ONS" for a GSS code) and the code.
    valueName = c.Optional(c.Type(str))  # noqa: N815
    value = c.Optional(c.Type(str))


class AreaGeometryConfig(base.Config):
    # "lat,lon lat,lon ...", at least four points, the first repeated last (WGS 84).
    polygon = c.Optional(c.Type(str))
    geocode = c.SubConfig(GeocodeConfig)


class CapConfig(base.Config):
    enabled = c.Type(bool, default=True)
    # CAP <sender>: who sends the alerts, unique to the force. Default: site_url's host name.
    sender = c.Optional(c.Type(str))
    # Put before each message's id to make its CAP <identifier>, e.g. "cambs-".
    identifier_prefix = c.Type(str, default="")
    # A body section under one of these headings becomes CAP's <instruction>.
    instruction_headings = c.ListOfItems(c.Type(str), default=list(DEFAULT_INSTRUCTION_HEADINGS))
    # Category -> CAP <certainty> when not "Observed", e.g. {appeal: Likely}.
    certainty_by_category = c.DictOfItems(c.Choice(CAP_CERTAINTIES), default={})
    # Area slug -> where it is, for receivers that map alerts. Optional.
    area_geometry = c.DictOfItems(c.SubConfig(AreaGeometryConfig), default={})
    # The <areaDesc> of county-wide alerts: "County-wide" means nothing to a receiver.
    county_wide_name = c.Type(str, default="Cambridgeshire")
    # The date in each index entry's tag URI (RFC 4151): a year the site's host name
    # was held. Never change it once published, or every entry looks new.
    guid_tag_date = c.Type(str, default="2024")
    # Reuse CAP files whose inputs have not changed since the last build
    # (.cache/plugin/alerts-cap/).
    cache = c.Type(bool, default=True)
