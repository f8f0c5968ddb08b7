"""How staff really write: text pasted from Word and Outlook, numbers that are text, areas
in any capitals, and the messages they get back (issue 17). No MkDocs."""

from __future__ import annotations

import pytest
from community_alerts.core.loader import load_content
from community_alerts.core.text import pasted_lists
from markdown import markdown as markdown_to_html
from test_loader import SETTINGS, front, load, ok, only_error, write


def test_a_crime_reference_with_a_leading_zero_is_kept_as_written(tmp_path):
    # YAML 1.1 reads 0612345126 as the octal number 103402070.
    item = ok(*load(tmp_path, front(crime_refs="[0612345126, 35/1234/26]")))
    assert item.crime_refs == ("0612345126", "35/1234/26")


@pytest.mark.parametrize(
    ("value", "title"),
    [("2024", "2024"), ("0612", "0612"), ("1.50", "1.50"), ("2026-11-30", "2026-11-30")],
)
def test_a_title_that_looks_like_a_number_or_date_is_the_text_written(tmp_path, value, title):
    assert ok(*load(tmp_path, front(title=value))).title == title


def test_a_wrong_type_is_quoted_as_written(tmp_path):
    item, problems = load(tmp_path, front(severity="012"))
    assert only_error(item, problems, "severity").message.startswith("found the number 012;")


@pytest.mark.parametrize(
    ("field", "value", "expected"),
    [
        ("title", "\u201cRogue traders in Ely\u201d", "Rogue traders in Ely"),
        ("summary", "\u2018Calls claiming to be the bank\u2019", "Calls claiming to be the bank"),
    ],
)
def test_curly_quotes_around_a_value_are_removed(tmp_path, field, value, expected):
    assert getattr(ok(*load(tmp_path, front(**{field: value}))), field) == expected


def test_curly_quotes_around_crime_refs_are_removed(tmp_path):
    item = ok(*load(tmp_path, front(crime_refs="[\u201cCF0123450524\u201d]")))
    assert item.crime_refs == ("CF0123450524",)


def test_curly_quotes_that_break_the_front_matter_are_named(tmp_path):
    item, problems = load(tmp_path, front(title="\u201cScam warning: act now\u201d"))
    [problem] = problems
    assert item is None and problem.line == 2
    assert "curly quotes" in problem.message and "straight quotes" in problem.message


def test_a_tab_in_the_front_matter_is_named(tmp_path):
    _, [problem] = load(tmp_path, "---\ntitle: Vans\n\tdate: 2024-05-30\ncategory: theft\n---\n")
    assert problem.line == 3
    assert "tab" in problem.message and "spaces" in problem.message


@pytest.mark.parametrize(
    ("value", "areas"),
    [
        ("fenland", ("fenland",)),
        ("Fenland", ("fenland",)),
        ("[Fenland, CAMBRIDGE]", ("fenland", "cambridge")),
        ("South Cambridgeshire", ("south-cambridgeshire",)),
        ("[county-wide, County-wide]", ("county-wide",)),
    ],
)
def test_areas_take_a_single_value_and_any_capitals(tmp_path, value, areas):
    assert ok(*load(tmp_path, front(areas=value))).areas == areas


def test_category_and_severity_in_any_capitals(tmp_path):
    item = ok(*load(tmp_path, front(category="Fraud", severity="URGENT")))
    assert (item.category, item.severity) == ("fraud", "urgent")


def test_dates_in_messages_are_written_as_people_write_them(tmp_path):
    item, problems = load(tmp_path, front(date="2026-11-30T14:30", expires="2026-11-29"))
    message = only_error(item, problems, "expires").message
    assert message.startswith("29 November 2026 is not after the date 30 November 2026, 14:30;")
    assert "T00:00" not in message and "+00:00" not in message


def test_word_bullets_become_a_list():
    body = "What to do:\n\u2022 Lock your shed\n\u2022\tMark your tools\n\uf0b7 Call 101\n"
    html = markdown_to_html(pasted_lists(body))
    assert html.count("<li>") == 3 and "<ul>" in html
    assert "What to do:</p>" in html


def test_word_numbered_lists_and_text_after_a_list_are_kept_apart():
    body = "Steps:\n1) Hang up\n2) Call 101\nThen tell a friend.\n"
    html = markdown_to_html(pasted_lists(body))
    assert "<ol>" in html and html.count("<li>") == 2
    assert "<p>Then tell a friend.</p>" in html


def test_word_lists_reach_the_page_body(tmp_path):
    item = ok(*load(tmp_path, front(body="\nDo this:\n\u2022 Lock up\n\u2022 Light up\n")))
    assert "\n\n- Lock up\n- Light up" in item.body


def test_the_untouched_new_message_text_is_an_error_once_published(tmp_path):
    item, problems = load(tmp_path, front(body="\nWrite the message here.\n"))
    [problem] = problems
    assert item is None and "Write the message here." in problem.message
    assert problem.line == 7  # the file's own line: "---", three fields, "---", a blank
    draft = ok(*load(tmp_path, front(body="\nWrite the message here.\n", draft="true")))
    assert draft.draft


def test_the_untouched_new_court_case_is_an_error(tmp_path):
    cases = "\n  - headline: Write the first case's headline here\n    url: https://example.org/a"
    item, problems = load(tmp_path, front("court-news", cases=cases), "court-news/x.md")
    only_error(item, problems, "cases, case 1, headline", "court-news/x.md")


def test_a_crime_references_heading_beside_crime_refs_is_a_warning(tmp_path):
    body = "\nText.\n\n## Crime references\n\n- CF0123450524\n"
    item, problems = load(tmp_path, front(crime_refs="[CF0123450524]", body=body))
    [problem] = problems
    assert problem.level == "warning" and problem.field == "crime_refs"
    assert item is not None  # a warning: strict builds stop on it


def test_two_updates_of_one_alert_name_both_files(tmp_path):
    write(tmp_path, "alerts/a.md", front())
    update = dict(status="update", supersedes="alerts/a")
    write(tmp_path, "alerts/b.md", front(date="2024-06-01", **update))
    write(tmp_path, "alerts/c.md", front(date="2024-06-02", **update))
    result = load_content(tmp_path, SETTINGS)
    [problem] = result.errors
    assert (problem.path, problem.field) == ("alerts/c.md", "supersedes")
    assert "alerts/b.md already updates 'alerts/a'" in problem.message
    assert problem.message.endswith("write supersedes: alerts/b")


def test_an_update_and_a_withdrawal_of_one_alert_are_fine(tmp_path):
    write(tmp_path, "alerts/a.md", front())
    write(tmp_path, "alerts/b.md", front(date="2024-06-01", status="update", supersedes="alerts/a"))
    write(tmp_path, "alerts/c.md", front(date="2024-06-02", status="cancel", supersedes="alerts/a"))
    assert load_content(tmp_path, SETTINGS).errors == []
