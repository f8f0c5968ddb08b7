"""The email renderer as a plain module: no MkDocs, called directly."""

from __future__ import annotations

import datetime as dt

import pytest
from community_alerts.core.archive import Archive
from community_alerts.core.dates import LONDON
from community_alerts.core.item import Item, Sender, Settings
from community_alerts.render.email import (
    CONTENT_WIDTH,
    EmailSettings,
    digest_weeks,
    email_body,
    linked_text,
    render_digest,
    render_email,
)
from community_alerts.render.plaintext import html_to_text
from community_alerts.render.present import ItemView

NOW = dt.datetime(2024, 6, 1, 12, tzinfo=dt.UTC)
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


def test_digest_weeks_use_london_iso_weeks_and_list_current_alerts_first():
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
        date=dt.datetime(2024, 1, 2, tzinfo=LONDON),
        updated=dt.datetime(2024, 5, 28, tzinfo=LONDON),
        expires=None,
    )
    archive = Archive(
        (monday, expired, current, guide), dt.datetime(2024, 6, 4, tzinfo=LONDON), Settings()
    )
    weeks = digest_weeks(archive)
    assert [week.name for week in weeks] == ["2024-W23", "2024-W22", "2024-W01"]
    assert [v.title for v in weeks[1].alerts] == ["Current", "Old"]
    assert [(v.title, new) for v, new in weeks[1].guides] == [("Guide", False)]
    assert [(v.title, new) for v, new in weeks[2].guides] == [("Guide", True)]
    assert weeks[1].days_text == "27 May to 2 June 2024"
    digest = render_digest(weeks[1], Settings(), SETTINGS)
    assert digest.html.index("Current") < digest.html.index("Old")
    assert "Expired" in digest.html and "Updated" in digest.html
    assert "https://alerts.example.org/a/new/" in digest.text
    assert "2 alerts and 1 new or updated guide from 27 May to 2 June 2024" in digest.html


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
