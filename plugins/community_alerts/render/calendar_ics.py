"""iCalendar (RFC 5545) files of events in published messages: items in, bytes out. No MkDocs here.

`event.ics` beside each page whose message has an `event`, and `events.ics` at
the site root with every event not yet over. Times are written in
Europe/London with its VTIMEZONE; every date comes from the content, never the
clock, so two builds of the same content give the same bytes.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from urllib.parse import quote, urlsplit

from icalendar import Calendar, Timezone
from icalendar import Event as CalendarEvent

from ..core.archive import Archive
from ..core.dates import LONDON
from ..core.item import Event, Item
from .templates import environment

EVENT_FILE = "event.ics"
EVENTS_PATH = "events.ics"
LONDON_TZID = "Europe/London"


@dataclass(frozen=True)
class CalendarSettings:
    site_url: str  # absolute, ending in "/"
    site_name: str
    default_duration: dt.timedelta = dt.timedelta(hours=1)  # for an event without an end

    @property
    def host(self) -> str:
        return urlsplit(self.site_url).hostname or ""

    def absolute(self, path: str) -> str:
        return self.site_url + quote(path)


@dataclass(frozen=True)
class EventTimes:
    """DTSTART and DTEND: both dates (an all-day event, end exclusive) or both London times."""

    start: dt.date | dt.datetime
    end: dt.date | dt.datetime


def event_path(item: Item) -> str:
    return item.url + EVENT_FILE


def event_times(event: Event, default_duration: dt.timedelta) -> EventTimes:
    """The event's start and end as a calendar needs them.

    A start given as a date makes an all-day event, ending after its end day
    (RFC 5545's end is exclusive) or after one day. A time without an end lasts
    `default_duration`; an end given as a date ends at the close of that day.
    """
    start = event.start.astimezone(LONDON)
    end = event.end.astimezone(LONDON) if event.end is not None else None
    if event.start_day_only:
        last_day = end.date() if end is not None else start.date()
        return EventTimes(start.date(), last_day + dt.timedelta(days=1))
    if end is None:
        return EventTimes(start, (start + default_duration).astimezone(LONDON))
    if event.end_day_only:
        end = dt.datetime.combine(end.date() + dt.timedelta(days=1), dt.time(), tzinfo=LONDON)
    return EventTimes(start, end)


def uid_of(item: Item, archive: Archive, settings: CalendarSettings) -> str:
    """The id of the first message in the item's chain: an update then replaces the
    event a reader already added instead of adding a second one."""
    earlier = archive.earlier_of(item)
    first = earlier[-1] if earlier else item
    return f"{first.id}@{settings.host}"


def calendar_event(item: Item, archive: Archive, settings: CalendarSettings) -> CalendarEvent:
    """The VEVENT of one message with an event."""
    assert item.event is not None
    event = item.event
    times = event_times(event, settings.default_duration)
    page_url = settings.absolute(item.url)
    vevent = CalendarEvent()
    vevent.add("uid", uid_of(item, archive, settings))
    # The message's own date, never the build time, so a rebuild changes nothing.
    vevent.add("dtstamp", item.date.astimezone(dt.UTC))
    if item.updated is not None:
        vevent.add("last-modified", item.updated.astimezone(dt.UTC))
    # Each update in a chain supersedes the copy a calendar already holds.
    vevent.add("sequence", len(archive.earlier_of(item)))
    vevent.add("dtstart", times.start)
    vevent.add("dtend", times.end)
    vevent.add("summary", item.title)
    description = (
        environment()
        .get_template("calendar/description.txt")
        .render(summary=item.summary, online=event.online, page_url=page_url)
    )
    vevent.add("description", description.strip())
    # Calendars link an online-only event's address when it is the location.
    location = event.location or event.online
    if location:
        vevent.add("location", location)
    vevent.add("url", page_url)
    vevent.add("status", "CANCELLED" if item.status == "cancel" else "CONFIRMED")
    return vevent


def calendar_of(
    items: tuple[Item, ...], archive: Archive, settings: CalendarSettings, name: str
) -> bytes:
    """A VCALENDAR of the items' events, with the Europe/London VTIMEZONE they refer to."""
    calendar = Calendar()
    calendar.add("prodid", f"-//{settings.site_name}//Community alerts//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("name", name)
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", LONDON_TZID)
    calendar.add_component(_london(items, archive.now))
    for item in items:
        calendar.add_component(calendar_event(item, archive, settings))
    return calendar.to_ical()


def _london(items: tuple[Item, ...], now: dt.datetime) -> Timezone:
    # Europe/London's rules over whole years around the events (around "now" in a
    # calendar without events): taken from the content, so the same for every build.
    years = [item.event.start.astimezone(LONDON).year for item in items if item.event]
    years += [
        item.event.end.astimezone(LONDON).year for item in items if item.event and item.event.end
    ]
    first = min(years, default=now.astimezone(LONDON).year)
    last = max(years, default=now.astimezone(LONDON).year)
    return Timezone.from_tzid(
        LONDON_TZID, first_date=dt.date(first, 1, 1), last_date=dt.date(last + 2, 1, 1)
    )


def future_events(archive: Archive, settings: CalendarSettings) -> tuple[Item, ...]:
    """Messages whose event is not over yet, soonest first; each chain once, at its newest.

    An event counts until it ends, so one under way (a surgery that started an
    hour ago) is still in the calendar.
    """

    def end(item: Item) -> dt.datetime | dt.date:
        assert item.event is not None
        return event_times(item.event, settings.default_duration).end

    def is_over(item: Item) -> bool:
        finish = end(item)
        if isinstance(finish, dt.datetime):
            return finish <= archive.now
        return finish <= archive.now.astimezone(LONDON).date()

    latest = archive.latest_states(archive.published)
    upcoming = [item for item in latest if item.event is not None and not is_over(item)]
    return tuple(sorted(upcoming, key=lambda item: (item.event.start, item.id)))


def calendar_files(archive: Archive, settings: CalendarSettings) -> dict[str, bytes]:
    """Every calendar file of the build by its path under the site root."""
    files = {
        event_path(item): calendar_of((item,), archive, settings, item.title)
        for item in archive.published
        if item.event is not None
    }
    files[EVENTS_PATH] = calendar_of(
        future_events(archive, settings), archive, settings, f"{settings.site_name}: events"
    )
    return files
