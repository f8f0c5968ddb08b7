"""Calendars: render/calendar_ics.py directly, then the files of a fixture site, parsed back
with icalendar."""

from __future__ import annotations

import datetime as dt

import pytest
from community_alerts.core.archive import Archive
from community_alerts.core.dates import LONDON
from community_alerts.core.item import Event, Item, Settings
from community_alerts.render.calendar_ics import (
    EVENTS_PATH,
    CalendarSettings,
    EventTimes,
    calendar_files,
    event_times,
    future_events,
)
from icalendar import Calendar
from outputs_site import HOST, SITE_URL, UNPUBLISHED, outputs_build
from sitebuild import Build

UTC = dt.UTC
NOW = dt.datetime(2024, 6, 1, 12, 0, tzinfo=UTC)  # 13:00 in London
SETTINGS = CalendarSettings(site_url=SITE_URL, site_name="Community Alerts")
HOUR = dt.timedelta(hours=1)


def london(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=LONDON)


def make(
    ident: str, when: dt.datetime, event: Event | None, section: str = "alerts", **extra
) -> Item:
    values = dict(
        source_path=f"{section}/{ident}.md",
        source_hash="0",
        section=section,
        id=f"{section}/{ident}",
        url=f"{section}/{ident}/",
        title=ident.title(),
        date=when,
        date_day_only=False,
        summary="Come along.",
        body="",
        areas=("fenland",),
        event=event,
    )
    if section == "alerts":
        values.update(category="community", expires=when + dt.timedelta(days=14))
    values.update(extra)
    return Item(**values)


def parsed_event(data: bytes):
    calendar = Calendar.from_ical(data)
    events = calendar.walk("VEVENT")
    assert len(events) == 1
    return calendar, events[0]


# --- render/calendar_ics.py ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("event", "expected"),
    [
        (
            Event(london(2024, 6, 12, 19)),
            EventTimes(london(2024, 6, 12, 19), london(2024, 6, 12, 20)),
        ),
        (
            Event(london(2024, 6, 12, 19), end=london(2024, 6, 12, 20, 30)),
            EventTimes(london(2024, 6, 12, 19), london(2024, 6, 12, 20, 30)),
        ),
        (
            Event(london(2024, 6, 12), start_day_only=True),
            EventTimes(dt.date(2024, 6, 12), dt.date(2024, 6, 13)),
        ),
        (
            Event(
                london(2024, 6, 12), start_day_only=True, end=london(2024, 6, 14), end_day_only=True
            ),
            EventTimes(dt.date(2024, 6, 12), dt.date(2024, 6, 15)),
        ),
        (
            Event(london(2024, 6, 12, 10), end=london(2024, 6, 13), end_day_only=True),
            EventTimes(london(2024, 6, 12, 10), london(2024, 6, 14)),
        ),
        # Across the clocks going back: an hour of real time, whatever the wall clock says.
        (
            Event(london(2024, 10, 27, 0, 30)),
            EventTimes(london(2024, 10, 27, 0, 30), london(2024, 10, 27, 1, 30).replace(fold=1)),
        ),
    ],
)
def test_event_times(event, expected):
    times = event_times(event, HOUR)
    assert times == expected
    assert type(times.start) is type(expected.start) and type(times.end) is type(expected.end)


def test_a_timed_event():
    item = make(
        "surgery",
        london(2024, 5, 30, 10),
        Event(
            london(2024, 6, 12, 19),
            end=london(2024, 6, 12, 20, 30),
            location="Wisbech Town Hall, Wisbech",
        ),
        updated=london(2024, 5, 31, 9),
    )
    files = calendar_files(Archive((item,), NOW, Settings()), SETTINGS)
    calendar, event = parsed_event(files["alerts/surgery/event.ics"])
    assert str(event["UID"]) == f"alerts/surgery@{HOST}"
    assert event.decoded("DTSTAMP") == dt.datetime(2024, 5, 30, 9, tzinfo=UTC)
    assert event.decoded("LAST-MODIFIED") == dt.datetime(2024, 5, 31, 8, tzinfo=UTC)
    assert event["DTSTART"].params["TZID"] == "Europe/London"
    assert event.decoded("DTSTART") == london(2024, 6, 12, 19)
    assert event.decoded("DTEND") == london(2024, 6, 12, 20, 30)
    assert str(event["SUMMARY"]) == "Surgery"
    assert str(event["LOCATION"]) == "Wisbech Town Hall, Wisbech"
    assert str(event["URL"]) == SITE_URL + "alerts/surgery/"
    assert str(event["DESCRIPTION"]) == f"Come along.\n\nDetails: {SITE_URL}alerts/surgery/"
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["Europe/London"]


def test_an_online_all_day_event():
    item = make(
        "webinar",
        london(2024, 5, 30),
        Event(london(2024, 6, 20), start_day_only=True, online="https://meet.example/x"),
        section="guides",
    )
    _, event = parsed_event(
        calendar_files(Archive((item,), NOW, Settings()), SETTINGS)["guides/webinar/event.ics"]
    )
    assert event.decoded("DTSTART") == dt.date(2024, 6, 20)
    assert event.decoded("DTEND") == dt.date(2024, 6, 21)
    assert str(event["LOCATION"]) == "https://meet.example/x"
    assert "Join online: https://meet.example/x" in str(event["DESCRIPTION"])


def test_an_update_replaces_the_event_in_a_calendar_and_a_withdrawal_cancels_it():
    first = make("meeting", london(2024, 5, 20), Event(london(2024, 6, 12, 19)))
    moved = make(
        "meeting-moved",
        london(2024, 5, 25),
        Event(london(2024, 6, 13, 19)),
        status="update",
        supersedes="alerts/meeting",
    )
    called_off = make(
        "meeting-off",
        london(2024, 5, 28),
        Event(london(2024, 6, 13, 19)),
        status="cancel",
        supersedes="alerts/meeting-moved",
    )
    archive = Archive((first, moved, called_off), NOW, Settings())
    files = calendar_files(archive, SETTINGS)
    events = {path: parsed_event(data)[1] for path, data in files.items() if path != EVENTS_PATH}
    assert {str(e["UID"]) for e in events.values()} == {f"alerts/meeting@{HOST}"}
    assert [
        events[f"alerts/{name}/event.ics"]["SEQUENCE"]
        for name in ("meeting", "meeting-moved", "meeting-off")
    ] == [0, 1, 2]
    assert str(events["alerts/meeting-off/event.ics"]["STATUS"]) == "CANCELLED"
    # The site's calendar holds each chain once, at its newest message.
    site_events = Calendar.from_ical(files[EVENTS_PATH]).walk("VEVENT")
    assert [(str(e["UID"]), str(e["STATUS"])) for e in site_events] == [
        (f"alerts/meeting@{HOST}", "CANCELLED")
    ]


def test_the_site_calendar_holds_events_not_yet_over_soonest_first():
    items = (
        make("past", london(2024, 5, 1), Event(london(2024, 5, 10, 10))),
        make("under-way", london(2024, 5, 1), Event(london(2024, 6, 1, 12, 30))),
        make("ended-just-now", london(2024, 5, 1), Event(london(2024, 6, 1, 12))),
        make("today", london(2024, 5, 1), Event(london(2024, 6, 1), start_day_only=True)),
        make("later", london(2024, 5, 2), Event(london(2024, 7, 1, 10))),
        make("soon", london(2024, 5, 3), Event(london(2024, 6, 2, 10))),
        make("no-event", london(2024, 5, 3), None),
        make("draft", london(2024, 5, 3), Event(london(2024, 6, 3, 10)), draft=True),
        make("future", london(2024, 6, 3), Event(london(2024, 6, 5, 10))),
    )
    archive = Archive(items, NOW, Settings())
    assert [item.id for item in future_events(archive, SETTINGS)] == [
        "alerts/today",
        "alerts/under-way",
        "alerts/soon",
        "alerts/later",
    ]
    files = calendar_files(archive, SETTINGS)
    assert sorted(files) == sorted(
        [EVENTS_PATH]
        + [
            f"alerts/{name}/event.ics"
            for name in ("past", "under-way", "ended-just-now", "today", "later", "soon")
        ]
    )


def test_an_empty_site_calendar_is_still_a_calendar():
    calendar = Calendar.from_ical(
        calendar_files(Archive((), NOW, Settings()), SETTINGS)[EVENTS_PATH]
    )
    assert calendar.walk("VEVENT") == []
    assert str(calendar["X-WR-CALNAME"]) == "Community Alerts: events"


# --- a built site ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def built() -> Build:
    return outputs_build()


def test_calendar_files_of_a_site(built):
    found = sorted(str(p.relative_to(built.site)) for p in built.site.rglob("*.ics"))
    assert found == sorted(
        [
            EVENTS_PATH,
            "alerts/2024/meeting/event.ics",
            "alerts/2024/surgery-past/event.ics",
            "guides/scam-workshop/event.ics",
        ]
    )
    for path in found:
        data = built.site.joinpath(path).read_bytes()
        calendar = Calendar.from_ical(data)
        assert str(calendar["VERSION"]) == "2.0"
        assert not any(token.encode() in data.lower() for token in UNPUBLISHED)
        for event in calendar.walk("VEVENT"):
            assert str(event["UID"]).endswith("@" + HOST)
            assert event.decoded("DTSTAMP") < dt.datetime(2024, 6, 1, 12, tzinfo=UTC)

    _, meeting = parsed_event(built.site.joinpath("alerts/2024/meeting/event.ics").read_bytes())
    assert str(meeting["UID"]) == f"alerts/2024/meeting@{HOST}"
    assert meeting.decoded("DTSTAMP") == dt.datetime(2024, 5, 31, 7, tzinfo=UTC)
    assert meeting["DTSTART"].params["TZID"] == "Europe/London"
    assert meeting.decoded("DTSTART") == london(2024, 6, 12, 19)
    assert meeting.decoded("DTEND") == london(2024, 6, 12, 20, 30)
    assert str(meeting["DESCRIPTION"]).startswith("Meet your team & ask questions.")

    site_calendar = Calendar.from_ical(built.site.joinpath(EVENTS_PATH).read_bytes())
    assert [str(e["UID"]) for e in site_calendar.walk("VEVENT")] == [
        f"alerts/2024/meeting@{HOST}",
        f"guides/scam-workshop@{HOST}",
    ]
    assert [tz["TZID"] for tz in site_calendar.walk("VTIMEZONE")] == ["Europe/London"]
