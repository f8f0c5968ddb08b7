"""Every kind of bad front matter, through real `mkdocs build --strict` runs.

Dozens of bad files go into one build: the build must fail, list every problem
at once (one line per file, naming the file and the field, or the file as a
whole), print no traceback, and leave the published site byte for byte as it
was. The loader's own tests (tests/core/test_loader.py) check each message's
wording; these check what a member of staff sees from the real command.
"""

from __future__ import annotations

import re

import pytest
from hostile_tools import leftovers
from sitebuild import FixtureSite, alert, snapshot

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"


def court(extra: str = "", cases: str | None = None) -> str:
    cases = cases if cases is not None else "cases:\n  - headline: H\n    url: https://e.org/x"
    return f"---\ntitle: Court\ndate: 2024-05-30\n{extra}{cases}\n---\n"


def guide(extra: str = "") -> str:
    return f"---\ntitle: Guide\ndate: 2024-05-30\n{extra}---\nLock your shed.\n"


# (path, file content, what the one line about it must say)
BAD_FILES: list[tuple[str, str | bytes, str]] = [
    # wrong types
    ("alerts/title-list.md", alert(title="[a, b]"), "field 'title'"),
    ("alerts/title-mapping.md", alert(title="{a: b}"), "field 'title'"),
    ("alerts/title-empty.md", alert(title='""'), "field 'title'"),
    ("alerts/title-10000.md", alert(title="x" * 10_000), "field 'title': is 10000 characters"),
    (
        "alerts/title-missing.md",
        "---\ndate: 2024-05-30\ncategory: theft\n---\nText\n",
        "field 'title': missing",
    ),
    ("alerts/summary-list.md", alert(summary="[3.5]"), "field 'summary'"),
    ("alerts/summary-long.md", alert(summary="y" * 301), "field 'summary': is 301 characters"),
    ("alerts/areas-single-unknown.md", alert(areas="atlantis"), "field 'areas'"),
    ("alerts/areas-empty.md", alert(areas="[]"), "field 'areas'"),
    ("alerts/tags-mapping.md", alert(tags="{a: b}"), "field 'tags'"),
    ("alerts/tags-nested.md", alert(tags="[[1], two]"), "field 'tags'"),
    ("alerts/draft-text.md", alert(draft="maybe"), "field 'draft'"),
    ("alerts/id-spaces.md", alert(id='"has spaces"'), "field 'id'"),
    ("alerts/sender-number.md", alert(sender="7"), "field 'sender'"),
    ("alerts/sender-list-name.md", alert(sender="{name: [a, b]}"), "field 'sender'"),
    ("alerts/sender-empty.md", alert(sender="{name: '', role: ''}"), "field 'sender'"),
    ("alerts/crime-refs-text.md", alert(crime_refs="CF123"), "field 'crime_refs'"),
    ("alerts/event-text.md", alert(event="tomorrow"), "field 'event'"),
    ("alerts/event-no-start.md", alert(event="{location: Ely}"), "field 'event, start'"),
    (
        "alerts/event-online-http.md",
        alert(event="{start: 2024-06-10T10:00, online: 'http://e.org'}"),
        "field 'event, online'",
    ),
    # bad dates
    ("alerts/date-32.md", alert(date="2024-05-32"), "field 'date'"),
    ("alerts/date-month-13.md", alert(date="2024-13-01"), "field 'date'"),
    ("alerts/date-words.md", alert(date="next Tuesday"), "field 'date'"),
    ("alerts/date-number.md", alert(date="20240530"), "field 'date'"),
    ("alerts/date-hour-25.md", alert(date='"2024-05-30T25:00"'), "field 'date'"),
    ("alerts/date-offset.md", alert(date="2024-05-30T10:00:00+25:00"), "field 'date'"),
    ("alerts/date-list.md", alert(date="[2024-05-30]"), "field 'date'"),
    (
        "alerts/date-missing.md",
        "---\ntitle: T\ncategory: theft\n---\nText\n",
        "field 'date': missing",
    ),
    ("alerts/updated-before.md", alert(updated="2024-05-29"), "field 'updated'"),
    ("alerts/updated-text.md", alert(updated="soon"), "field 'updated'"),
    ("alerts/expires-before.md", alert(expires="2024-05-01"), "field 'expires'"),
    ("alerts/expires-text.md", alert(expires="never"), "field 'expires'"),
    ("guides/review-by-text.md", guide("review_by: soon\n"), "field 'review_by'"),
    ("guides/review-by-time.md", guide("review_by: 2025-01-01T10:00\n"), "field 'review_by'"),
    # unknown enum values
    ("alerts/category-typo.md", alert(category="burglery"), "field 'category'"),
    (
        "alerts/category-missing.md",
        "---\ntitle: T\ndate: 2024-05-30\n---\nText\n",
        "field 'category': missing",
    ),
    ("alerts/category-list.md", alert(category="[theft]"), "field 'category'"),
    ("alerts/severity-critical.md", alert(severity="critical"), "field 'severity'"),
    ("alerts/severity-number.md", alert(severity="3"), "field 'severity'"),
    ("alerts/status-unknown.md", alert(status="draft"), "field 'status'"),
    ("alerts/areas-unknown.md", alert(areas="[cambrige]"), "field 'areas'"),
    ("guides/topics-text.md", guide("topics: locks\n"), "field 'topics'"),
    # images
    ("alerts/image-missing.md", alert(image="images/none.png", image_alt="A van"), "field 'image'"),
    ("alerts/image-no-alt.md", alert(image="images/van.png"), "field 'image_alt'"),
    (
        "alerts/image-web.md",
        alert(image="https://e.org/van.png", image_alt="A van"),
        "field 'image'",
    ),
    (
        "alerts/image-outside.md",
        alert(image="../../mkdocs.yml", image_alt="A van"),
        "field 'image'",
    ),
    # court news
    ("court-news/cases-missing.md", court(cases=""), "field 'cases': missing"),
    ("court-news/cases-empty.md", court(cases="cases: []"), "field 'cases'"),
    ("court-news/cases-text.md", court(cases="cases: one case"), "field 'cases'"),
    (
        "court-news/case-js-url.md",
        court(cases="cases:\n  - headline: H\n    url: 'javascript:alert(1)'"),
        "field 'cases, case 1, url'",
    ),
    (
        "court-news/case-data-url.md",
        court(cases="cases:\n  - headline: H\n    url: 'data:text/html,x'"),
        "field 'cases, case 1, url'",
    ),
    (
        "court-news/case-no-headline.md",
        court(cases="cases:\n  - url: https://e.org/x"),
        "field 'cases, case 1, headline'",
    ),
    (
        "court-news/case-area.md",
        court(cases="cases:\n  - headline: H\n    url: https://e.org/x\n    area: atlantis"),
        "field 'cases, case 1, area'",
    ),
    # the file as a whole
    (
        "alerts/yaml-unclosed-list.md",
        "---\ntitle: [unclosed\ndate: 2024-05-30\n---\n",
        "not valid YAML",
    ),
    (
        "alerts/yaml-colon.md",
        "---\ntitle: Scam: call us: now\ndate: 2024-05-30\n---\n",
        "not valid YAML",
    ),
    (
        "alerts/yaml-tab.md",
        "---\ntitle: T\n\tdate: 2024-05-30\n---\n",
        "line 3: this line has a tab",
    ),
    (
        "alerts/yaml-python-tag.md",
        ("---\ntitle: !!python/object/apply:os.system ['touch pwned']\n---\n"),
        "not valid YAML",
    ),
    ("alerts/yaml-unhashable-key.md", "---\n? [a, b]\n: c\n---\n", "not valid YAML"),
    ("alerts/yaml-list.md", "---\n- title\n- date\n---\n", "must be 'key: value' lines"),
    ("alerts/yaml-scalar.md", "---\njust some words\n---\n", "must be 'key: value' lines"),
    ("alerts/not-utf8.md", b"---\ntitle: Caf\xe9 \xff\ndate: 2024-05-30\n---\n", "not UTF-8"),
    (
        "alerts/utf16.md",
        "---\ntitle: T\ndate: 2024-05-30\ncategory: theft\n---\n".encode("utf-16"),
        "not UTF-8",
    ),
    ("alerts/empty.md", b"", "the file is empty"),
    ("alerts/blank.md", b"  \n\n\t\n", "the file is empty"),
    ("alerts/no-front-matter.md", "Just text, no header.\n", "has no front matter"),
    ("alerts/not-closed.md", "---\ntitle: T\ndate: 2024-05-30\ncategory: theft\n", "not closed"),
    ("alerts/index.md", alert(), "listing pages are made automatically"),
    # 10 MB: one message, not 10 MB of output: a body is at most 50,000 characters. (10 MB
    # of front matter takes PyYAML about 10 s to read; see test_loader_limits.py.)
    (
        "alerts/ten-megabytes.md",
        alert() + "Lorem ipsum. " * 800_000,
        "characters long, more than the 50,000 a message may have",
    ),
]
# Files in the same build with problems of their own in two places.
TWO_PROBLEMS = [
    (
        "alerts/two-problems.md",
        alert(category="thef", severity="loud"),
        ("field 'category'", "field 'severity'"),
    ),
]


def good_site(site: FixtureSite) -> None:
    site.write("alerts/images/van.png", PNG)
    site.write("alerts/good.md", alert(title="A good alert"))
    site.write("court-news/good.md", court())
    site.write("guides/good.md", guide())


@pytest.fixture(scope="module")
def published(tmp_path_factory):
    """A good site, published, and its snapshot."""
    site = FixtureSite(tmp_path_factory.mktemp("badfm"))
    good_site(site)
    build = site.build()
    assert build.returncode == 0, build.output
    return site, snapshot(site.root / "site")


@pytest.fixture(scope="module")
def bad_build(published):
    site, before = published
    for path, text, _ in BAD_FILES:
        site.write(path, text)
    for path, text, _ in TWO_PROBLEMS:
        site.write(path, text)
    build = site.build()
    for path, _, _ in BAD_FILES + TWO_PROBLEMS:
        (site.root / "content" / path).unlink()
    return build, before


def lines_about(output: str, path: str) -> list[str]:
    return [line for line in output.splitlines() if line.startswith((path + ":", path + ","))]


def test_the_build_fails_without_a_traceback(bad_build):
    build, _ = bad_build
    assert build.returncode != 0
    assert "Traceback" not in build.output
    assert len(build.output) < 60_000  # 10 MB of summary is not echoed back


def test_every_problem_is_listed_at_once(bad_build):
    build, _ = bad_build
    expected = len(BAD_FILES) + sum(len(fields) for _, _, fields in TWO_PROBLEMS)
    assert f"{expected} problems in the content must be fixed" in build.output, build.output


@pytest.mark.parametrize(
    "path,what", [(p, w) for p, _, w in BAD_FILES], ids=[p for p, _, _ in BAD_FILES]
)
def test_one_clear_line_per_bad_file(bad_build, path, what):
    build, _ = bad_build
    lines = lines_about(build.output, path)
    assert len(lines) == 1, (path, lines)
    assert what in lines[0], lines[0]
    assert len(lines[0]) < 400, lines[0]  # a message, not the value echoed back
    if "field '" not in what:
        assert "field '" not in lines[0]  # the file as a whole
    # Each names what to write instead.
    assert re.search(
        r"write|add |remove|save|rename|start it|check|shorten|name at least|"
        r"e\.g\.|must be",
        lines[0],
    ), lines[0]


def test_a_file_with_two_problems_gets_two_lines(bad_build):
    build, _ = bad_build
    for path, _, fields in TWO_PROBLEMS:
        lines = lines_about(build.output, path)
        assert len(lines) == len(fields)
        for field in fields:
            assert any(field in line for line in lines), (field, lines)


def test_yaml_tags_run_nothing(bad_build):
    build, _ = bad_build
    assert not (build.root / "pwned").exists()
    assert not (build.root / "content" / "pwned").exists()


def test_the_published_site_is_untouched(bad_build):
    build, before = bad_build
    assert snapshot(build.site) == before
    assert leftovers(build.root) == []


# Warnings: each alone would only fail --strict. They are written after the error
# build above has cleaned up, into the same published site.
WARNING_FILES = [
    ("alerts/w-titel.md", alert(titel="x"), "field 'titel'", "did you mean 'title'?"),
    ("alerts/w-cases.md", alert(cases="[]"), "field 'cases'", "only court-news messages"),
    ("alerts/w-sender.md", alert(sender="{name: A, rank: B}"), "field 'sender'", "'rank'"),
    (
        "alerts/w-event.md",
        alert(event="{start: 2024-06-10T10:00, place: Ely}"),
        "field 'event'",
        "'place'",
    ),
    (
        "guides/w-category.md",
        guide("category: theft\n"),
        "field 'category'",
        "only alerts messages",
    ),
    (
        "court-news/w-case.md",
        court(cases="cases:\n  - headline: H\n    url: https://e.org/x\n    verdict: guilty"),
        "field 'cases, case 1'",
        "'verdict'",
    ),
]


def test_warnings_fail_strict_each_named_and_the_site_is_untouched(published, bad_build):
    site, before = published
    for path, text, _, _ in WARNING_FILES:
        site.write(path, text)
    try:
        build = site.build()
        assert build.returncode != 0
        assert "Traceback" not in build.output
        assert f"Aborted with {len(WARNING_FILES)} warnings in strict mode" in build.output
        for path, _, field, hint in WARNING_FILES:
            lines = [line for line in build.output.splitlines() if f" {path}," in line]
            assert len(lines) == 1 and lines[0].startswith("WARNING"), (path, lines)
            assert field in lines[0] and hint in lines[0], lines[0]
        assert snapshot(site.root / "site") == before
        assert leftovers(site.root) == []
    finally:
        for path, _, _, _ in WARNING_FILES:
            (site.root / "content" / path).unlink()


def test_a_missing_image_is_a_named_error_in_a_real_build(fixture_site):
    """The loader checks this; here the one line a real build prints."""
    fixture_site.write(
        "alerts/2024/van.md", alert(image="pictures/van.jpg", image_alt="A white van")
    )
    build = fixture_site.build()
    assert build.returncode != 0
    assert "Traceback" not in build.output
    [line] = lines_about(build.output, "alerts/2024/van.md")
    assert re.fullmatch(
        r"alerts/2024/van\.md, line \d+, field 'image': 'pictures/van\.jpg' was "
        r"not found next to this file \(looked for alerts/2024/pictures/van\.jpg"
        r"\); check the spelling, or add the picture there\.",
        line,
    ), line
    assert not (fixture_site.root / "site").exists()
