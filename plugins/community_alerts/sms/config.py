"""Options of the SMS plugin."""

from mkdocs.config import base
from mkdocs.config import config_options as c

from ..render.sms import SMS_LIMIT


class SmsConfig(base.Config):
    enabled = c.Type(bool, default=True)
    # Characters in one text message: 160 GSM-7 characters make a single SMS.
    limit = c.Type(int, default=SMS_LIMIT)
    # What a county-wide alert's text calls its area.
    county_wide_name = c.Type(str, default="Cambridgeshire")
    # Reuse texts whose inputs have not changed since the last build (.cache/plugin/alerts-sms/).
    cache = c.Type(bool, default=True)
