"""The archive: what is published as of "now", in what order, for which area."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys

from community_alerts.core import dates
from community_alerts.core.archive import Archive, newest_first, next_change, publication_summary
from community_alerts.core.dates import LONDON
from community_alerts.core.item import DEFAULT_AREAS, Item, Settings

UTC = dt.UTC
NOW = dt.datetime(2024, 6, 1, 12, 0, tzinfo=UTC)  # 13:00 in London
SETTINGS = Settings()


def make(ident: str, when: dt.datetime, section: str = "alerts", **extra) -> Item:
    values = dict(
        source_path=f"{section}/{ident}.md",
        source_hash="0",
        section=section,
        id=f"{section}/{ident}",
        url=f"{section}/{ident}/",
        title=ident.title(),
        date=when,
        date_day_only=False,
        summary="",
        body="",
        areas=("county-wide",),
    )
    if section == "alerts":
        values.update(category="theft", expires=when + dt.timedelta(days=14))
    values.update(extra)
    return Item(**values)


def london(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=LONDON)


def archive(*items: Item, now: dt.datetime = NOW) -> Archive:
    return Archive(tuple(items), now, SETTINGS)


def ids(items) -> list[str]:
    return [item.id.split("/", 1)[1] for item in items]


def test_newest_first_by_full_date_time_same_day_by_time():
    items = [
        make("morning", london(2024, 5, 30, 9, 0)),
        make("evening", london(2024, 5, 30, 18, 30)),
        make("earlier-day", london(2024, 5, 29, 23, 59)),
        make("noon", london(2024, 5, 30, 12, 0)),
        make("next-day-early", london(2024, 5, 31, 0, 1)),
    ]
    assert ids(archive(*items).published) == [
        "next-day-early",
        "evening",
        "noon",
        "morning",
        "earlier-day",
    ]


def test_newest_first_compares_instants_not_wall_clocks():
    # 10:00 in New York is 15:00 in London: later than 14:00 London.
    new_york = dt.timezone(dt.timedelta(hours=-4))
    items = [
        make("london-14", london(2024, 5, 30, 14, 0)),
        make("ny-10", dt.datetime(2024, 5, 30, 10, 0, tzinfo=new_york)),
    ]
    assert ids(newest_first(items)) == ["ny-10", "london-14"]


def test_same_instant_order_is_stable_whatever_the_input_order():
    when = london(2024, 5, 30, 9, 0)
    a, b, c = make("a", when), make("b", when), make("c", when)
    assert newest_first([a, b, c]) == newest_first([c, a, b]) == newest_first([b, c, a])


def test_drafts_and_future_items_are_not_published():
    items = [
        make("past", london(2024, 5, 1, 9, 0)),
        make("draft", london(2024, 5, 1, 9, 0), draft=True),
        make("future", london(2024, 6, 1, 13, 1)),  # 12:01 UTC: one minute after now
        make("just-now", london(2024, 6, 1, 13, 0)),  # exactly now
        make("future-guide", london(2024, 7, 1, 9, 0), section="guides"),
    ]
    built = archive(*items)
    assert ids(built.published) == ["just-now", "past"]
    assert sorted(ids(built.unpublished)) == ["draft", "future", "future-guide"]
    assert "draft" not in ids(built.section("alerts"))
    assert built.section("guides") == ()
    for slug in SETTINGS.areas:
        assert sorted(ids(built.area(slug))) == ["just-now", "past"]
    assert ids(built.current_alerts) == ["just-now"]  # "past" expired on 15 May


def test_sections_hold_only_their_own_items():
    items = [
        make("a", london(2024, 5, 1)),
        make("c", london(2024, 5, 2), section="court-news"),
        make("g", london(2024, 5, 3), section="guides"),
    ]
    built = archive(*items)
    assert ids(built.section("alerts")) == ["a"]
    assert ids(built.section("court-news")) == ["c"]
    assert ids(built.section("guides")) == ["g"]


def test_county_wide_items_are_in_every_area():
    items = [
        make("everywhere", london(2024, 5, 1)),
        make("fens", london(2024, 5, 2), areas=("fenland",)),
        make("two", london(2024, 5, 3), areas=("cambridge", "peterborough")),
    ]
    built = archive(*items)
    for slug in DEFAULT_AREAS:
        expected = (
            {"everywhere"}
            | ({"fens"} if slug == "fenland" else set())
            | ({"two"} if slug in ("cambridge", "peterborough") else set())
        )
        assert set(ids(built.area(slug))) == expected, slug
    assert ids(built.area("county-wide")) == ["everywhere"]
    assert ids(built.area("cambridge")) == ["two", "everywhere"]  # newest first


def test_area_pages_include_expired_alerts_current_alerts_do_not():
    items = [
        make("expired", london(2024, 4, 1), areas=("fenland",)),  # expired 15 April
        make("explicitly-expired", london(2024, 5, 30), expires=london(2024, 6, 1, 12, 0)),
        make("expires-at-now", london(2024, 5, 30), expires=NOW),
        make("current", london(2024, 5, 30), expires=london(2024, 6, 1, 13, 1)),
        make("guide", london(2024, 5, 31), section="guides"),
    ]
    built = archive(*items)
    assert ids(built.current_alerts) == ["current"]
    assert "expired" in ids(built.area("fenland"))
    assert "explicitly-expired" in ids(built.area("fenland"))
    assert len(built.section("alerts")) == 4


def test_current_alerts_newest_first():
    items = [make(f"a{n}", london(2024, 5, 20 + n, 9)) for n in range(5)]
    assert ids(archive(*items).current_alerts) == ["a4", "a3", "a2", "a1", "a0"]


def test_review_notices_are_information_not_errors():
    items = [
        make("overdue", london(2024, 1, 1), section="guides", review_by=dt.date(2024, 5, 1)),
        make("fine", london(2024, 1, 1), section="guides", review_by=dt.date(2025, 1, 1)),
        make("none", london(2024, 1, 1), section="guides"),
    ]
    [notice] = archive(*items).review_notices()
    assert notice.level == "info"
    assert not notice.is_error
    assert str(notice) == (
        "guides/overdue.md, field 'review_by': this guide was due for review on 1 May 2024; "
        "check it is still right, then set a new review_by date (a reminder: it does not "
        "stop the build)."
    )


def test_review_notices_only_for_published_guides():
    draft = make(
        "draft", london(2024, 1, 1), section="guides", draft=True, review_by=dt.date(2024, 5, 1)
    )
    assert archive(draft).review_notices() == []


def test_review_due_follows_the_london_date():
    # 2 June 2024, 00:30 in London (23:30 UTC on 1 June): 1 June is past in London.
    guide = make("g", london(2024, 1, 1), section="guides", review_by=dt.date(2024, 6, 1))
    assert guide.needs_review(dt.datetime(2024, 6, 1, 23, 30, tzinfo=UTC))


def test_now_respects_source_date_epoch(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(NOW.timestamp())))
    assert dates.now() == NOW
    future = make("future", london(2024, 6, 1, 13, 30))
    assert archive(future, now=dates.now()).published == ()
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(NOW.timestamp()) + 3600))
    assert ids(archive(future, now=dates.now()).published) == ["future"]


def test_now_reads_source_date_epoch_from_the_environment_of_a_fresh_process():
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1717243200"}
    done = subprocess.run(
        [sys.executable, "-c", "from community_alerts.core.dates import now; print(now())"],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert done.stdout.strip() == "2024-06-01 12:00:00+00:00"


# ------------------------------------------------------- chains (issue 17)


def test_a_withdrawal_naming_the_first_alert_withdraws_its_update_too():
    first = make("first", london(2024, 5, 28, 9))
    update = make("update", london(2024, 5, 29, 9), status="update", supersedes="alerts/first")
    withdrawal = make("off", london(2024, 5, 30, 9), status="cancel", supersedes="alerts/first")
    shown = archive(first, update, withdrawal)
    assert shown.current_alerts == ()
    assert shown.successor_of(update) is withdrawal
    assert ids(shown.latest_states(shown.section("alerts"))) == ["off"]


def test_a_withdrawal_in_the_middle_of_a_chain_withdraws_all_of_it():
    first = make("first", london(2024, 5, 27, 9))
    second = make("second", london(2024, 5, 28, 9), status="update", supersedes="alerts/first")
    third = make("third", london(2024, 5, 29, 9), status="update", supersedes="alerts/second")
    off = make("off", london(2024, 5, 30, 9), status="cancel", supersedes="alerts/second")
    shown = archive(first, second, third, off)
    assert shown.current_alerts == ()
    assert ids(shown.latest_states(shown.section("alerts"))) == ["off"]


def test_an_unrelated_alert_stays_current_beside_a_withdrawn_chain():
    first = make("first", london(2024, 5, 28, 9))
    off = make("off", london(2024, 5, 30, 9), status="cancel", supersedes="alerts/first")
    other = make("other", london(2024, 5, 29, 9))
    assert ids(archive(first, off, other).current_alerts) == ["other"]


def test_the_home_page_lists_current_alerts_most_severe_first_then_newest():
    info = make("info-new", london(2024, 5, 31, 9))
    urgent = make("urgent-old", london(2024, 5, 25, 9), severity="urgent")
    warning = make("warning", london(2024, 5, 30, 9), severity="warning")
    urgent_new = make("urgent-new", london(2024, 5, 29, 9), severity="urgent")
    shown = archive(info, urgent, warning, urgent_new)
    assert ids(shown.current_alerts_by_severity) == [
        "urgent-new",
        "urgent-old",
        "warning",
        "info-new",
    ]
    assert ids(shown.current_alerts) == ["info-new", "warning", "urgent-new", "urgent-old"]


def test_summary_names_drafts_and_scheduled_messages_with_their_times():
    published = make("out", london(2024, 5, 30, 9))
    draft = make("draft", london(2024, 5, 30, 9), draft=True)
    later = make("later", london(2024, 6, 5, 14, 30))
    assert publication_summary(archive(published, draft, later)) == (
        "1 message published; held back: 1 draft, 1 scheduled (alerts/later.md at "
        "5 June 2024, 14:30)."
    )
    assert publication_summary(archive(published)) == "1 message published; none held back."


def test_next_change_is_the_soonest_of_schedule_expiry_and_review():
    expiring = make("expiring", london(2024, 5, 30, 9), expires=london(2024, 6, 9, 18))
    scheduled = make("later", london(2024, 6, 8, 7))
    guide = make("guide", london(2024, 1, 1), section="guides", review_by=dt.date(2024, 6, 3))
    assert next_change(archive(expiring, scheduled, guide)) == london(2024, 6, 4)
    assert next_change(archive(expiring, scheduled)) == london(2024, 6, 8, 7)
    assert next_change(archive(expiring)) == london(2024, 6, 9, 18)
    draft = make("draft", london(2024, 6, 2), draft=True)
    assert next_change(archive(draft)) is None


def test_the_first_alert_of_a_withdrawn_chain_points_to_the_withdrawal():
    first = make("first", london(2024, 5, 28, 9))
    update = make("update", london(2024, 5, 29, 9), status="update", supersedes="alerts/first")
    off = make("off", london(2024, 5, 30, 9), status="cancel", supersedes="alerts/update")
    shown = archive(first, update, off)
    assert shown.successor_of(first) is off
    assert shown.successor_of(update) is off
    assert shown.successor_of(off) is None
