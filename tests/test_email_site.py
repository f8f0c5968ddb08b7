"""Integration: the emails of fixture sites (and of the sample content) built strict."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

import pytest
from community_alerts.core.item import DEFAULT_AREAS
from jsonschema import Draft202012Validator
from sitebuild import REPO, Build, FixtureSite, alert

SITE_URL = "https://alerts.example.org/"
UNSUBSCRIBE = "((unsubscribe_link))"
BUDGET = 102_000
OUTBOX_SCHEMA = REPO / "plugins/community_alerts/render/schemas/outbox.schema.json"
AREAS = tuple(DEFAULT_AREAS)
PNG = b"\x89PNG\r\n\x1a\n" + bytes(92)
# 1 January 2027: every sample message is published by then.
AFTER_THE_SAMPLES = 1798761600
HOSTILE_BODY = """
Tools were taken from vans overnight in Littleport. Read [our guide](../../guides/lock-up.md)
or [contact us](mailto:team@example.org).

<script>alert(1)</script>

<iframe src="https://evil.example/"></iframe>

<p onclick="alert(2)">Call 101 to report it.</p>

<a href="javascript:alert(3)">Harmless looking link</a>

![A white van](images/van.png)

<img src="x.png" onerror="alert(4)" alt="broken">

<img src="data:image/png;base64,iVBORw0KGgo=" alt="embedded">
"""
# source path -> (title, a phrase of the body, the date as written for readers)
ITEMS = {
    "alerts/2024/van-thefts.md": (
        "Van thefts in Ely",
        "Tools were taken from vans overnight",
        "Thursday 30 May 2024, 10:00",
    ),
    "alerts/2024/old.md": (
        "Fish & chips <b>shop</b> break-in",
        "Tools were taken",
        "Wednesday 10 January 2024",
    ),
    "court-news/2024/w22.md": (
        "Court news: week ending 31 May 2024",
        "A round-up of cases",
        "Friday 31 May 2024, 16:00",
    ),
    "guides/lock-up.md": ("Lock up your van", "Park against a wall", "Tuesday 2 January 2024"),
}


def write_content(site: FixtureSite) -> None:
    site.write(
        "alerts/2024/van-thefts.md",
        alert(
            "Van thefts in Ely",
            "2024-05-30T10:00",
            areas="[east-cambridgeshire, fenland]",
            image="images/van.png",
            image_alt="A white van",
            severity="urgent",
            crime_refs="[CF0123456, CF0654321]",
            sender="{name: PC Jo Smith, role: Beat manager}",
            summary="Tools stolen from vans in Ely and Littleport overnight.",
        ).replace("Tools were taken from vans overnight.\n", HOSTILE_BODY),
    )
    site.write("alerts/2024/images/van.png", PNG)
    site.write(
        "alerts/2024/old.md",
        alert("'Fish & chips <b>shop</b> break-in'", "2024-01-10", areas="[cambridge]"),
    )
    site.write(
        "court-news/2024/w22.md",
        """
        ---
        title: "Court news: week ending 31 May 2024"
        date: 2024-05-31T16:00
        summary: "A burglar jailed."
        areas: [peterborough]
        cases:
          - headline: "Burglar jailed for three years"
            url: "https://www.cambs.police.uk/news/burglar-jailed"
            summary: "He broke into six homes."
            area: peterborough
        ---

        A round-up of cases from the courts this week.
        """,
    )
    site.write(
        "guides/lock-up.md",
        """
        ---
        title: Lock up your van
        date: 2024-01-02
        updated: 2024-05-29
        ---

        Park against a wall so the back doors cannot open.

        | Tool | Where to keep it |
        |---|---|
        | Drill | Indoors overnight |
        """,
    )


class _Links(HTMLParser):
    """Every address, image and style-relevant tag of an HTML email."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[tuple[str, str, str]] = []  # (tag, attribute, value)
        self.images: list[dict[str, str | None]] = []
        self.styled: list[tuple[str, bool]] = []  # (tag, has a style attribute) in the body
        self.in_body = False
        self.style_tags = 0
        self.links_to_stylesheets = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        self.in_body = self.in_body or tag == "body"
        for name in ("href", "src", "background", "action", "poster", "srcset"):
            if name in attributes:
                self.urls.append((tag, name, attributes[name] or ""))
        if tag == "img":
            self.images.append(attributes)
        if tag == "style":
            self.style_tags += 1
        if tag == "link" and "stylesheet" in (attributes.get("rel") or "").lower():
            self.links_to_stylesheets += 1
        if self.in_body and tag in ("p", "h1", "h2", "a", "li", "td"):
            self.styled.append((tag, "style" in attributes))


def email_files(site: Path) -> dict[Path, bytes]:
    """Every file the email plugin wrote: email.html and email.txt beside items, and email/."""
    paths = [*site.rglob("email.html"), *site.rglob("email.txt"), *(site / "email").rglob("*")]
    return {path.relative_to(site): path.read_bytes() for path in sorted(paths) if path.is_file()}


def parsed(html: str) -> _Links:
    links = _Links()
    links.feed(html)
    return links


def check_email(site: Path, url: str, title: str, body_phrase: str, date_text: str) -> None:
    """Every rule an item's email keeps, checked on the files the build wrote."""
    html = (site / url / "email.html").read_text(encoding="utf-8")
    text = (site / url / "email.txt").read_text(encoding="utf-8")
    page_url = SITE_URL + url
    assert len(html.encode("utf-8")) <= BUDGET
    lowered = html.lower()
    assert "<script" not in lowered and "<iframe" not in lowered and "javascript:" not in lowered
    assert 'lang="en-GB"' in html and "<title>" in html
    assert 'role="presentation"' in html
    links = parsed(html)
    assert links.style_tags == 1 and links.links_to_stylesheets == 0
    assert all(has_style for _, has_style in links.styled), "a styled element was not inlined"
    for image in links.images:
        assert image.get("alt") is not None and image.get("width"), image
        assert (image.get("src") or "").startswith("https://"), image
    for tag, attribute, value in links.urls:
        if value == UNSUBSCRIBE:
            continue
        assert re.match(r"(https?://|mailto:|tel:)", value), (url, tag, attribute, value)
    hrefs = [value for tag, attribute, value in links.urls if tag == "a"]
    assert page_url in hrefs and UNSUBSCRIBE in hrefs
    assert "View this message on the website" in html and "Message sent by" in html
    for expected in (
        title,
        date_text,
        body_phrase,
        page_url,
        "Message sent by",
        "How to report",
        UNSUBSCRIBE,
    ):
        assert expected in text, (url, expected)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Build:
    site = FixtureSite(tmp_path_factory.mktemp("email-site"))
    write_content(site)
    build = site.build("-v")
    assert build.returncode == 0, build.output
    return build


@pytest.mark.parametrize("source", ITEMS)
def test_every_item_has_an_email_that_keeps_the_rules(built: Build, source: str):
    title, body_phrase, date_text = ITEMS[source]
    check_email(built.site, source.removesuffix(".md") + "/", title, body_phrase, date_text)


def test_hostile_html_never_reaches_an_email(built: Build):
    for part in ("email.html", "email.txt"):
        written = built.read(f"alerts/2024/van-thefts/{part}").lower()
        for bad in (
            "<script",
            "alert(",
            "onerror",
            "onclick",
            "javascript:",
            "<iframe",
            "evil.example",
            "data:",
        ):
            assert bad not in written, (part, bad)


def test_alert_email_shows_what_the_page_shows(built: Build):
    html = built.read("alerts/2024/van-thefts/email.html")
    text = built.read("alerts/2024/van-thefts/email.txt")
    for expected in (
        "Urgent",
        "Act on this message now.",
        "East Cambridgeshire",
        "Fenland",
        "CF0123456",
        "CF0654321",
        "PC Jo Smith",
        "Beat manager",
    ):
        assert expected in html and expected in text
    # The preheader is the summary; images and links are absolute, the guide link included.
    assert "Tools stolen from vans in Ely and Littleport overnight." in html
    assert f'src="{SITE_URL}alerts/2024/images/van.png"' in html
    assert f'href="{SITE_URL}guides/lock-up/"' in html
    assert f"our guide ({SITE_URL}guides/lock-up/)" in text
    assert "contact us (team@example.org)" in text
    assert "[Image: A white van]" in text


def test_titles_stay_escaped(built: Build):
    html = built.read("alerts/2024/old/email.html")
    assert "<b>shop</b>" not in html
    assert "Fish &amp; chips &lt;b&gt;shop&lt;/b&gt; break-in" in html


def test_court_news_email_carries_the_cases(built: Build):
    html = built.read("court-news/2024/w22/email.html")
    assert 'href="https://www.cambs.police.uk/news/burglar-jailed"' in html
    text = built.read("court-news/2024/w22/email.txt")
    assert (
        "Burglar jailed for three years (https://www.cambs.police.uk/news/burglar-jailed)" in text
    )


def test_weekly_digests_and_the_staff_index(built: Build):
    digests = sorted(
        path.name for path in (built.site / "email" / "digest").iterdir() if path.is_file()
    )
    # Week 22: the van thefts, the court news and the updated guide. Weeks 1 and 2 (the old
    # alert, the guide when it was new) are more than digest_weeks (8) before the build.
    assert digests == ["2024-W22.html", "2024-W22.txt"]
    week = built.read("email/digest/2024-W22.html")
    for expected in (
        "Van thefts in Ely",
        "Court news: week ending 31 May 2024",
        "Lock up your van",
        "Updated",
        f"{SITE_URL}alerts/2024/van-thefts/",
        "Tools stolen from vans in Ely and Littleport overnight.",
        UNSUBSCRIBE,
    ):
        assert expected in week
    assert "Fish &amp; chips" not in week
    assert len(week.encode("utf-8")) <= BUDGET and "<script" not in week
    for tag, attribute, value in parsed(week).urls:
        assert value == UNSUBSCRIBE or value.startswith("https://"), (tag, attribute, value)
    text = built.read("email/digest/2024-W22.txt")
    assert f"Read it: {SITE_URL}guides/lock-up/" in text
    index = built.read("email/index.html")
    for source in ITEMS:
        assert f'href="../{source.removesuffix(".md")}/email.html"' in index
    for name in ("2024-W22", "fenland/2024-W22"):
        assert f'href="../email/digest/{name}.html"' in index
    assert 'href="../email/daily/fenland/2024-05-30.html"' in index
    assert 'href="outbox.json"' in index


def test_area_digests_weekly_and_daily(built: Build):
    # The guide (county-wide, updated on 29 May) is in every area's week and that day's
    # digest; the van thefts only in East Cambridgeshire's and Fenland's.
    weekly = sorted(
        path.relative_to(built.site / "email" / "digest").as_posix()
        for path in (built.site / "email" / "digest").glob("*/*.html")
    )
    assert weekly == [f"{area}/2024-W22.html" for area in sorted(AREAS)]
    daily = sorted(
        path.relative_to(built.site / "email" / "daily").as_posix()
        for path in (built.site / "email" / "daily").glob("*/*.txt")
    )
    assert daily == sorted(
        [f"{area}/2024-05-29.txt" for area in AREAS]
        + [f"{area}/2024-05-30.txt" for area in ("east-cambridgeshire", "fenland")]
        + ["peterborough/2024-05-31.txt"]
    )
    week = built.read("email/digest/fenland/2024-W22.html")
    for expected in (
        "Fenland weekly round-up: 27 May to 2 June 2024",
        "Van thefts in Ely",
        "Lock up your van",
        f"{SITE_URL}areas/fenland/",
        UNSUBSCRIBE,
    ):
        assert expected in week
    assert "Court news: week ending 31 May 2024" not in week  # Peterborough's
    assert len(week.encode("utf-8")) <= BUDGET
    for tag, attribute, value in parsed(week).urls:
        assert value == UNSUBSCRIBE or value.startswith("https://"), (tag, attribute, value)
    day = built.read("email/daily/fenland/2024-05-30.txt")
    assert "Fenland daily round-up: Thursday 30 May 2024" in day
    assert f"Read it: {SITE_URL}alerts/2024/van-thefts/" in day
    assert "Lock up your van" not in day  # updated the day before
    court = built.read("email/daily/peterborough/2024-05-31.html")
    assert 'href="https://www.cambs.police.uk/news/burglar-jailed"' in court


def test_the_outbox_lists_every_email_as_its_schema_says(built: Build):
    entries = json.loads(built.read("email/outbox.json"))
    schema = json.loads(OUTBOX_SCHEMA.read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER).validate(
        entries
    )
    # Every email the build wrote, each once: 4 messages, the county's week and the 7 areas'
    # weeks, and 10 area days.
    assert len(entries) == 4 + 1 + 7 + 10 == len({entry["id"] for entry in entries})
    by_id = {entry["id"]: entry for entry in entries}
    van = by_id["alerts/2024/van-thefts"]
    # The addresses of the email's files, which are those the build wrote.
    site = "https://alerts.example.org/"
    assert van["html"] == site + "alerts/2024/van-thefts/email.html"
    assert van["text"] == site + "alerts/2024/van-thefts/email.txt"
    for entry in entries:
        for key in ("html", "text"):
            assert (built.site / entry[key].removeprefix(site)).is_file(), entry[key]
    assert van["urgent"] is True and van["send_after"] == "2024-05-30T10:00:00+01:00"
    assert van["audience"] == {
        "areas": ["east-cambridgeshire", "fenland"],
        "categories": ["theft"],
        "severities": ["urgent"],
    }
    day = by_id["daily:fenland:2024-05-30"]
    assert day["html"] == site + "email/daily/fenland/2024-05-30.html"
    assert day["kind"] == "daily" and day["audience"]["areas"] == ["fenland"]
    assert by_id["weekly:2024-W22"]["html"] == site + "email/digest/2024-W22.html"
    moments = [(dt.datetime.fromisoformat(e["send_after"]), e["id"]) for e in entries]
    assert moments == sorted(moments)
    assert (built.site / "email" / "outbox.json").stat().st_mode & 0o777 == 0o644


def test_unchanged_emails_are_not_rendered_again(tmp_path: Path):
    site = FixtureSite(tmp_path)
    write_content(site)
    first = site.build("-v")
    assert first.returncode == 0, first.output
    emails = email_files(first.site)
    # 4 items; the county's week, the 7 areas' weeks and 10 area days (see above).
    assert "Emails: 22 rendered, 0 reused from the cache." in first.output
    # Each email's HTML and text, named by the hash of its inputs, the index and the outbox.
    kept = tmp_path / ".cache" / "plugin" / "alerts" / "email"
    assert len(list(kept.glob("*/*"))) == 22 * 2 + 2
    outbox = first.read("email/outbox.json")
    index = first.read("email/index.html")

    second = site.build("-v")
    assert second.returncode == 0, second.output
    assert "Emails: 0 rendered, 22 reused from the cache." in second.output
    # The same bytes, whether rendered or reused.
    assert email_files(second.site) == emails

    site.write(
        "guides/lock-up.md",
        (tmp_path / "content/guides/lock-up.md")
        .read_text()
        .replace("against a wall", "against a fence"),
    )
    third = site.build("-v")
    # The guide, and the digests it appears in: the county's week, and the week and the day
    # it was updated of each area (it is county-wide).
    assert "Emails: 16 rendered, 6 reused from the cache." in third.output
    assert "against a fence" in third.read("guides/lock-up/email.txt")
    # The index shows titles, dates and links, none of which changed: kept, not rendered.
    assert third.read("email/index.html") == index
    # The guide's preheader, its summary made from the first paragraph, changed with it.
    assert "against a fence" in third.read("email/outbox.json")
    assert len(list(kept.glob("*/*"))) == 22 * 2 + 2

    site.write(
        "guides/lock-up.md",
        (tmp_path / "content/guides/lock-up.md")
        .read_text()
        .replace("title: Lock up your van", "title: Lock your van"),
    )
    fourth = site.build("-v")
    assert fourth.returncode == 0, fourth.output
    assert ">Lock your van</a>" in fourth.read("email/index.html")
    assert "Lock up your van" not in fourth.read("email/index.html")
    # The old index and outbox are gone from the cache.
    assert len(list(kept.glob("*/*"))) == 22 * 2 + 2
    assert fourth.read("email/outbox.json") != outbox


def test_two_builds_give_identical_emails(tmp_path: Path):
    outputs = []
    for run in ("one", "two"):
        (tmp_path / run).mkdir()
        site = FixtureSite(tmp_path / run)
        write_content(site)
        build = site.build()
        assert build.returncode == 0, build.output
        outputs.append(email_files(build.site))
    # Every email's two files, the index and the outbox.
    assert outputs[0] == outputs[1] and len(outputs[0]) == (4 + 18) * 2 + 2


def test_an_email_over_the_budget_is_a_warning_naming_the_item(tmp_path: Path):
    site = FixtureSite(tmp_path)
    # Within the 50,000 characters a body may have: many short paragraphs of links, each of
    # which the email styles inline, as mail clients need.
    paragraph = "[Report it](https://www.cambs.police.uk/report) or [call 101](tel:101)."
    site.write(
        "alerts/huge.md",
        alert("Huge alert", "2024-05-30T10:00").replace(
            "Tools were taken from vans overnight.\n", f"{paragraph}\n\n" * 650
        ),
    )
    strict = site.build()
    assert strict.returncode != 0
    assert re.search(
        r"WARNING.*alerts/huge\.md: its email \(alerts/huge/email\.html\) is "
        r"[\d,]+ bytes, more than the 102,000 allowed",
        strict.output,
    ), strict.output
    assert not (tmp_path / "site").exists()  # a failed build publishes nothing
    relaxed = site.build(strict=False)
    assert relaxed.returncode == 0
    assert len((relaxed.site / "alerts/huge/email.html").read_bytes()) > BUDGET


def test_digest_weeks_sets_how_far_back_digests_go(tmp_path: Path):
    site = FixtureSite(tmp_path)
    write_content(site)
    config = tmp_path / "mkdocs.yml"
    config.write_text(
        config.read_text().replace(
            "  - alerts:\n", "  - alerts:\n      email:\n        digest_weeks: 22\n"
        )
    )
    build = site.build()
    assert build.returncode == 0, build.output
    # 22 weeks back from week 22 reach week 1: the old alert's week 2 and the new guide's.
    digests = sorted(path.stem for path in (build.site / "email" / "digest").glob("*.html"))
    assert digests == ["2024-W01", "2024-W02", "2024-W22"]
    assert (build.site / "email/daily/cambridge/2024-01-10.html").is_file()
    ids = [entry["id"] for entry in json.loads(build.read("email/outbox.json"))]
    assert "weekly:cambridge:2024-W02" in ids and "daily:county-wide:2024-01-02" in ids


def test_the_plugin_can_be_turned_off(tmp_path: Path):
    site = FixtureSite(tmp_path)
    write_content(site)
    config = tmp_path / "mkdocs.yml"
    text = config.read_text()
    assert "  - alerts:\n" in text
    config.write_text(
        text.replace("  - alerts:\n", "  - alerts:\n      email:\n        enabled: false\n")
    )
    build = site.build()
    assert build.returncode == 0, build.output
    assert not email_files(build.site)


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Build:
    """The project's own sample content, built as published on 1 January 2027."""
    site = FixtureSite(tmp_path_factory.mktemp("sample"))
    shutil.rmtree(site.root / "content")
    shutil.copytree(REPO / "content", site.root / "content")
    build = site.build(now=AFTER_THE_SAMPLES)
    assert build.returncode == 0, build.output
    return build


def test_every_sample_message_has_an_email_that_keeps_the_rules(sample: Build):
    sources = [
        path
        for section in ("alerts", "court-news", "guides")
        for path in (sample.root / "content" / section).rglob("*.md")
    ]
    urls = [
        path.relative_to(sample.root / "content").with_suffix("").as_posix() + "/"
        for path in sources
    ]
    published = [url for url in urls if (sample.site / url / "index.html").is_file()]
    assert len(published) >= 30
    for url in published:
        html = (sample.site / url / "email.html").read_text(encoding="utf-8")
        title = re.search(r"<title>(.*?)</title>", html, re.S)[1]
        date_text = re.search(r"<strong>Published:</strong> ([^<]+)<", html)[1].strip()
        check_email(sample.site, url, unescape(title), "", date_text)
    digests = list((sample.site / "email" / "digest").glob("*.html"))
    assert digests and all(len(path.read_bytes()) <= BUDGET for path in digests)
