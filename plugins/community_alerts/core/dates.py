"""Dates as the contract defines them: every value an aware datetime, London by default."""

from __future__ import annotations

import datetime as dt
import os
from functools import lru_cache
from zoneinfo import ZoneInfo

from babel import Locale
from babel.dates import format_date, format_datetime

LONDON = ZoneInfo("Europe/London")
# Parsed once: given as a name, Babel looks the locale up on every call (half its time).
BRITISH = Locale.parse("en_GB")


class DateError(ValueError):
    """A front matter value that is not a date the contract accepts."""


def now() -> dt.datetime:
    """The build's "now": `SOURCE_DATE_EPOCH` when set (reproducible builds), else the clock."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch:
        try:
            return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC)
        except ValueError as error:
            raise DateError(
                f"SOURCE_DATE_EPOCH is {epoch!r}; set it to whole seconds since 1970, "
                "e.g. 1700000000"
            ) from error
    return dt.datetime.now(tz=dt.UTC)


def parse_when(value: object) -> tuple[dt.datetime, bool]:
    """Return `(aware datetime, day_only)` for a date or date-time front matter value.

    A plain date means 00:00 that day and a date-time without an offset is
    Europe/London time. `day_only` records that no time was given, so readers
    are not shown a meaningless "00:00".
    """
    # Plain datetimes from here on, whatever subclass the reader made.
    if isinstance(value, dt.datetime):
        return _in_london(dt.datetime.combine(value.date(), value.timetz())), False
    if isinstance(value, dt.date):
        return dt.datetime(value.year, value.month, value.day, tzinfo=LONDON), True
    if isinstance(value, str):
        text = value.strip()
        try:
            if len(text) == 10:
                return parse_when(dt.date.fromisoformat(text))
            return _in_london(dt.datetime.fromisoformat(text)), False
        except ValueError:
            pass
    raise DateError(repr(value))


def parse_day(value: object) -> dt.date:
    """Return the date of a value that must be a plain `YYYY-MM-DD` date."""
    if isinstance(value, dt.datetime):
        raise DateError(repr(value))
    if isinstance(value, dt.date):
        return dt.date(value.year, value.month, value.day)
    if isinstance(value, str) and len(value.strip()) == 10:
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise DateError(repr(value))


def _in_london(value: dt.datetime) -> dt.datetime:
    return value if value.tzinfo is not None else value.replace(tzinfo=LONDON)


@lru_cache(maxsize=65536)  # the same dates are written on pages, listings, feeds and emails
def for_readers(moment: dt.datetime, day_only: bool = False) -> str:
    """A date as a British reader expects it: "Wednesday 22 May 2024, 14:30"."""
    if day_only:
        return format_date(moment.astimezone(LONDON).date(), "EEEE d MMMM y", locale=BRITISH)
    return format_datetime(moment, "EEEE d MMMM y, HH:mm", tzinfo=LONDON, locale=BRITISH)


def day_for_readers(day: dt.date) -> str:
    """A plain date as a British reader expects it: "22 May 2024"."""
    return format_date(day, "d MMMM y", locale=BRITISH)


def for_staff(moment: dt.datetime, day_only: bool = False) -> str:
    """A date in a message to staff, as they would write it: "30 November 2026", with
    ", 14:30" when a time other than midnight was given."""
    local = moment.astimezone(LONDON)
    if day_only or local.time() == dt.time():
        return day_for_readers(local.date())
    return format_datetime(moment, "d MMMM y, HH:mm", tzinfo=LONDON, locale=BRITISH)
