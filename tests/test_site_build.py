"""Integration: build fixture sites strict with the project's own mkdocs.yml, read outputs back.

One rich site is built once per module and shared by the output tests; the
failure tests each build a small site of their own.
"""

from __future__ import annotations

import gzip
import json
import re
from html import escape
from html.parser import HTMLParser
from pathlib import Path

import pytest
from pagefind_index import fragments
from site_scripts import material_script
from sitebuild import Build, FixtureSite, alert

AREAS = (
    "cambridge",
    "south-cambridgeshire",
    "east-cambridgeshire",
    "fenland",
    "huntingdonshire",
    "peterborough",
    "county-wide",
)
EVIL_TITLE = "</title><script>alert(1)</script> <img src=x onerror=alert(1)> Evil"
EVIL_SUMMARY = "</title><script>alert(2)</script> <img src=x onerror=alert(2)> summary"
EVIL_BODY = """
Tools were taken from vans overnight.

<script>alert(3)</script>

<iframe src="https://evil.example/"></iframe>

<p onclick="alert(4)">Call 101 to report it.</p>

<a href="javascript:alert(5)">Harmless looking link</a>

<img src="x" onerror="alert(6)" alt="broken">
"""
# Drafts and future items carry tokens found nowhere else, so a grep finds any leak.
UNPUBLISHED = ("qwxzebra", "qwxgiraffe", "qwxwalrus", "qwxokapi")
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"


def quoted(text: str) -> str:
    return json.dumps(text)  # a JSON string is a valid double-quoted YAML string


def write_rich_site(site: FixtureSite) -> None:
    for n in range(1, 12):  # 11 current Fenland alerts: alerts/ and areas/fenland/ paginate
        site.write(
            f"alerts/2024/routine-{n:02d}.md",
            alert(
                title=f"Routine Fenland alert {n:02d}",
                date=f"2024-05-{n:02d}T09:00",
                areas="[fenland]",
                expires="2024-12-31",
            ),
        )
    site.write(
        "alerts/2024/expired-bikes.md",
        alert(title="Expired bicycle thefts", date="2024-04-01T09:00", areas="[peterborough]"),
    )
    site.write(
        "alerts/county-scam.md",
        alert(
            title="County-wide courier scam",
            date="2024-05-20T08:00",
            category="fraud",
            severity="urgent",
            crime_refs="[CF0123450524]",
        ),
    )
    site.write(
        "alerts/evil.md",
        alert(title=quoted(EVIL_TITLE), summary=quoted(EVIL_SUMMARY), areas="[cambridge]").split(
            "\n---\n"
        )[0]
        + "\n---\n"
        + EVIL_BODY,
    )
    # 12:30 in London is 11:30 UTC: before "now" (12:00 UTC), so published.
    site.write(
        "alerts/just-published.md", alert(title="Just published alert", date="2024-06-01T12:30")
    )
    site.write("alerts/2024/images/van.png", PNG)
    site.write(
        "alerts/2024/with-image.md",
        alert(
            title="Alert with a picture",
            date="2024-05-25T09:00",
            image="images/van.png",
            image_alt="A white van",
        ),
    )
    site.write("alerts/images/qwxzebra-draft.png", PNG)
    site.write(
        "alerts/draft-qwxzebra.md",
        alert(
            title="Draft qwxzebra notice",
            draft="true",
            image="images/qwxzebra-draft.png",
            image_alt="A draft picture",
        ),
    )
    # 13:30 in London is 12:30 UTC: after "now", so not yet published.
    site.write("alerts/images/qwxgiraffe-future.png", PNG)
    site.write(
        "alerts/future-qwxgiraffe.md",
        alert(
            title="Future qwxgiraffe notice",
            date="2024-06-01T13:30",
            image="images/qwxgiraffe-future.png",
            image_alt="A future picture",
        ),
    )
    site.write(
        "court-news/2024/week-22.md",
        """
        ---
        title: Court round-up week 22
        date: 2024-05-31
        areas: [huntingdonshire]
        cases:
          - headline: Man jailed for St Ives burglaries
            url: https://example.org/news/st-ives
            summary: Four years.
            area: huntingdonshire
          - headline: Fraudster ordered to repay victims
            url: https://example.org/news/repay
          - headline: "Sentenced <script>alert(7)</script> <b onmouseover=alert(8)>x</b>"
            url: https://example.org/news/escaped
        ---

        This week's results from the courts.
    """,
    )
    site.write(
        "court-news/draft-qwxwalrus.md",
        """
        ---
        title: Draft qwxwalrus digest
        date: 2024-05-01
        draft: true
        cases:
          - headline: Unpublished qwxwalrus case
            url: https://example.org/news/qwxwalrus
        ---
    """,
    )
    site.write(
        "guides/overdue-guide.md",
        """
        ---
        title: Overdue shed guide
        date: 2024-01-10
        review_by: 2024-05-01
        ---

        Lock your shed and mark your tools.
    """,
    )
    site.write(
        "guides/locks/fresh-guide.md",
        """
        ---
        title: Fresh lock guide
        date: 2024-02-10T10:00
        review_by: 2025-01-01
        ---

        Fit a good lock.
    """,
    )
    site.write(
        "guides/future-qwxokapi.md",
        """
        ---
        title: Future qwxokapi guide
        date: 2024-07-01
        ---

        Not yet.
    """,
    )


@pytest.fixture(scope="module")
def rich(tmp_path_factory) -> Build:
    site = FixtureSite(tmp_path_factory.mktemp("rich"))
    # Ten a page, so that this small archive has second pages to check.
    config = site.root / "mkdocs.yml"
    config.write_text(
        config.read_text(encoding="utf-8").replace("per_page: 20", "per_page: 10"), encoding="utf-8"
    )
    write_rich_site(site)
    build = site.build()
    assert build.returncode == 0, build.output
    return build


CURRENT = {f"Routine Fenland alert {n:02d}" for n in range(1, 12)} | {
    "County-wide courier scam",
    EVIL_TITLE,
    "Just published alert",
    "Alert with a picture",
}


def titles(html: str) -> list[str]:
    """Entry titles of a listing, in page order, unescaped."""
    import html as html_module

    return [
        html_module.unescape(t)
        for t in re.findall(r'class="ca-entry__title"><a href="[^"]*">(.*?)</a>', html, re.S)
    ]


def section_of_home(html: str, heading: str) -> str:
    start = html.index(f">{heading}</h2>")
    return html[start : html.index("</section>", start)]


# ------------------------------------------------------------------ outputs

OUTPUTS = [
    "index.html",
    "404.html",
    "accessibility/index.html",
    "sitemap.xml",
    "pagefind/pagefind-entry.json",
    "search/index.html",
    "subscribe/index.html",
    "alerts/index.html",
    "alerts/page/2/index.html",
    "court-news/index.html",
    "guides/index.html",
    "areas/index.html",
    *(f"areas/{area}/index.html" for area in AREAS),
    "areas/fenland/page/2/index.html",
    "alerts/2024/routine-01/index.html",
    "alerts/evil/index.html",
    "alerts/just-published/index.html",
    "alerts/2024/expired-bikes/index.html",
    "court-news/2024/week-22/index.html",
    "guides/overdue-guide/index.html",
    "guides/locks/fresh-guide/index.html",
    "alerts/2024/images/van.png",
]


@pytest.mark.parametrize("path", OUTPUTS)
def test_output_exists(rich, path):
    assert (rich.site / path).is_file()


@pytest.mark.parametrize(
    "path",
    [
        "alerts/page/3/index.html",
        "areas/cambridge/page/2/index.html",
        "court-news/page/2/index.html",
    ],
)
def test_no_empty_extra_pages(rich, path):
    assert not (rich.site / path).exists()


def test_strict_build_passes_with_a_review_notice_as_information(rich):
    assert "WARNING" not in rich.output
    assert "Traceback" not in rich.output
    [notice] = [line for line in rich.output.splitlines() if "guides/overdue-guide.md" in line]
    assert notice.startswith("INFO")
    assert "field 'review_by'" in notice and "1 May 2024" in notice


def test_every_page_is_in_british_english_with_materials_strings(rich):
    for path in (
        "index.html",
        "alerts/index.html",
        "alerts/county-scam/index.html",
        "search/index.html",
        "404.html",
    ):
        page = rich.read(path)
        assert '<!doctype html>\n<html lang="en-GB" class="no-js">' in page[:100], path
        assert 'aria-label="Header"' in page  # one of Material's English strings


def test_item_page_shows_its_message(rich):
    page = rich.read("alerts/county-scam/index.html")
    assert "<h1>County-wide courier scam</h1>" in page
    assert "Urgent" in page
    assert "CF0123450524" in page
    assert "Tools were taken from vans overnight." in page
    assert "Message sent by" in page and "Cambridgeshire Constabulary" in page


def test_dates_shown_in_words(rich):
    page = rich.read("alerts/evil/index.html")
    assert '<time datetime="2024-05-30T10:00:00+01:00">Thursday 30 May 2024, 10:00</time>' in page
    assert "Thursday 30 May 2024, 10:00" in rich.read("alerts/index.html")
    guide = rich.read("guides/overdue-guide/index.html")
    assert ">Wednesday 10 January 2024</time>" in guide  # a plain date shows no "00:00"


def test_alerts_listing_newest_first_and_paginated(rich):
    first = titles(rich.read("alerts/index.html"))
    second = titles(rich.read("alerts/page/2/index.html"))
    assert first[:4] == [
        "Just published alert",
        EVIL_TITLE,
        "Alert with a picture",
        "County-wide courier scam",
    ]
    assert len(first) == 10
    assert first[4:] == [f"Routine Fenland alert {n:02d}" for n in (11, 10, 9, 8, 7, 6)]
    assert second == [f"Routine Fenland alert {n:02d}" for n in (5, 4, 3, 2, 1)] + [
        "Expired bicycle thefts"
    ]
    page_one = rich.read("alerts/index.html")
    assert '<a href="page/2/" rel="next">' in page_one
    assert ">Newer messages</a>" not in page_one
    page_two = rich.read("alerts/page/2/index.html")
    assert '<a href="../../" rel="prev">' in page_two
    assert ">Older messages</a>" not in page_two
    assert "Alerts (page 2 of 2)" in page_two


def test_section_listings_hold_their_own_items(rich):
    assert titles(rich.read("court-news/index.html")) == ["Court round-up week 22"]
    assert titles(rich.read("guides/index.html")) == ["Fresh lock guide", "Overdue shed guide"]


def test_area_pages(rich):
    county_wide = {
        "County-wide courier scam",
        "Just published alert",
        "Alert with a picture",
        "Overdue shed guide",
        "Fresh lock guide",
    }
    for area in AREAS:
        listed = set(titles(rich.read(f"areas/{area}/index.html")))
        if area == "fenland":
            listed |= set(titles(rich.read("areas/fenland/page/2/index.html")))
        assert county_wide <= listed, area
    assert set(titles(rich.read("areas/county-wide/index.html"))) == county_wide
    assert set(titles(rich.read("areas/cambridge/index.html"))) == county_wide | {EVIL_TITLE}
    assert set(titles(rich.read("areas/huntingdonshire/index.html"))) == county_wide | {
        "Court round-up week 22"
    }
    fenland = titles(rich.read("areas/fenland/index.html")) + titles(
        rich.read("areas/fenland/page/2/index.html")
    )
    assert len(fenland) == 16 and len(set(fenland)) == 16
    assert "Routine Fenland alert 01" not in rich.read("areas/cambridge/index.html")


def test_expired_alert_is_marked_and_listed_on_its_area_but_not_current(rich):
    page = rich.read("alerts/2024/expired-bikes/index.html")
    assert 'id="ca-expired-title">Expired</h2>' in page
    area = rich.read("areas/peterborough/index.html")
    assert "Expired bicycle thefts" in titles(area)
    assert "ca-tag--expired" in area
    home = rich.read("index.html")
    assert "Expired bicycle thefts" not in section_of_home(home, "Current alerts")


def test_home_leads_with_every_current_alert_and_no_other(rich):
    home = rich.read("index.html")
    current = section_of_home(home, "Current alerts")
    assert home.index("Current alerts") < home.index("Latest alerts")
    listed = titles(current)
    assert set(listed) == CURRENT
    assert len(listed) == len(CURRENT)  # every one, beyond the per-page count, no repeats
    for section in ("Latest alerts", "Latest court news", "Latest guides"):
        assert section in home
    assert "Court round-up week 22" in titles(section_of_home(home, "Latest court news"))


def test_due_for_review_guide(rich):
    assert 'id="ca-review-title">Due for review</h2>' in rich.read(
        "guides/overdue-guide/index.html"
    )
    fresh = rich.read("guides/locks/fresh-guide/index.html")
    assert "Due for review" not in fresh
    assert "1 January 2025" in fresh


def test_court_news_cases_rendered(rich):
    page = rich.read("court-news/2024/week-22/index.html")
    assert "Man jailed for St Ives burglaries" in page
    assert 'href="https://example.org/news/st-ives"' in page
    assert "This week's results from the courts." in page
    assert (
        "Sentenced &lt;script&gt;alert(7)&lt;/script&gt; &lt;b onmouseover=alert(8)&gt;x&lt;/b&gt;"
    ) in page
    assert "alert(7)</script>" not in page


def test_published_image_copied_and_shown(rich):
    page = rich.read("alerts/2024/with-image/index.html")
    assert 'alt="A white van"' in page
    assert (rich.site / "alerts/2024/images/van.png").read_bytes() == PNG


# ---------------------------------------------------- drafts and future items


def every_output_text(site: Path) -> dict[str, str]:
    found = {}
    for path in site.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            if path.suffix == ".gz" or data.startswith(b"\x1f\x8b"):  # Pagefind's files too
                data = gzip.decompress(data)
            found[path.relative_to(site).as_posix()] = data.decode("utf-8", "replace").lower()
    return found


def test_drafts_and_future_items_absent_from_every_output_file(rich):
    outputs = every_output_text(rich.site)
    assert "sitemap.xml" in outputs and "pagefind/pagefind-entry.json" in outputs
    assert any(path.startswith("pagefind/fragment/") for path in outputs)
    assert "sitemap.xml.gz" in outputs
    for token in UNPUBLISHED:
        leaks = [path for path, text in outputs.items() if token in text]
        assert leaks == [], f"{token} leaked into {leaks}"
        assert token not in "\n".join(outputs)  # no output file or folder named after it


def test_just_published_is_everywhere_it_should_be(rich):
    """The contrast to the test above: a published item does reach the sitemap and index."""
    assert "alerts/just-published/" in rich.read("sitemap.xml")
    assert "/alerts/just-published/" in {page["url"] for page in fragments(rich.site)}


def test_unpublished_images_are_not_copied(rich):
    assert not (rich.site / "alerts/images").exists()


# ------------------------------------------------------------------- escaping


class Scan(HTMLParser):
    """Every element, attribute and script of a page, as a browser would see them."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.handlers: list[tuple[str, str]] = []
        self.bad_urls: list[tuple[str, str]] = []
        self.tags: list[str] = []
        self.scripts: list[dict] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        for name, value in attrs:
            if name.startswith("on"):
                self.handlers.append((tag, f"{name}={value}"))
            if (
                name in ("href", "src", "action", "formaction")
                and value
                and re.match(r"\s*(javascript|data|vbscript):", value, re.I)
            ):
                self.bad_urls.append((tag, value))
        if tag == "script":
            self._in_script = True
            self.scripts.append({"attrs": dict(attrs), "text": ""})

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = False

    def handle_data(self, data):
        if self._in_script:
            self.scripts[-1]["text"] += data


def test_no_script_handler_or_dangerous_url_in_any_page(rich):
    pages = sorted(rich.site.rglob("*.html"))
    assert len(pages) > 25
    for page in pages:
        scan = Scan()
        scan.feed(page.read_text(encoding="utf-8"))
        name = page.relative_to(rich.site).as_posix()
        assert scan.handlers == [], name
        assert scan.bad_urls == [], name
        assert "iframe" not in scan.tags, name
        assert [s for s in scan.scripts if not material_script(s)] == [], name
        assert not any("alert(" in s["text"] for s in scan.scripts), name
        is_email = page.name == "email.html" or name.startswith("email/")
        # The search page adds Pagefind's UI, alerts-search.js and the result template; the
        # subscribe page its postcode finder, alerts-subscribe.js.
        extra = {"search/index.html": 3, "subscribe/index.html": 1}.get(name, 0)
        expected = 0 if is_email else 4 + extra
        assert len(scan.scripts) == expected, name


@pytest.mark.parametrize(
    "path",
    ["alerts/evil/index.html", "alerts/index.html", "index.html", "areas/cambridge/index.html"],
)
def test_evil_title_appears_only_escaped(rich, path):
    page = rich.read(path)
    assert (
        "&lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt; &lt;img src=x "
        "onerror=alert(1)&gt; Evil"
    ) in page
    assert "<script>alert" not in page
    assert "<img src=x" not in page
    scan = Scan()
    scan.feed(page)
    assert scan.handlers == []
    assert "alert(1)" not in "".join(s["text"] for s in scan.scripts)


@pytest.mark.parametrize(
    "path",
    ["alerts/evil/index.html", "alerts/index.html", "index.html", "areas/cambridge/index.html"],
)
def test_evil_summary_appears_only_escaped(rich, path):
    page = rich.read(path)
    assert "&lt;script&gt;alert(2)&lt;/script&gt;" in page
    assert "alert(2)</script>" not in page


def test_evil_title_in_head_is_escaped(rich):
    page = rich.read("alerts/evil/index.html")
    assert (
        "<title>&lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt; &lt;img src=x "
        "onerror=alert(1)&gt; Evil - Cambridgeshire Community Alerts</title>"
    ) in page
    assert (
        '<meta name="description" content="&lt;/title&gt;&lt;script&gt;alert(2)'
        '&lt;/script&gt; &lt;img src=x onerror=alert(2)&gt; summary">'
    ) in page


def test_raw_html_in_a_body_is_cut_from_the_page(rich):
    page = rich.read("alerts/evil/index.html")
    article = page[page.index("<article") : page.index("</article>")]
    for gone in (
        "alert(3)",
        "<iframe",
        "onclick",
        "alert(4)",
        "javascript:",
        "alert(5)",
        "alert(6)",
    ):
        assert gone not in article, gone
    assert "Call 101 to report it." in article
    assert "Harmless looking link" in article


def test_search_index_holds_no_markup_from_titles_or_bodies(rich):
    """Pagefind indexes each page's text: markup in a source file is at most text there, which
    the search page shows escaped (pagefind.js escapes < and > in excerpts; the result
    template escapes the title, date and summary)."""
    pages = {page["url"]: page for page in fragments(rich.site)}
    evil = pages["/alerts/evil/"]
    for page in pages.values():
        for field, text in [("content", page["content"]), *page["meta"].items()]:
            shown = (
                escape(text, quote=False)
                if field != "content"
                else text.replace("<", "&lt;").replace(">", "&gt;")
            )
            raw_markup = re.search(
                r"<\s*(script|iframe|img|svg|object|embed)\b"
                r"|=\s*[\"']?javascript:",
                shown,
                re.I,
            )
            assert raw_markup is None, (page["url"], field)
    assert evil["meta"]["title"]


# ------------------------------------------------------------ failing builds


def test_one_bad_file_one_message_line_naming_file_and_field(fixture_site):
    fixture_site.write("alerts/good.md", alert())
    fixture_site.write("alerts/2024/bad.md", alert(category="thef"))
    build = fixture_site.build()
    assert build.returncode != 0
    assert "Traceback" not in build.output
    lines = [line for line in build.output.splitlines() if "alerts/2024/bad.md" in line]
    assert len(lines) == 1, build.output
    assert re.fullmatch(
        r"alerts/2024/bad\.md, line \d+, field 'category': found 'thef' \(did you mean "
        r"'theft'\?\); write one of: burglary, fraud, theft, appeal, road-safety, safeguarding, "
        r"community, other\.",
        lines[0],
    ), lines[0]
    assert "1 problem in the content must be fixed" in build.output
    assert not (fixture_site.root / "site").exists()


def test_several_bad_files_every_problem_listed_at_once(fixture_site):
    fixture_site.write("alerts/a.md", alert(date="2024-05-32"))
    fixture_site.write("alerts/b.md", "---\ndate: 2024-05-30\ncategory: theft\n---\nText\n")
    fixture_site.write("court-news/c.md", "---\ntitle: Court\ndate: 2024-05-30\n---\n")
    fixture_site.write("guides/d.md", "---\ntitle: Guide\ndate: 2024-05-30\nreview_by: soon\n---\n")
    fixture_site.write("guides/e.md", b"---\ntitle: Caf\xe9\ndate: 2024-05-30\n---\n")
    build = fixture_site.build()
    assert build.returncode != 0
    assert "Traceback" not in build.output
    expected = [
        ("alerts/a.md", "field 'date'"),
        ("alerts/b.md", "field 'title'"),
        ("court-news/c.md", "field 'cases'"),
        ("guides/d.md", "field 'review_by'"),
        ("guides/e.md", "not UTF-8"),
    ]
    for path, what in expected:
        lines = [line for line in build.output.splitlines() if line.startswith(path)]
        assert len(lines) == 1 and what in lines[0], (path, build.output)
    assert "5 problems in the content must be fixed" in build.output


def test_unknown_key_fails_strict_but_not_a_normal_build(fixture_site):
    fixture_site.write("alerts/a.md", alert(sumary="'Vans broken into'"))
    strict = fixture_site.build()
    assert strict.returncode != 0
    assert "Traceback" not in strict.output
    [line] = [line for line in strict.output.splitlines() if "alerts/a.md" in line]
    assert line.startswith("WARNING")
    assert "field 'sumary'" in line and "(did you mean 'summary'?)" in line
    relaxed = fixture_site.build(strict=False)
    assert relaxed.returncode == 0, relaxed.output
    assert "Van thefts in March" in relaxed.read("alerts/a/index.html")


def test_bad_source_date_epoch_is_one_clear_message(fixture_site):
    fixture_site.write("alerts/a.md", alert())
    build = fixture_site.build(now="yesterday")  # type: ignore[arg-type]
    assert build.returncode != 0
    assert "Traceback" not in build.output
    assert (
        "SOURCE_DATE_EPOCH is 'yesterday'; set it to whole seconds since 1970, e.g. 1700000000"
    ) in build.output
