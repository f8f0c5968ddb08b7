"""Options of the calendar plugin."""

from mkdocs.config import base
from mkdocs.config import config_options as c


class CalendarConfig(base.Config):
    enabled = c.Type(bool, default=True)
    # How long an event lasts in a calendar when its message gives a start time but no end.
    default_duration_minutes = c.Type(int, default=60)
