"""Dates as the contract defines them: aware, London by default, "now" reproducible."""

from __future__ import annotations

import datetime as dt

import pytest
from community_alerts.core import dates
from community_alerts.core.dates import (
    LONDON,
    DateError,
    day_for_readers,
    for_readers,
    now,
    parse_day,
    parse_when,
)

UTC = dt.UTC


def test_now_is_source_date_epoch_when_set(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1717243200")
    assert now() == dt.datetime(2024, 6, 1, 12, 0, tzinfo=UTC)


def test_now_is_the_clock_without_source_date_epoch(monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    before = dt.datetime.now(tz=UTC)
    found = now()
    assert before <= found <= dt.datetime.now(tz=UTC)
    assert found.tzinfo is not None


def test_now_empty_source_date_epoch_is_the_clock(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "")
    assert abs(now() - dt.datetime.now(tz=UTC)) < dt.timedelta(minutes=1)


def test_now_bad_source_date_epoch_is_a_clear_error(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "yesterday")
    with pytest.raises(DateError) as raised:
        now()
    assert str(raised.value) == (
        "SOURCE_DATE_EPOCH is 'yesterday'; set it to whole seconds since 1970, e.g. 1700000000"
    )


@pytest.mark.parametrize(
    ("value", "instant", "day_only"),
    [
        (dt.date(2024, 5, 30), dt.datetime(2024, 5, 29, 23, 0, tzinfo=UTC), True),
        (dt.date(2024, 1, 15), dt.datetime(2024, 1, 15, 0, 0, tzinfo=UTC), True),
        ("2024-05-30", dt.datetime(2024, 5, 29, 23, 0, tzinfo=UTC), True),
        (" 2024-05-30 ", dt.datetime(2024, 5, 29, 23, 0, tzinfo=UTC), True),
        (dt.datetime(2024, 5, 30, 10, 0), dt.datetime(2024, 5, 30, 9, 0, tzinfo=UTC), False),
        (dt.datetime(2024, 1, 15, 10, 0), dt.datetime(2024, 1, 15, 10, 0, tzinfo=UTC), False),
        (
            dt.datetime(2024, 5, 30, 10, 0, tzinfo=UTC),
            dt.datetime(2024, 5, 30, 10, 0, tzinfo=UTC),
            False,
        ),
        ("2024-05-30T10:00", dt.datetime(2024, 5, 30, 9, 0, tzinfo=UTC), False),
        ("2024-10-27T00:30", dt.datetime(2024, 10, 26, 23, 30, tzinfo=UTC), False),  # BST
        ("2024-10-27T03:00", dt.datetime(2024, 10, 27, 3, 0, tzinfo=UTC), False),  # GMT again
        ("2024-05-30T10:00:00-04:00", dt.datetime(2024, 5, 30, 14, 0, tzinfo=UTC), False),
    ],
)
def test_parse_when(value, instant, day_only):
    parsed, only_day = parse_when(value)
    assert parsed == instant
    assert parsed.tzinfo is not None
    assert only_day is day_only


@pytest.mark.parametrize("value", [None, 20240530, "2024-13-01", "soon", "", [], True])
def test_parse_when_rejects(value):
    with pytest.raises(DateError):
        parse_when(value)


def test_parse_day():
    assert parse_day("2025-06-30") == dt.date(2025, 6, 30)
    assert parse_day(dt.date(2025, 6, 30)) == dt.date(2025, 6, 30)
    for bad in (dt.datetime(2025, 6, 30, 10), "2025-06-30T10:00", "30/06/2025", 2025):
        with pytest.raises(DateError):
            parse_day(bad)


@pytest.mark.parametrize(
    ("moment", "day_only", "text"),
    [
        (dt.datetime(2024, 5, 30, 9, 0, tzinfo=UTC), False, "Thursday 30 May 2024, 10:00"),
        (dt.datetime(2024, 5, 30, 10, 0, tzinfo=LONDON), False, "Thursday 30 May 2024, 10:00"),
        (dt.datetime(2024, 12, 2, 14, 30, tzinfo=UTC), False, "Monday 2 December 2024, 14:30"),
        (dt.datetime(2024, 5, 29, 23, 0, tzinfo=UTC), True, "Thursday 30 May 2024"),
        (dt.datetime(2024, 5, 29, 23, 30, tzinfo=UTC), False, "Thursday 30 May 2024, 00:30"),
    ],
)
def test_for_readers(moment, day_only, text):
    assert for_readers(moment, day_only) == text


def test_day_for_readers():
    assert day_for_readers(dt.date(2024, 5, 22)) == "22 May 2024"


def test_london_is_europe_london():
    assert dates.LONDON.key == "Europe/London"
