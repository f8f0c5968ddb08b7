"""The email renderer as a plain module: no MkDocs, called directly."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest
from community_alerts.core.archive import Archive
from community_alerts.core.dates import LONDON
from community_alerts.core.item import Item, Sender, Settings
from community_alerts.render.email import (
    CONTENT_WIDTH,
    DAILY,
    WEEKLY,
    Digest,
    EmailSettings,
    breakable,
    digest_jobs,
    digests,
    email_body,
    item_email_job,
    linked_text,
    render_digest,
    render_email,
    render_outbox,
    window_start,
)
from community_alerts.render.plaintext import html_to_text
from community_alerts.render.present import ItemView

NOW = dt.datetime(2024, 6, 1, 12, tzinfo=dt.UTC)
BASE = "https://alerts.example.org/alerts/x/"
SETTINGS = EmailSettings(
    site_name="Test Alerts",
    site_url="https://alerts.example.org/",
    unsubscribe_placeholder="*|UNSUB|*",
    report_text="Report online at https://www.cambs.police.uk/report or call 101.",
)
HOSTILE = """
<p>Safe words.</p>
<script>alert(1)</script>
<img src="x.png" onerror="alert(2)">
<a href="javascript:alert(3)">click</a>
<iframe src="https://evil.example/"></iframe>
<img src="data:image/png;base64,AAAA" alt="embedded">
<p onclick="alert(4)" style="position:fixed">para</p>
<a href="data:text/html,hi">data link</a>
"""


def make_item(**fields) -> Item:
    values = dict(
        source_path="alerts/x.md",
        source_hash="h",
        section="alerts",
        id="alerts/x",
        url="alerts/x/",
        title="Van thefts in Ely",
        date=dt.datetime(2024, 5, 30, 10, tzinfo=LONDON),
        date_day_only=False,
        summary="Tools taken from vans.",
        body="",
        areas=("fenland",),
        category="theft",
        severity="warning",
        expires=dt.datetime(2024, 6, 13, 10, tzinfo=LONDON),
        crime_refs=("CF123",),
        sender=Sender(name="PC Jo Smith", organisation="Cambs Police"),
    )
    values.update(fields)
    return Item(**values)


def view(item: Item) -> ItemView:
    return ItemView(item, NOW, Settings())


def test_hostile_html_never_reaches_the_email():
    email = render_email(view(make_item()), HOSTILE, SETTINGS)
    for part in (email.html.lower(), email.text.lower()):
        for bad in (
            "<script",
            "alert(",
            "onerror",
            "onclick",
            "javascript:",
            "<iframe",
            "data:",
            "position:fixed",
        ):
            assert bad not in part
    assert "Safe words." in email.html and "Safe words." in email.text


def test_body_addresses_become_absolute_and_images_sized():
    body = email_body(
        '<p><a href="../y/">y</a> <img src="pic.png"> '
        '<img src="big.png" alt="Big" width="900" height="700"></p>',
        "https://alerts.example.org/alerts/x/",
    )
    assert 'href="https://alerts.example.org/alerts/y/"' in body
    assert (
        f'<img src="https://alerts.example.org/alerts/x/pic.png" width="{CONTENT_WIDTH}" alt="">'
        in body
    )
    assert f'alt="Big" width="{CONTENT_WIDTH}">' in body and "height" not in body


def test_unsubscribe_placeholder_is_written_as_configured():
    email = render_email(view(make_item()), "<p>Hi</p>", SETTINGS)
    assert 'href="*|UNSUB|*"' in email.html
    assert "*|UNSUB|*" in email.text


def test_title_and_summary_are_escaped_in_html_and_plain_in_text():
    item = make_item(title="Fish & chips <b>shop</b>", summary="A <i>summary</i> & more")
    email = render_email(view(item), "<p>Hi</p>", SETTINGS)
    assert (
        "<b>shop</b>" not in email.html and "Fish &amp; chips &lt;b&gt;shop&lt;/b&gt;" in email.html
    )
    assert "<i>summary</i>" not in email.html
    assert "Fish & chips <b>shop</b>" in email.text


def test_severity_date_areas_and_references_in_both_parts():
    email = render_email(view(make_item()), "<p>Hi</p>", SETTINGS)
    for expected in (
        "Warning",
        "Thursday 30 May 2024, 10:00",
        "Fenland",
        "CF123",
        "https://alerts.example.org/alerts/x/",
        "Message sent by",
        "PC Jo Smith",
        "Report online at",
    ):
        assert expected in email.html
        assert expected in email.text


def test_report_text_addresses_become_links():
    runs = linked_text("Go to https://a.example/report. Or call 101.")
    assert [(run.text, run.url) for run in runs] == [
        ("Go to ", None),
        ("https://a.example/report", "https://a.example/report"),
        (". Or call 101.", None),
    ]


@pytest.mark.parametrize(
    ("html", "text"),
    [
        (
            '<p>See <a href="https://x.example/a">the guide</a>.</p>',
            "See the guide (https://x.example/a).",
        ),
        ('<p><a href="https://x.example/">https://x.example/</a></p>', "https://x.example/"),
        ('<p><a href="mailto:a@b.example">a@b.example</a></p>', "a@b.example"),
        ("<ul><li>one</li><li>two<ul><li>inner</li></ul></li></ul>", "- one\n- two\n  - inner"),
        (
            '<ol start="3"><li><p>three</p><p>more</p></li><li>four</li></ol>',
            "3. three\n   more\n4. four",
        ),
        (
            "<h2>What to do</h2><p>Lock   up.<br>Now.</p>",
            "What to do\n----------\n\nLock up.\nNow.",
        ),
        (
            "<table><tr><th>A</th><th>B</th></tr><tr><td>1</td><td>2</td></tr></table>",
            "A | B\n1 | 2",
        ),
        ("<blockquote><p>Quoted</p></blockquote>", "> Quoted"),
        (
            '<p><img src="https://x.example/p.png" alt="A van"> Text &amp; more</p>',
            "[Image: A van] Text & more",
        ),
    ],
)
def test_plain_text_reads_as_text(html, text):
    assert html_to_text(html) == text


def test_weekly_digests_use_london_iso_weeks_and_list_current_alerts_first():
    # 00:30 on Monday 3 June in London is still Sunday (week 22) in UTC: it belongs to week 23.
    monday = make_item(
        id="a/monday",
        source_path="a/monday.md",
        url="a/monday/",
        title="Monday",
        date=dt.datetime(2024, 6, 3, 0, 30, tzinfo=LONDON),
    )
    expired = make_item(
        id="a/old",
        source_path="a/old.md",
        url="a/old/",
        title="Old",
        date=dt.datetime(2024, 5, 31, 9, tzinfo=LONDON),
        expires=dt.datetime(2024, 5, 31, 10, tzinfo=LONDON),
    )
    current = make_item(
        id="a/new",
        source_path="a/new.md",
        url="a/new/",
        title="Current",
        date=dt.datetime(2024, 5, 27, 9, tzinfo=LONDON),
    )
    guide = make_item(
        id="g/g",
        source_path="g/g.md",
        url="g/g/",
        section="guides",
        title="Guide",
        category=None,
        date=dt.datetime(2024, 4, 2, tzinfo=LONDON),
        updated=dt.datetime(2024, 5, 28, tzinfo=LONDON),
        expires=None,
    )
    archive = Archive(
        (monday, expired, current, guide), dt.datetime(2024, 6, 4, tzinfo=LONDON), Settings()
    )
    weeks = county_weeks(archive, 10)
    assert [week.name for week in weeks] == ["2024-W23", "2024-W22", "2024-W14"]
    assert [v.title for v in weeks[1].alerts] == ["Current", "Old"]
    assert [(v.title, new) for v, new in weeks[1].guides] == [("Guide", False)]
    assert [(v.title, new) for v, new in weeks[2].guides] == [("Guide", True)]
    assert weeks[1].days_text == "27 May to 2 June 2024"
    digest = render_digest(weeks[1], Settings(), SETTINGS)
    assert digest.html.index("Current") < digest.html.index("Old")
    assert "Expired" in digest.html and "Updated" in digest.html
    assert "https://alerts.example.org/a/new/" in digest.text
    assert "2 alerts and 1 new or updated guide from 27 May to 2 June 2024" in digest.html


def county_weeks(archive: Archive, weeks: int) -> list[Digest]:
    return [d for d in digests(archive, weeks) if d.area is None]


def dated(name: str, when: dt.datetime, **fields) -> Item:
    """An alert named `name` (its id, path and title), published at `when`."""
    return make_item(
        id=f"alerts/{name}",
        source_path=f"alerts/{name}.md",
        url=f"alerts/{name}/",
        title=name,
        date=when,
        expires=when + dt.timedelta(days=14),
        **fields,
    )


def test_digests_cover_only_the_last_digest_weeks_counted_from_now():
    # Now is Wednesday 5 June 2024 (week 23): two weeks back from it begin on Monday 27 May.
    now = dt.datetime(2024, 6, 5, 12, tzinfo=LONDON)
    items = (
        dated("this-week", dt.datetime(2024, 6, 3, 9, tzinfo=LONDON)),
        dated("last-week", dt.datetime(2024, 5, 27, 0, 0, tzinfo=LONDON)),
        # 23:30 on Sunday 26 May in London: still the week before the window.
        dated("too-old", dt.datetime(2024, 5, 26, 23, 30, tzinfo=LONDON)),
    )
    archive = Archive(items, now, Settings())
    assert window_start(now, 2) == dt.date(2024, 5, 27)
    assert window_start(now, 1) == dt.date(2024, 6, 3)
    made = digests(archive, 2)
    assert sorted({d.name for d in made if d.period == WEEKLY}) == ["2024-W22", "2024-W23"]
    assert sorted({d.name for d in made if d.period == DAILY}) == ["2024-05-27", "2024-06-03"]
    assert all(v.title != "too-old" for d in made for v in d.alerts)
    assert [d.name for d in county_weeks(archive, 1)] == ["2024-W23"]
    # Deterministic: the window follows the archive's now, never the clock.
    assert [d.path for d in made] == [d.path for d in digests(Archive(items, now, Settings()), 2)]


def test_an_area_digest_holds_its_messages_and_the_county_wide_ones():
    now = dt.datetime(2024, 6, 1, 12, tzinfo=LONDON)
    items = (
        dated("fenland", dt.datetime(2024, 5, 30, 9, tzinfo=LONDON), areas=("fenland",)),
        dated("cambridge", dt.datetime(2024, 5, 30, 10, tzinfo=LONDON), areas=("cambridge",)),
        dated("county", dt.datetime(2024, 5, 31, 9, tzinfo=LONDON), areas=("county-wide",)),
    )
    made = {d.path: d for d in digests(Archive(items, now, Settings()), 8)}

    def titles(path: str) -> list[str]:
        return [v.title for v in made[path].alerts]

    assert titles("email/digest/fenland/2024-W22") == ["county", "fenland"]
    assert titles("email/digest/cambridge/2024-W22") == ["county", "cambridge"]
    # The county-wide area's digest is its page's messages: the county-wide ones alone.
    assert titles("email/digest/county-wide/2024-W22") == ["county"]
    assert titles("email/digest/2024-W22") == ["county", "cambridge", "fenland"]
    # An area with only county-wide messages still has them; days without its messages none.
    assert titles("email/daily/peterborough/2024-05-31") == ["county"]
    assert "email/daily/peterborough/2024-05-30" not in made
    assert titles("email/daily/fenland/2024-05-30") == ["fenland"]
    assert made["email/digest/fenland/2024-W22"].email_id == "weekly:fenland:2024-W22"
    assert made["email/digest/2024-W22"].email_id == "weekly:2024-W22"
    digest = render_digest(made["email/daily/fenland/2024-05-30"], Settings(), SETTINGS)
    assert ">Fenland daily round-up: Thursday 30 May 2024</h1>" in digest.html
    assert "1 alert for Fenland on Thursday 30 May 2024" in digest.html  # the preheader
    assert "https://alerts.example.org/areas/fenland/" in digest.text


def test_daily_digests_follow_the_london_day():
    now = dt.datetime(2024, 6, 4, 12, tzinfo=LONDON)
    # 00:30 on 3 June in London is 23:30 on 2 June in UTC; 23:30 on 3 June is 22:30 UTC.
    early = dated("early", dt.datetime(2024, 6, 2, 23, 30, tzinfo=dt.UTC))
    late = dated("late", dt.datetime(2024, 6, 3, 22, 30, tzinfo=dt.UTC))
    daily = [
        d
        for d in digests(Archive((early, late), now, Settings()), 1)
        if d.period == DAILY and d.area.slug == "fenland"
    ]
    assert [(d.name, [v.title for v in d.alerts]) for d in daily] == [
        ("2024-06-03", ["late", "early"])
    ]
    assert daily[0].send_after == dt.datetime(2024, 6, 4, tzinfo=LONDON)
    assert daily[0].days_text == "Monday 3 June 2024"


def outbox(archive: Archive) -> list[dict]:
    """The outbox of an archive whose messages' bodies are all "<p>Hi</p>"."""
    jobs = [item_email_job(item, archive, "<p>Hi</p>", SETTINGS) for item in archive.published]
    jobs += digest_jobs(archive, SETTINGS, 8)
    return json.loads(render_outbox(jobs, SETTINGS))


def test_the_outbox_names_each_email_its_audience_and_when_to_send_it():
    now = dt.datetime(2024, 6, 1, 12, tzinfo=LONDON)
    first = dated(
        "first", dt.datetime(2024, 5, 30, 9, tzinfo=LONDON), severity="urgent", category="fraud"
    )
    update = dated(
        "update",
        dt.datetime(2024, 5, 31, 9, tzinfo=LONDON),
        severity="info",
        status="update",
        supersedes="alerts/first",
    )
    # The same moment as the update: the id decides the order.
    also = dated("also", dt.datetime(2024, 5, 31, 9, tzinfo=LONDON), severity="advisory")
    county = dated("county", dt.datetime(2024, 5, 29, 9, tzinfo=LONDON), areas=("county-wide",))
    guide = make_item(
        id="guides/g",
        source_path="guides/g.md",
        url="guides/g/",
        section="guides",
        title="Guide",
        category=None,
        severity="info",
        expires=None,
        date=dt.datetime(2024, 5, 28, 8, tzinfo=LONDON),
    )
    entries = outbox(Archive((first, update, also, county, guide), now, Settings()))
    by_id = {entry["id"]: entry for entry in entries}
    assert [entry["id"] for entry in entries if entry["kind"] == "item"] == [
        "guides/g",
        "alerts/county",
        "alerts/first",
        "alerts/also",
        "alerts/update",
    ]
    # A day's digest goes out at midnight after it, before the next day's messages.
    assert [entry["id"] for entry in entries[:3]] == [
        "guides/g",
        "daily:fenland:2024-05-28",
        "alerts/county",
    ]
    # Digests go out once their day or week is over: midnight after it, London time.
    assert by_id["daily:fenland:2024-05-30"]["send_after"] == "2024-05-31T00:00:00+01:00"
    assert by_id["weekly:fenland:2024-W22"]["send_after"] == "2024-06-03T00:00:00+01:00"
    assert entries[-1]["id"] == "weekly:south-cambridgeshire:2024-W22"
    moments = [dt.datetime.fromisoformat(entry["send_after"]) for entry in entries]
    assert moments == sorted(moments)
    assert by_id["alerts/first"]["send_after"] == "2024-05-30T09:00:00+01:00"
    assert by_id["alerts/first"]["urgent"] is True
    assert by_id["alerts/also"]["urgent"] is False and by_id["alerts/update"]["urgent"] is False
    assert by_id["alerts/update"]["supersedes"] == "alerts/first"
    assert by_id["alerts/first"]["supersedes"] is None
    assert by_id["alerts/first"]["audience"] == {
        "areas": ["fenland"],
        "categories": ["fraud"],
        "severities": ["urgent"],
    }
    # County-wide: every configured area's subscribers.
    assert by_id["alerts/county"]["audience"]["areas"] == list(Settings().areas)
    assert by_id["guides/g"]["audience"] == {
        "areas": ["fenland"],
        "categories": [],
        "severities": [],
    }
    assert by_id["weekly:2024-W22"]["audience"]["areas"] == []
    assert by_id["daily:peterborough:2024-05-29"]["audience"]["areas"] == ["peterborough"]
    assert by_id["weekly:fenland:2024-W22"]["kind"] == "weekly"
    assert by_id["daily:fenland:2024-05-30"]["kind"] == "daily"
    assert by_id["alerts/first"]["kind"] == "item"
    assert by_id["alerts/first"]["subject"] == "first"
    assert by_id["alerts/first"]["preheader"] == "Tools taken from vans."
    assert by_id["alerts/first"]["html"] == "https://alerts.example.org/alerts/first/email.html"
    assert by_id["alerts/first"]["text"] == "https://alerts.example.org/alerts/first/email.txt"
    assert by_id["weekly:fenland:2024-W22"]["html"] == (
        "https://alerts.example.org/email/digest/fenland/2024-W22.html"
    )
    assert len(entries) == len(by_id)


def test_long_link_texts_can_break_where_mail_clients_ignore_css():
    address = "https://www.cambs.police.uk/information-and-services/report?topic=a_b"
    body = email_body(f'<p><a href="{address}">{address}</a> <a href="/x">Short</a></p>', BASE)
    assert (
        ">https://<wbr>www<wbr>.cambs<wbr>.police<wbr>.uk/<wbr>information<wbr>-and<wbr>"
        "-services/<wbr>report<wbr>?topic<wbr>=a<wbr>_b</a>" in body
    )
    assert f'href="{address}"' in body and ">Short</a>" in body
    # No break point at all: one every 20 characters.
    assert breakable("x" * 45 + " & y") == "x" * 20 + "<wbr>" + "x" * 20 + "<wbr>xxxxx &amp; y"
    email = render_email(view(make_item()), str(body), SETTINGS)
    # The plain text is untouched; the footer's and the report's addresses break too.
    assert f"{address}" in email.text and "<wbr>" not in email.text
    assert ">https://<wbr>www<wbr>.cambs<wbr>.police<wbr>.uk/<wbr>report</a>" in email.html


def test_email_markup_keeps_to_html_for_the_nu_checker():
    email = render_email(view(make_item()), "<p>Hi</p>", SETTINGS)
    head = email.html[: email.html.index("</head>")]
    assert "xmlns:v" not in email.html and "xmlns:o=" not in email.html.split("<!--[if")[0]
    assert "mso-hide" not in email.html
    assert 'rel="alternate"' not in email.html  # feed links do nothing in a mail client
    assert all(
        "content=" in meta for meta in re.findall(r"<meta [^>]*>", head) if "charset" not in meta
    )
    # Outlook still hides the preheader: it skips what is in the comment.
    assert '<!--[if !mso]><!--><div class="preheader"' in email.html


def test_a_replaced_alert_says_so_and_links_to_its_successor():
    withdrawal = make_item(
        id="alerts/w",
        source_path="alerts/w.md",
        url="alerts/w/",
        title="Van thefts: appeal withdrawn",
        status="cancel",
        date=dt.datetime(2024, 5, 31, 9, tzinfo=LONDON),
    )
    replaced = ItemView(make_item(), NOW, Settings(), withdrawal)
    email = render_email(replaced, "<p>Hi</p>", SETTINGS)
    for part in (email.html, email.text):
        assert "Withdrawn" in part and "https://alerts.example.org/alerts/w/" in part
    assert (
        "This message withdraws an earlier alert"
        in render_email(
            ItemView(withdrawal, NOW, Settings(), None, (make_item(),)), "<p>Hi</p>", SETTINGS
        ).text
    )
