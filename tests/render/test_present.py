"""What readers are shown for an item: dates in words, severity words, states."""

from __future__ import annotations

import datetime as dt

import pytest
from community_alerts.cache import job_key
from community_alerts.core.dates import LONDON
from community_alerts.core.item import Item, Settings
from community_alerts.render.present import ItemView, area_of

NOW = dt.datetime(2024, 6, 1, 12, 0, tzinfo=dt.UTC)


def view(section: str = "alerts", **extra) -> ItemView:
    values = dict(
        source_path=f"{section}/x.md",
        source_hash="0",
        section=section,
        id=f"{section}/x",
        url=f"{section}/x/",
        title="Van thefts",
        date=dt.datetime(2024, 5, 30, 10, tzinfo=LONDON),
        date_day_only=False,
        summary="",
        body="",
        areas=("fenland", "county-wide"),
    )
    if section == "alerts":
        values.update(category="fraud", expires=dt.datetime(2024, 6, 13, 10, tzinfo=LONDON))
    values.update(extra)
    return ItemView(Item(**values), NOW, Settings())


def test_dates_in_words():
    shown = view(updated=dt.datetime(2024, 5, 31, 8, 5, tzinfo=LONDON))
    assert shown.date_text == "Thursday 30 May 2024, 10:00"
    assert shown.updated_text == "Friday 31 May 2024, 08:05"
    assert shown.expires_text == "Thursday 13 June 2024, 10:00"


def test_day_only_date_has_no_time():
    shown = view(date=dt.datetime(2024, 5, 30, tzinfo=LONDON), date_day_only=True)
    assert shown.date_text == "Thursday 30 May 2024"


def test_no_updated_no_text():
    assert view().updated_text == ""


@pytest.mark.parametrize(
    ("severity", "word"),
    [
        ("info", "Information"),
        ("advisory", "Advisory"),
        ("warning", "Warning"),
        ("urgent", "Urgent"),
    ],
)
def test_severity_has_a_word_and_a_sentence(severity, word):
    shown = view(severity=severity)
    assert shown.severity_word == word
    assert shown.severity_hint.endswith(".")


def test_labels():
    shown = view()
    assert (shown.section_name, shown.category_name, shown.is_alert) == (
        "Alert",
        "Fraud and scams",
        True,
    )
    assert [(a.slug, a.name, a.url) for a in shown.areas_named] == [
        ("fenland", "Fenland", "areas/fenland/"),
        ("county-wide", "County-wide", "areas/county-wide/"),
    ]
    assert view("guides").section_name == "Guide"
    assert view("court-news").section_name == "Court news"
    assert view("guides").is_alert is False


def test_expired():
    assert view().expired is False
    assert view(expires=dt.datetime(2024, 6, 1, 12, 0, tzinfo=dt.UTC)).expired is True
    assert view(expires=dt.datetime(2024, 5, 31, tzinfo=LONDON)).expired is True


def test_review_due():
    assert view("guides", review_by=dt.date(2024, 5, 1)).review_due is True
    assert view("guides", review_by=dt.date(2024, 5, 1)).review_text == "1 May 2024"
    assert view("guides", review_by=dt.date(2025, 5, 1)).review_due is False
    assert view("guides").review_due is False


def test_preview_notes():
    assert view().preview_note == ""
    assert view(draft=True).preview_note == "Draft: this message is not published."
    scheduled = view(date=dt.datetime(2024, 6, 2, 9, tzinfo=LONDON))
    assert scheduled.preview_note == (
        "Scheduled: this message will be published on Sunday 2 June 2024, 09:00."
    )


def test_view_reads_item_fields_through():
    assert view().title == "Van thefts"
    assert view().url == "alerts/x/"


def test_area_of():
    area = area_of("south-cambridgeshire", Settings())
    assert (area.name, area.url) == ("South Cambridgeshire", "areas/south-cambridgeshire/")


def test_a_view_is_keyed_by_what_it_shows_never_by_the_moment_it_was_made():
    shown = view()
    an_hour_later = ItemView(shown.item, NOW + dt.timedelta(hours=1), Settings())
    after_expiry = ItemView(shown.item, dt.datetime(2024, 7, 1, tzinfo=dt.UTC), Settings())
    other_areas = ItemView(shown.item, NOW, Settings(areas={"county-wide": "All"}))
    assert job_key(print, shown) == job_key(print, an_hour_later)
    assert job_key(print, shown) != job_key(print, after_expiry)  # now shown as expired
    assert job_key(print, shown) != job_key(print, other_areas)
    assert job_key(print, shown, "body") != job_key(print, shown, "other body")
