"""The loader against the front matter tables of the contract, one test per rule.

Every test writes files under a temporary content folder and calls
`load_item` / `load_content` directly: no MkDocs. A bad value must give a
Problem naming the file (under content/) and the field, whose message says
what to write instead; it must never raise.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from community_alerts.core.dates import LONDON
from community_alerts.core.item import COUNTY_WIDE, Case, Sender, Settings
from community_alerts.core.loader import load_content, load_item
from community_alerts.core.problems import Problem

UTC = dt.UTC
SETTINGS = Settings()
AREA_LIST = (
    "cambridge, south-cambridgeshire, east-cambridgeshire, fenland, huntingdonshire, "
    "peterborough, county-wide"
)
ALERT_KEYS = (
    "title, date, summary, areas, tags, draft, id, updated, sender, image, image_alt, "
    "event, category, severity, expires, crime_refs, status, supersedes"
)

# A valid header for each section; tests replace fields (None removes one).
BASE = {
    "alerts": {"title": "Van thefts", "date": "2024-05-30T10:00", "category": "theft"},
    "court-news": {
        "title": "Court round-up",
        "date": "2024-05-30",
        "cases": "\n  - headline: Man jailed for burglaries\n    url: https://example.org/a",
    },
    "guides": {"title": "Lock your shed", "date": "2024-05-30"},
}
BODY = "\nTools were taken from vans overnight.\n\nA second paragraph.\n"


def front(section: str = "alerts", body: str = BODY, **fields: str | None) -> str:
    """A message file: the section's valid header with `fields` (raw YAML) replaced."""
    values = {**BASE[section], **fields}
    header = "\n".join(f"{key}: {value}" for key, value in values.items() if value is not None)
    return f"---\n{header}\n---\n{body}"


def write(docs: Path, path: str, text: str | bytes) -> None:
    target = docs / path
    target.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        target.write_bytes(text)
    else:
        target.write_text(text, encoding="utf-8")


def load(docs: Path, text: str | bytes, path: str = "alerts/x.md", settings: Settings = SETTINGS):
    write(docs, path, text)
    return load_item(docs, path, settings)


def errors(problems: list[Problem]) -> list[Problem]:
    return [p for p in problems if p.level == "error"]


def warnings(problems: list[Problem]) -> list[Problem]:
    return [p for p in problems if p.level == "warning"]


def only_error(item, problems: list[Problem], field: str | None, path: str = "alerts/x.md"):
    """Exactly one problem, an error on `field` of `path`, and no item."""
    assert item is None
    assert len(problems) == 1, [str(p) for p in problems]
    problem = problems[0]
    assert (problem.path, problem.field, problem.level) == (path, field, "error")
    return problem


def ok(item, problems: list[Problem]):
    assert problems == [], [str(p) for p in problems]
    assert item is not None
    return item


# ---------------------------------------------------------------- golden lines
# The exact message for a representative set of mistakes: path, field, level
# and text (line numbers are checked separately, below).

GOLDEN = [
    pytest.param(
        "alerts/x.md",
        front(title=None),
        "title",
        "missing; every message needs a title of up to 150 characters, e.g. title: Rogue "
        "traders in Ely",
        id="title-missing",
    ),
    pytest.param(
        "alerts/x.md",
        front(title="x" * 10_000),
        "title",
        "is 10000 characters long; shorten it to at most 150 and put the detail in the summary "
        "or the text.",
        id="title-10000-characters",
    ),
    pytest.param(
        "alerts/x.md",
        front(title="[2024]"),
        "title",
        "found a list; write the title as text, in quotes if it looks like a number or "
        'date, e.g. title: "[2024]"',
        id="title-list",
    ),
    pytest.param(
        "alerts/x.md",
        front(date=None),
        "date",
        "missing; write the publication date as YYYY-MM-DD or a date and time, e.g. date: "
        "2024-05-22T14:30",
        id="date-missing",
    ),
    pytest.param(
        "alerts/x.md",
        front(date="30/05/2024"),
        "date",
        "found '30/05/2024', which is not a date; write YYYY-MM-DD or a date and time such as "
        "2024-05-22T14:30 (London time), e.g. date: 2024-05-22",
        id="date-british-order",
    ),
    pytest.param(
        "alerts/x.md",
        front(summary="y" * 301),
        "summary",
        "is 301 characters long; shorten it to at most 300.",
        id="summary-too-long",
    ),
    pytest.param(
        "alerts/x.md",
        front(areas="[cambrige]"),
        "areas",
        f"'cambrige' is not an area (did you mean 'cambridge'?); write any of: {AREA_LIST}.",
        id="area-misspelt",
    ),
    pytest.param(
        "alerts/x.md",
        front(updated="2024-05-29"),
        "updated",
        "29 May 2024 is before the date 30 May 2024, 10:00; 'updated' must "
        "be the same as or later than 'date'.",
        id="updated-before-date",
    ),
    pytest.param(
        "alerts/x.md",
        front(draft="'yes'"),
        "draft",
        "found 'yes'; write true or false.",
        id="draft-text",
    ),
    pytest.param(
        "alerts/x.md",
        front(image="images/van.jpg", image_alt="A van"),
        "image",
        "'images/van.jpg' was not found next to this file (looked for alerts/images/van.jpg); "
        "check the spelling, or add the picture there.",
        id="image-missing",
    ),
    pytest.param(
        "alerts/x.md",
        front(category=None),
        "category",
        "missing; write one of: burglary, fraud, theft, appeal, road-safety, safeguarding, "
        "community, other.",
        id="category-missing",
    ),
    pytest.param(
        "alerts/x.md",
        front(category="burgalry"),
        "category",
        "found 'burgalry' (did you mean 'burglary'?); write one of: burglary, fraud, theft, "
        "appeal, road-safety, safeguarding, community, other.",
        id="category-misspelt",
    ),
    pytest.param(
        "alerts/x.md",
        front(severity="high"),
        "severity",
        "found 'high'; write one of: info, advisory, warning, urgent.",
        id="severity-unknown",
    ),
    pytest.param(
        "alerts/x.md",
        front(crime_refs="CF0123"),
        "crime_refs",
        "found 'CF0123', but 'crime_refs' is a list; write it as crime_refs: [first, second] or "
        "as lines starting with '- '.",
        id="crime-refs-not-a-list",
    ),
    pytest.param(
        "court-news/x.md",
        front("court-news", cases="\n  - headline: Fraudster jailed\n    url: javascript:alert(1)"),
        "cases, case 1, url",
        "found 'javascript:alert(1)'; write the full web address of the story, starting https://",
        id="case-url-javascript",
    ),
    pytest.param(
        "guides/x.md",
        front("guides", review_by="next year"),
        "review_by",
        "found 'next year'; write a date as YYYY-MM-DD, e.g. review_by: 2025-06-30.",
        id="review-by-not-a-date",
    ),
]


@pytest.mark.parametrize(("path", "text", "field", "message"), GOLDEN)
def test_golden_error_messages(tmp_path, path, text, field, message):
    item, problems = load(tmp_path, text, path)
    problem = only_error(item, problems, field, path)
    assert problem.message == message


def test_golden_unknown_key_warning_line(tmp_path):
    """The whole printed line for the commonest near miss."""
    item, problems = load(tmp_path, front(sumary="'Vans broken into'"))
    assert item is not None  # a warning does not stop the item
    [problem] = problems
    assert problem.level == "warning"
    assert str(problem).split(", line ")[0] == "alerts/x.md"
    assert str(problem).split(": ", 1)[1] == (
        "'sumary' is not a front matter key (did you mean 'summary'?); remove it or write one "
        f"of: {ALERT_KEYS}."
    )
    assert ", field 'sumary': " in str(problem)


START_ALERT = (
    "start it with a line '---', then 'key: value' lines with at least title:, date: and "
    "category: (e.g. 'date: 2024-05-22'), then another line '---'."
)

# Whole-file problems have no field and no line, so the printed line is exact.
WHOLE_FILE = [
    pytest.param(b"", "alerts/x.md: the file is empty; " + START_ALERT, id="empty-file"),
    pytest.param(
        b"Tools were taken from vans.\n",
        "alerts/x.md: the file has no front matter; " + START_ALERT,
        id="no-front-matter",
    ),
    pytest.param(
        b"---\n- title\n- date\n---\nText\n",
        "alerts/x.md: the front matter is a list, but it must be 'key: value' lines; "
        + START_ALERT,
        id="front-matter-is-a-list",
    ),
    pytest.param(
        b"---\ntitle: Caf\xe9 thefts\ndate: 2024-05-30\ncategory: theft\n---\n",
        "alerts/x.md: the file is not UTF-8 text (byte 0xe9 at position 14); save it again "
        "choosing the 'UTF-8' encoding.",
        id="not-utf-8",
    ),
    pytest.param(
        b"---\ntitle: Van thefts\ndate: 2024-05-30\ncategory: theft\n",
        "alerts/x.md: the front matter is not closed; add a line '---' after its last "
        "'key: value' line.",
        id="front-matter-not-closed",
    ),
]


@pytest.mark.parametrize(("raw", "line"), WHOLE_FILE)
def test_golden_whole_file_problems(tmp_path, raw, line):
    item, problems = load(tmp_path, raw)
    problem = only_error(item, problems, None)
    assert str(problem) == line


@pytest.mark.parametrize(
    "text",
    [
        b"",
        b"Tools were taken.\n",
        b"---\n- a\n---\n",
        front("court-news", cases=None).encode(),
        front("court-news", cases="[]").encode(),
    ],
)
def test_every_problem_is_one_line(tmp_path, text):
    _, problems = load(tmp_path, text, "court-news/x.md")
    assert problems
    assert all("\n" not in str(p) for p in problems), [str(p) for p in problems]


def test_whitespace_only_file_is_reported_as_empty(tmp_path):
    item, problems = load(tmp_path, "\n   \n\t\n")
    assert "the file is empty" in only_error(item, problems, None).message


# ------------------------------------------------------- the file as a whole


def test_yaml_syntax_error_is_reported_with_a_line_and_advice(tmp_path):
    item, problems = load(tmp_path, front(summary="Vans: broken into: overnight"))
    problem = only_error(item, problems, None)
    assert problem.line is not None
    assert problem.message == (
        "the front matter is not valid YAML (mapping values are not allowed in this context); "
        "check the "
        "quotes and indentation on this line, and put text containing ': ' or '#' in quotes."
    )


# The file's own line numbers, 1 = the opening '---'. `front()` puts title on
# line 2, date on 3, category on 4 and an added field on 5.
LINES = [
    pytest.param(front(summary="Vans: broken into"), 5, id="yaml-error"),
    pytest.param(front(title="[2024]"), 2, id="title"),
    pytest.param(front(category="burgalry"), 4, id="category"),
    pytest.param(front(sumary="x"), 5, id="unknown-key"),
    pytest.param(
        "---\ntitle: Vans\ndate: 2024-05-30\ncategory: theft\n  areas: [x]\n---\n",
        5,
        id="bad-indentation",
    ),
]


@pytest.mark.parametrize(("text", "line"), LINES)
def test_problem_line_is_the_files_own_line(tmp_path, text, line):
    _, problems = load(tmp_path, text)
    assert [p.line for p in problems] == [line], [str(p) for p in problems]


def test_line_numbers_are_given_for_field_problems(tmp_path):
    """Whatever the exact count, a field that is present gets a line, a missing one none."""
    _, problems = load(tmp_path, front(title=None, category="burgalry"))
    lines = {p.field: p.line for p in problems}
    assert lines["title"] is None
    assert isinstance(lines["category"], int)


def test_utf8_with_byte_order_mark_and_windows_line_endings_is_fine(tmp_path):
    text = front(title="Café thefts", sumary=None).replace("\n", "\r\n")
    item = ok(*load(tmp_path, "\ufeff".encode() + text.encode("utf-8")))
    assert item.title == "Café thefts"
    assert item.summary == "Tools were taken from vans overnight."


def test_non_ascii_text_survives(tmp_path):
    item = ok(*load(tmp_path, front(title="'Arnaque au faux conseiller — 詐欺 ✓'")))
    assert item.title == "Arnaque au faux conseiller — 詐欺 ✓"


def test_every_problem_in_a_file_is_reported_not_only_the_first(tmp_path):
    item, problems = load(
        tmp_path,
        front(
            title=None,
            date="soon",
            category="thef",
            severity="loud",
            areas="[nowhere]",
            colour="blue",
        ),
    )
    assert item is None
    assert sorted((p.field, p.level) for p in problems) == sorted(
        [
            ("title", "error"),
            ("date", "error"),
            ("category", "error"),
            ("severity", "error"),
            ("areas", "error"),
            ("colour", "warning"),
        ]
    )


NASTY = [
    pytest.param(b"---\ntitle: !!python/object/apply:os.system ['true']\n---\n", id="python-tag"),
    pytest.param(b"---\n? [a, b]\n: c\n---\n", id="unhashable-key"),
    pytest.param(b"---\n&a [*a]\n---\n", id="recursive-alias"),
    pytest.param(b"---\ntitle: 'x\n---\n", id="unclosed-quote"),
    pytest.param(b"---\n\ttitle: x\n---\n", id="tab-indent"),
    pytest.param(b"---\n42\n---\n", id="front-matter-is-a-number"),
    pytest.param(b"---\n'just text'\n---\n", id="front-matter-is-text"),
    pytest.param(b"---\ntitle: x\ndate: 2024-13-01\ncategory: theft\n---\n", id="month-13"),
    pytest.param(
        b"---\ntitle: x\ndate: 2024-02-30 10:00:00\ncategory: theft\n---\n",
        id="february-30-with-time",
    ),
    pytest.param(b"\xff\xfe\x00t\x00i", id="utf-16"),
    pytest.param(
        b"---\ntitle: x\ndate: 2024-05-30\ncategory: theft\n---\n\x00\x01binary", id="binary-body"
    ),
]


@pytest.mark.parametrize("raw", NASTY)
def test_malformed_files_give_problems_never_exceptions(tmp_path, raw):
    write(tmp_path, "alerts/x.md", raw)
    result = load_content(tmp_path, SETTINGS)
    assert all(p.path == "alerts/x.md" for p in result.problems)
    for problem in result.problems:
        assert "Traceback" not in problem.message
        assert "could not be read (" not in problem.message, "an exception was caught"


@pytest.mark.parametrize("raw", [p.values[0] for p in NASTY if p.id != "binary-body"])
def test_malformed_files_are_errors(tmp_path, raw):
    write(tmp_path, "alerts/x.md", raw)
    result = load_content(tmp_path, SETTINGS)
    assert result.items == []
    assert result.errors


def test_load_content_reports_every_file_at_once(tmp_path):
    write(tmp_path, "alerts/a.md", front(category="thef"))
    write(tmp_path, "alerts/2024/b.md", front(title=None))
    write(tmp_path, "court-news/c.md", front("court-news", cases=None))
    write(tmp_path, "guides/d.md", b"")
    write(tmp_path, "guides/fine.md", front("guides"))
    write(tmp_path, "accessibility.md", "# Not a message, never checked\n")
    result = load_content(tmp_path, SETTINGS)
    assert sorted((p.path, p.field) for p in result.errors) == [
        ("alerts/2024/b.md", "title"),
        ("alerts/a.md", "category"),
        ("court-news/c.md", "cases"),
        ("guides/d.md", None),
    ]
    assert [item.source_path for item in result.items] == ["guides/fine.md"]


@pytest.mark.parametrize("name", ["index.md", "README.md"])
def test_a_hand_written_listing_page_in_a_section_is_an_error(tmp_path, name):
    item, problems = load(tmp_path, front(), f"alerts/{name}")
    assert (
        "listing pages are made automatically"
        in only_error(item, problems, None, f"alerts/{name}").message
    )


# --------------------------------------------------------------------- title


def test_title_valid_is_kept_with_whitespace_collapsed(tmp_path):
    item = ok(*load(tmp_path, front(title="'  Vans   broken\tinto '")))
    assert item.title == "Vans broken into"


@pytest.mark.parametrize(("length", "good"), [(1, True), (150, True), (151, False)])
def test_title_is_1_to_150_characters(tmp_path, length, good):
    item, problems = load(tmp_path, front(title="t" * length))
    if good:
        assert ok(item, problems).title == "t" * length
    else:
        assert only_error(item, problems, "title").message.startswith("is 151 characters long")


@pytest.mark.parametrize("empty", ["''", "'   '"])
def test_title_empty_is_an_error(tmp_path, empty):
    item, problems = load(tmp_path, front(title=empty))
    assert only_error(item, problems, "title").message == (
        "is empty; write a title of up to 150 characters."
    )


@pytest.mark.parametrize(
    ("value", "found"),
    [
        ("yes", "the yes/no value true"),
        ("[Vans, thefts]", "a list"),
        ("{a: b}", "a group of 'key: value' lines"),
    ],
)
def test_title_must_be_a_string(tmp_path, value, found):
    item, problems = load(tmp_path, front(title=value))
    message = only_error(item, problems, "title").message
    assert message.startswith(f"found {found}; write the title as text")


# ---------------------------------------------------------------------- date

WHEN = [
    # value as written -> the instant in UTC, day only?
    ("2024-05-30", dt.datetime(2024, 5, 29, 23, 0, tzinfo=UTC), True),  # BST midnight
    ("'2024-05-30'", dt.datetime(2024, 5, 29, 23, 0, tzinfo=UTC), True),
    ("2024-01-15", dt.datetime(2024, 1, 15, 0, 0, tzinfo=UTC), True),  # GMT midnight
    ("2024-05-30T10:00", dt.datetime(2024, 5, 30, 9, 0, tzinfo=UTC), False),  # BST
    ('"2024-05-30T10:00"', dt.datetime(2024, 5, 30, 9, 0, tzinfo=UTC), False),
    ("2024-05-30T10:00:00", dt.datetime(2024, 5, 30, 9, 0, tzinfo=UTC), False),  # YAML timestamp
    ("2024-05-30 10:00:00", dt.datetime(2024, 5, 30, 9, 0, tzinfo=UTC), False),
    ("'2024-05-30 10:00'", dt.datetime(2024, 5, 30, 9, 0, tzinfo=UTC), False),
    ("2024-01-15T10:00", dt.datetime(2024, 1, 15, 10, 0, tzinfo=UTC), False),  # GMT
    ("2024-01-15T10:00:00", dt.datetime(2024, 1, 15, 10, 0, tzinfo=UTC), False),
    ("2024-05-30T10:00:00Z", dt.datetime(2024, 5, 30, 10, 0, tzinfo=UTC), False),
    ("2024-05-30T10:00:00+02:00", dt.datetime(2024, 5, 30, 8, 0, tzinfo=UTC), False),
    ("'2024-05-30T10:00+00:00'", dt.datetime(2024, 5, 30, 10, 0, tzinfo=UTC), False),
]


@pytest.mark.parametrize(("value", "instant", "day_only"), WHEN)
def test_date_formats_bare_or_quoted_naive_is_london(tmp_path, value, instant, day_only):
    item = ok(*load(tmp_path, front(date=value, expires="2030-01-01")))
    assert item.date == instant
    assert item.date.tzinfo is not None
    assert item.date_day_only is day_only


def test_naive_date_time_is_london_wall_clock_time(tmp_path):
    item = ok(*load(tmp_path, front(date="2024-05-30T10:00")))
    assert item.date.astimezone(LONDON).hour == 10
    assert item.date.utcoffset() == dt.timedelta(hours=1)
    winter = ok(*load(tmp_path, front(date="2024-12-02T10:00"), "alerts/y.md"))
    assert winter.date.utcoffset() == dt.timedelta(0)


@pytest.mark.parametrize(
    "value",
    [
        "30/05/2024",
        "tomorrow",
        "20240530",
        "2024-13-01",
        "2024-05-32",
        "2024-5-3",
        "2024-02-30T10:00:00",
        "'2024-05-30T25:00'",
        "[2024-05-30]",
        "''",
        "true",
    ],
)
def test_date_that_is_not_a_date_is_an_error(tmp_path, value):
    item, problems = load(tmp_path, front(date=value))
    message = only_error(item, problems, "date").message
    assert "which is not a date; write YYYY-MM-DD or a date and time" in message


# ------------------------------------------------------------------- summary


def test_summary_given_is_kept(tmp_path):
    item = ok(*load(tmp_path, front(summary="'Lock your van.'")))
    assert item.summary == "Lock your van."


def test_summary_of_300_characters_is_allowed(tmp_path):
    assert ok(*load(tmp_path, front(summary="s" * 300))).summary == "s" * 300


@pytest.mark.parametrize("value", ["[a, b]", "true"])
def test_summary_must_be_text(tmp_path, value):
    item, problems = load(tmp_path, front(summary=value))
    assert only_error(item, problems, "summary").message.startswith("found ")


@pytest.mark.parametrize("section", ["alerts", "guides"])
def test_summary_derived_from_first_paragraph(tmp_path, section):
    body = (
        "\n# A heading\n\n![A van](van.png)\n\n- a list\n\n"
        "Tools were *taken* from [vans](https://example.org) overnight.\n\nSecond.\n"
    )
    item = ok(*load(tmp_path, front(section, body=body), f"{section}/x.md"))
    assert item.summary == "Tools were taken from vans overnight."


@pytest.mark.parametrize("section", ["alerts", "guides"])
def test_summary_derived_is_cut_at_a_word_to_at_most_300(tmp_path, section):
    words = [f"word{n}" for n in range(100)]  # about 600 characters
    item = ok(
        *load(tmp_path, front(section, body="\n" + " ".join(words) + "\n"), f"{section}/x.md")
    )
    assert len(item.summary) <= 300
    assert len(item.summary) > 250
    kept = item.summary.rstrip("…").split()
    assert kept == words[: len(kept)], "cut in the middle of a word"
    assert item.summary.endswith("…")


def test_summary_short_first_paragraph_is_kept_whole(tmp_path):
    item = ok(*load(tmp_path, front(body="\nShort one.\n")))
    assert item.summary == "Short one."


def test_summary_derived_from_a_paragraph_opening_with_a_long_link_keeps_text(tmp_path):
    link = "https://www.example.org/" + "a" * 300
    item = ok(*load(tmp_path, front(body=f"\n{link} has the details of the scam.\n")))
    assert len(item.summary) <= 300
    assert len(item.summary.rstrip("…")) > 100


# --------------------------------------------------------------------- areas


def test_areas_default_county_wide(tmp_path):
    assert ok(*load(tmp_path, front())).areas == (COUNTY_WIDE,)


def test_areas_configured_slugs(tmp_path):
    item = ok(*load(tmp_path, front(areas="[cambridge, fenland]")))
    assert item.areas == ("cambridge", "fenland")


def test_areas_come_from_the_configured_list(tmp_path):
    settings = Settings(areas={"north": "North", "county-wide": "County-wide"})
    assert ok(*load(tmp_path, front(areas="[north]"), settings=settings)).areas == ("north",)
    item, problems = load(tmp_path, front(areas="[cambridge]"), settings=settings)
    assert only_error(item, problems, "areas").message == (
        "'cambridge' is not an area; write any of: north, county-wide."
    )


@pytest.mark.parametrize(
    ("value", "start"),
    [
        ("[]", "is an empty list; name at least one area"),
        ("[1]", "'1' is not an area; write any of"),
        ("[[fenland]]", "entry a list is not text"),
        ("[Nowhere]", "'Nowhere' is not an area; write any of"),
        ("Nowhere", "'Nowhere' is not an area; write any of"),
    ],
)
def test_areas_wrong(tmp_path, value, start):
    item, problems = load(tmp_path, front(areas=value))
    assert only_error(item, problems, "areas").message.startswith(start)


# ---------------------------------------------------------------------- tags


def test_tags_list_of_strings(tmp_path):
    assert ok(*load(tmp_path, front(tags="[vans, 'tools']"))).tags == ("vans", "tools")


@pytest.mark.parametrize("value", ["vans", "[[1], 2]", "{a: b}", "['']"])
def test_tags_wrong(tmp_path, value):
    item, problems = load(tmp_path, front(tags=value))
    assert "tags" in only_error(item, problems, "tags").message


# --------------------------------------------------------------------- draft


@pytest.mark.parametrize(("value", "draft"), [(None, False), ("true", True), ("false", False)])
def test_draft_bool(tmp_path, value, draft):
    assert ok(*load(tmp_path, front(draft=value))).draft is draft


@pytest.mark.parametrize("value", ["'true'", "1", "[true]"])
def test_draft_must_be_true_or_false(tmp_path, value):
    item, problems = load(tmp_path, front(draft=value))
    assert only_error(item, problems, "draft").message.endswith("write true or false.")


# ------------------------------------------------------------------------ id


def test_id_defaults_to_path_under_content_without_md(tmp_path):
    item = ok(*load(tmp_path, front(), "alerts/2024/vans.md"))
    assert item.id == "alerts/2024/vans"
    assert item.url == "alerts/2024/vans/"


def test_id_given_is_kept_and_url_still_follows_the_file(tmp_path):
    item = ok(*load(tmp_path, front(id="'vans-2024-05'"), "alerts/renamed.md"))
    assert item.id == "vans-2024-05"
    assert item.url == "alerts/renamed/"


@pytest.mark.parametrize("value", ["'a b'", "['a']", "''"])
def test_id_must_be_text(tmp_path, value):
    item, problems = load(tmp_path, front(id=value))
    assert "an id is 1 to 100 letters" in only_error(item, problems, "id").message


def test_duplicate_id_is_an_error_on_the_later_file_naming_the_earlier(tmp_path):
    write(tmp_path, "alerts/a.md", front(id="same"))
    write(tmp_path, "guides/b.md", front("guides", id="same", date="2024-06-01"))
    write(tmp_path, "guides/c.md", front("guides", id="alerts/a", date="2024-06-02"))
    write(tmp_path, "alerts/d.md", front())
    result = load_content(tmp_path, SETTINGS)
    assert [(p.path, p.field) for p in result.errors] == [("guides/b.md", "id")]
    assert result.errors[0].message == (
        "'same' is already the id of alerts/a.md (dated 30 May 2024, 10:00); give this "
        "message an id of its own, and leave the other file as it is."
    )


def test_explicit_id_equal_to_another_files_default_id_is_a_duplicate(tmp_path):
    write(tmp_path, "alerts/a.md", front())
    write(tmp_path, "alerts/b.md", front(id="alerts/a", date="2024-06-01"))
    result = load_content(tmp_path, SETTINGS)
    assert [p.path for p in result.errors] == ["alerts/b.md"]
    assert "alerts/a.md" in result.errors[0].message


# ------------------------------------------------------------------- updated


@pytest.mark.parametrize("value", ["2024-05-30T10:00", "2024-05-31", "2024-06-02T08:00:00Z"])
def test_updated_same_as_or_after_date(tmp_path, value):
    item = ok(*load(tmp_path, front(updated=value)))
    assert item.updated >= item.date
    assert item.last_changed == item.updated


def test_updated_before_date_by_a_minute_is_an_error(tmp_path):
    item, problems = load(tmp_path, front(updated="2024-05-30T09:59"))
    assert "is before the date" in only_error(item, problems, "updated").message


def test_updated_not_a_date(tmp_path):
    item, problems = load(tmp_path, front(updated="later"))
    assert "updated: 2024-05-22" in only_error(item, problems, "updated").message


# -------------------------------------------------------------------- sender


def test_sender_default_from_settings(tmp_path):
    settings = Settings(default_sender=Sender(name="Comms team", organisation="Test Police"))
    item = ok(*load(tmp_path, front(), settings=settings))
    assert item.sender == Sender(name="Comms team", organisation="Test Police")


def test_sender_mapping(tmp_path):
    value = "\n  name: PC Jane Smith\n  role: Beat manager\n  organisation: Cambs Police"
    item = ok(*load(tmp_path, front(sender=value)))
    assert item.sender == Sender("PC Jane Smith", "Beat manager", "Cambs Police")


def test_sender_string_is_a_name(tmp_path):
    assert ok(*load(tmp_path, front(sender="PC Jane Smith"))).sender == Sender(name="PC Jane Smith")


def test_sender_unknown_part_is_a_warning_with_suggestion(tmp_path):
    item, problems = load(tmp_path, front(sender="\n  name: PC Smith\n  rank: PC"))
    assert item is not None
    [problem] = problems
    assert (problem.field, problem.level) == ("sender", "warning")
    assert problem.message.startswith("'rank' is not part of a sender")
    _, problems = load(tmp_path, front(sender="\n  name: PC Smith\n  rol: PC"), "alerts/y.md")
    assert "(did you mean 'role'?)" in problems[0].message


@pytest.mark.parametrize("value", ["42", "[PC Smith]", "{}", "\n  name: 42", "''"])
def test_sender_wrong(tmp_path, value):
    item, problems = load(tmp_path, front(sender=value))
    only_error(item, problems, "sender")


# --------------------------------------------------------------------- image

PNG = b"\x89PNG\r\n\x1a\n"


def test_image_relative_to_the_items_file(tmp_path):
    write(tmp_path, "alerts/2024/images/van.png", PNG)
    item = ok(
        *load(
            tmp_path, front(image="images/van.png", image_alt="'A white van'"), "alerts/2024/x.md"
        )
    )
    assert (item.image, item.image_alt) == ("alerts/2024/images/van.png", "A white van")


def test_image_in_a_parent_folder_inside_content(tmp_path):
    write(tmp_path, "guides/images/lock.png", PNG)
    item = ok(
        *load(
            tmp_path,
            front(image="../../guides/images/lock.png", image_alt="A lock"),
            "alerts/2024/x.md",
        )
    )
    assert item.image == "guides/images/lock.png"


def test_image_requires_image_alt(tmp_path):
    write(tmp_path, "alerts/van.png", PNG)
    for n, alt in enumerate([None, "''", "[42]"]):
        item, problems = load(tmp_path, front(image="van.png", image_alt=alt), f"alerts/{n}.md")
        message = only_error(item, problems, "image_alt", f"alerts/{n}.md").message
        assert "image_alt: A white van parked on a drive" in message


@pytest.mark.parametrize("value", ["../../outside.png", "https://example.org/van.png", "42"])
def test_image_outside_content_web_address_or_not_a_path(tmp_path, value):
    (tmp_path / "outside.png").write_bytes(PNG)
    item, problems = load(tmp_path / "content", front(image=value, image_alt="A van"))
    only_error(item, problems, "image")


def test_image_absolute_path_outside_content_is_an_error(tmp_path):
    outside = tmp_path / "outside.png"
    outside.write_bytes(PNG)
    item, problems = load(tmp_path / "content", front(image=str(outside), image_alt="A van"))
    only_error(item, problems, "image")


# ----------------------------------------------------------------- alerts


@pytest.mark.parametrize(
    "category",
    ["burglary", "fraud", "theft", "appeal", "road-safety", "safeguarding", "community", "other"],
)
def test_category_each_allowed(tmp_path, category):
    assert ok(*load(tmp_path, front(category=category))).category == category


@pytest.mark.parametrize(
    ("value", "hint"),
    [
        ("Frawd", " (did you mean 'fraud'?)"),
        ("roadsafety", " (did you mean 'road-safety'?)"),
        ("weather", ""),
        ("[fraud]", ""),
    ],
)
def test_category_not_allowed(tmp_path, value, hint):
    item, problems = load(tmp_path, front(category=value))
    message = only_error(item, problems, "category").message
    assert message.endswith(
        f"{hint}; write one of: burglary, fraud, theft, appeal, "
        "road-safety, safeguarding, community, other."
    )


@pytest.mark.parametrize(
    ("value", "severity"),
    [
        (None, "info"),
        ("info", "info"),
        ("advisory", "advisory"),
        ("warning", "warning"),
        ("urgent", "urgent"),
    ],
)
def test_severity_enum_default_info(tmp_path, value, severity):
    assert ok(*load(tmp_path, front(severity=value))).severity == severity


def test_severity_near_miss_suggests(tmp_path):
    item, problems = load(tmp_path, front(severity="urgnet"))
    assert "(did you mean 'urgent'?)" in only_error(item, problems, "severity").message


def test_expires_default_is_14_days_after_date(tmp_path):
    item = ok(*load(tmp_path, front()))
    assert item.expires == item.date + dt.timedelta(days=14)
    assert item.expires == dt.datetime(2024, 6, 13, 10, 0, tzinfo=LONDON)


def test_expires_default_lifetime_is_configurable(tmp_path):
    item = ok(*load(tmp_path, front(), settings=Settings(alert_lifetime_days=3)))
    assert item.expires == item.date + dt.timedelta(days=3)


@pytest.mark.parametrize(
    ("value", "instant", "day_only"),
    [
        ("2024-06-10", dt.datetime(2024, 6, 9, 23, 0, tzinfo=UTC), True),
        ("2024-06-10T18:00", dt.datetime(2024, 6, 10, 17, 0, tzinfo=UTC), False),
        ("'2024-12-10T18:00'", dt.datetime(2024, 12, 10, 18, 0, tzinfo=UTC), False),
    ],
)
def test_expires_date_or_date_time(tmp_path, value, instant, day_only):
    item = ok(*load(tmp_path, front(expires=value)))
    assert (item.expires, item.expires_day_only) == (instant, day_only)


@pytest.mark.parametrize("value", ["2024-05-30T10:00", "2024-05-29"])
def test_expires_not_after_date_is_an_error(tmp_path, value):
    item, problems = load(tmp_path, front(expires=value))
    assert "is not after the date" in only_error(item, problems, "expires").message


def test_expires_not_a_date(tmp_path):
    item, problems = load(tmp_path, front(expires="never"))
    assert "expires: 2024-05-22" in only_error(item, problems, "expires").message


def test_crime_refs_list_of_strings(tmp_path):
    item = ok(*load(tmp_path, front(crime_refs="[CF0123450524, '35/12345/24']")))
    assert item.crime_refs == ("CF0123450524", "35/12345/24")


def test_crime_refs_entries_must_be_text(tmp_path):
    item, problems = load(tmp_path, front(crime_refs="[[123450524]]"))
    assert only_error(item, problems, "crime_refs").message.startswith("entry a list is not text")


# ------------------------------------------------------------- court news


def load_cases(tmp_path, cases: str | None):
    return load(tmp_path, front("court-news", cases=cases), "court-news/x.md")


def test_cases_each_headline_url_optional_summary_and_area(tmp_path):
    cases = (
        "\n  - headline: Man jailed\n    url: https://example.org/a\n"
        "    summary: Four years.\n    area: fenland\n"
        "  - headline: Woman fined\n    url: http://example.org/b"
    )
    item = ok(
        *load(tmp_path, front("court-news", cases=cases, areas="[cambridge]"), "court-news/x.md")
    )
    assert item.cases == (
        Case("Man jailed", "https://example.org/a", "Four years.", "fenland"),
        Case("Woman fined", "http://example.org/b", "", None),
    )
    assert item.areas == ("cambridge",), "a case's area need not be among the item's areas"


def test_cases_required(tmp_path):
    item, problems = load_cases(tmp_path, None)
    message = only_error(item, problems, "cases", "court-news/x.md").message
    assert message.startswith("missing; a court-news digest lists its cases")


@pytest.mark.parametrize("value", ["[]", "Man jailed", "{headline: x, url: 'https://a.org'}"])
def test_cases_at_least_one_in_a_list(tmp_path, value):
    item, problems = load_cases(tmp_path, value)
    message = only_error(item, problems, "cases", "court-news/x.md").message
    assert "'cases' must be a list of at least one case" in message


@pytest.mark.parametrize(
    ("case", "field"),
    [
        ("\n  - url: https://example.org/a", "cases, case 1, headline"),
        ("\n  - headline: [42]\n    url: https://example.org/a", "cases, case 1, headline"),
        ("\n  - headline: Man jailed", "cases, case 1, url"),
        ("\n  - headline: Man jailed\n    url: javascript:alert(1)", "cases, case 1, url"),
        ("\n  - headline: Man jailed\n    url: JavaScript:alert(1)", "cases, case 1, url"),
        ("\n  - headline: Man jailed\n    url: 'data:text/html,x'", "cases, case 1, url"),
        ("\n  - headline: Man jailed\n    url: ftp://example.org/a", "cases, case 1, url"),
        ("\n  - headline: Man jailed\n    url: example.org/a", "cases, case 1, url"),
        ("\n  - headline: Man jailed\n    url: 'https://'", "cases, case 1, url"),
        (
            "\n  - headline: Man jailed\n    url: https://example.org/a\n    summary: [a]",
            "cases, case 1, summary",
        ),
        (
            "\n  - headline: Man jailed\n    url: https://example.org/a\n    area: fenlnd",
            "cases, case 1, area",
        ),
        ("\n  - headline: Ok\n    url: https://example.org/a\n  - Man jailed", "cases, case 2"),
    ],
)
def test_case_wrong(tmp_path, case, field):
    item, problems = load_cases(tmp_path, case)
    only_error(item, problems, field, "court-news/x.md")


def test_case_area_near_miss_suggests(tmp_path):
    item, problems = load_cases(
        tmp_path, "\n  - headline: Man jailed\n    url: https://example.org/a\n    area: fenlnd"
    )
    assert "(did you mean 'fenland'?)" in problems[0].message


def test_case_unknown_key_is_a_warning(tmp_path):
    item, problems = load_cases(
        tmp_path, "\n  - headline: Man jailed\n    url: https://example.org/a\n    sumary: x"
    )
    assert item is not None
    [problem] = problems
    assert (problem.level, problem.field) == ("warning", "cases, case 1")
    assert "(did you mean 'summary'?)" in problem.message


# ------------------------------------------------------------------ guides


def test_guide_topics_and_review_by(tmp_path):
    item = ok(
        *load(
            tmp_path,
            front("guides", topics="[home security, sheds]", review_by="2025-06-30"),
            "guides/x.md",
        )
    )
    assert item.topics == ("home security", "sheds")
    assert item.review_by == dt.date(2025, 6, 30)


def test_guide_review_by_in_the_past_is_not_a_loader_problem(tmp_path):
    ok(*load(tmp_path, front("guides", review_by="2020-01-01"), "guides/x.md"))


@pytest.mark.parametrize("value", ["2025-06-30T10:00", "soon", "2025-02-30", "42"])
def test_guide_review_by_must_be_a_date(tmp_path, value):
    item, problems = load(tmp_path, front("guides", review_by=value), "guides/x.md")
    only_error(item, problems, "review_by", "guides/x.md")


def test_guide_topics_must_be_a_list(tmp_path):
    item, problems = load(tmp_path, front("guides", topics="sheds"), "guides/x.md")
    only_error(item, problems, "topics", "guides/x.md")


# ------------------------------------------------------------- unknown keys


@pytest.mark.parametrize(
    ("key", "hint"),
    [
        ("sumary", " (did you mean 'summary'?)"),
        ("titel", " (did you mean 'title'?)"),
        ("Date", " (did you mean 'date'?)"),
        ("area", " (did you mean 'areas'?)"),
        ("colour", ""),
    ],
)
def test_unknown_key_is_a_warning_with_did_you_mean(tmp_path, key, hint):
    item, problems = load(tmp_path, front(**{key: "x"}))
    assert item is not None
    [problem] = problems
    assert (problem.path, problem.field, problem.level) == ("alerts/x.md", key, "warning")
    assert problem.message.startswith(f"'{key}' is not a front matter key{hint}; remove it")


@pytest.mark.parametrize(
    ("section", "key", "owner"),
    [
        ("guides", "category", "alerts"),
        ("alerts", "cases", "court-news"),
        ("court-news", "review_by", "guides"),
    ],
)
def test_another_sections_key_is_a_warning(tmp_path, section, key, owner):
    item, problems = load(tmp_path, front(section, **{key: "x"}), f"{section}/x.md")
    assert item is not None
    [problem] = problems
    assert (problem.field, problem.level) == (key, "warning")
    assert problem.message == (
        f"only {owner} messages use '{key}', so it is ignored here; remove the line."
    )


# ---------------------------------------------------------------- problems


def test_problem_line_format():
    assert str(Problem("alerts/x.md", "title", "missing.", 3)) == (
        "alerts/x.md, line 3, field 'title': missing."
    )
    assert str(Problem("alerts/x.md", None, "empty.")) == "alerts/x.md: empty."


def test_unreadable_path_is_a_problem(tmp_path):
    (tmp_path / "alerts").mkdir()
    item, problems = load_item(tmp_path, "alerts/missing.md", SETTINGS)
    assert item is None
    assert problems[0].path == "alerts/missing.md"
