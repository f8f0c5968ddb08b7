"""The staff commands of SPEC "Staff commands": `alerts check [FILE ...]`, `alerts new
update|withdraw FILE`, `alerts next`, and the summary line of a build and a check; run as
staff run them, in a fixture site's folder (issue 17)."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from sitebuild import FIXED_NOW, alert

PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6300010000050001e226059b0000000049454e44ae426082"
)


def alerts(site, *args: str, now: int | None = FIXED_NOW) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    if now is not None:
        env["SOURCE_DATE_EPOCH"] = str(now)
    return subprocess.run(
        [sys.executable, "-m", "community_alerts.cli", *args],
        cwd=site.root,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_check_takes_files_and_reports_only_theirs(fixture_site):
    fixture_site.write("alerts/good.md", alert())
    fixture_site.write("alerts/bad.md", alert(category="thef"))
    named = alerts(fixture_site, "check", "content/alerts/good.md")
    assert named.returncode == 0, named.stdout + named.stderr
    assert named.stdout.strip().splitlines()[-1].startswith("Checked 1 message file: 0 errors")
    both = alerts(fixture_site, "check", "content/alerts/good.md", "alerts/bad.md")
    assert both.returncode == 1
    assert "alerts/bad.md, line 4, field 'category'" in both.stdout


def test_check_of_a_file_that_is_not_there_says_so(fixture_site):
    done = alerts(fixture_site, "check", "content/alerts/nothing.md")
    assert done.returncode == 2
    assert "content/alerts/nothing.md was not found" in done.stderr
    assert "Traceback" not in done.stderr


def test_check_finds_a_missing_picture_in_the_text_as_the_build_does(fixture_site):
    fixture_site.write("alerts/van.md", alert() + "\n![A white van](images/van.jpg)\n")
    checked = alerts(fixture_site, "check")
    expected = (
        "alerts/van.md: the text links to images/van.jpg, which is not in the content folder "
        "(looked for alerts/images/van.jpg); check the spelling, or put the file there."
    )
    assert checked.returncode == 1 and expected in checked.stdout
    built = fixture_site.build()
    assert built.returncode == 1 and expected in built.output
    assert "not found among documentation files" not in built.output
    fixture_site.write("alerts/images/van.jpg", PNG)
    assert alerts(fixture_site, "check").returncode == 0


def test_a_link_to_a_draft_is_named(fixture_site):
    fixture_site.write("alerts/draft.md", alert(draft="true"))
    fixture_site.write("alerts/out.md", alert(title="Out") + "\nSee [the other](draft.md).\n")
    checked = alerts(fixture_site, "check")
    assert checked.returncode == 1
    assert "alerts/out.md: the text links to draft.md, which is a draft" in checked.stdout


def test_check_and_build_end_with_what_is_published_and_held_back(fixture_site):
    fixture_site.write("alerts/out.md", alert())
    fixture_site.write("alerts/draft.md", alert(draft="true"))
    fixture_site.write("alerts/later.md", alert(date="2024-06-03T09:00"))
    summary = (
        "1 message published; held back: 1 draft, 1 scheduled (alerts/later.md at "
        "3 June 2024, 09:00)."
    )
    checked = alerts(fixture_site, "check")
    assert checked.stdout.strip().splitlines()[-1].endswith(summary)
    built = fixture_site.build()
    assert built.returncode == 0, built.output
    assert built.output.strip().splitlines()[-1].endswith(summary)


def test_check_says_a_build_publishes_nothing_while_there_are_errors(fixture_site):
    fixture_site.write("alerts/good.md", alert())
    fixture_site.write("alerts/bad.md", alert(category="thef"))
    last = alerts(fixture_site, "check").stdout.strip().splitlines()[-1]
    assert last == (
        "Checked 2 message files: 1 error, 0 warnings. A build publishes nothing until the "
        "errors are fixed; then: 1 message published; none held back."
    )


def test_next_prints_the_next_change_or_nothing(fixture_site):
    fixture_site.write("alerts/later.md", alert(date="2024-06-03T09:00"))
    fixture_site.write("alerts/out.md", alert(expires="2024-06-02T18:30"))
    assert alerts(fixture_site, "next").stdout == "2024-06-02T18:30:00+01:00\n"
    (fixture_site.root / "content/alerts/out.md").unlink()
    assert alerts(fixture_site, "next").stdout == "2024-06-03T09:00:00+01:00\n"
    (fixture_site.root / "content/alerts/later.md").unlink()
    done = alerts(fixture_site, "next")
    assert (done.returncode, done.stdout) == (0, "")


@pytest.mark.parametrize(
    ("kind", "status", "title"),
    [
        ("update", "update", "Update: Van thefts in March"),
        ("withdraw", "cancel", "Withdrawn: Van thefts in March"),
    ],
)
def test_new_follow_up_names_the_newest_of_the_chain_and_copies_the_alert(
    fixture_site, kind, status, title
):
    fixture_site.write(
        "alerts/vans.md",
        alert(
            severity="warning",
            areas="[fenland, cambridge]",
            category="fraud",
            crime_refs="[0612345126]",
        ),
    )
    fixture_site.write(
        "alerts/vans-update.md",
        alert(
            date="2024-05-31T09:00",
            status="update",
            supersedes="alerts/vans",
            severity="urgent",
            areas="[fenland]",
            category="fraud",
            crime_refs="[0612345126]",
        ),
    )
    done = alerts(fixture_site, "new", kind, "content/alerts/vans.md")
    assert done.returncode == 0, done.stderr
    [created] = [path for path in (fixture_site.root / "content/alerts/2024").glob("*.md")]
    assert done.stdout.startswith(f"Created content/alerts/2024/{created.name}, a draft")
    preview = f"http://127.0.0.1:8000/alerts/2024/{created.stem}/"
    assert done.stdout.rstrip().endswith(preview)
    text = created.read_text()
    for line in (
        f'title: "{title}"',
        "date: 2024-06-01T13:00",
        f"status: {status}",
        'supersedes: "alerts/vans-update"',
        "category: fraud",
        "severity: urgent",
        "areas: [fenland]",
        'crime_refs: ["0612345126"]',
        "draft: true",
    ):
        assert line in text.splitlines() or any(
            row.startswith(line + "  #") for row in text.splitlines()
        ), (line, text)
    # A valid draft: the build holds it back, with no error.
    assert alerts(fixture_site, "check").returncode == 0


def test_new_follow_up_of_a_court_news_file_is_refused(fixture_site):
    fixture_site.write(
        "court-news/week.md",
        "---\ntitle: Week\ndate: 2024-05-30\ncases:\n  - headline: A\n    url: https://e.org/a\n---\n",
    )
    done = alerts(fixture_site, "new", "withdraw", "content/court-news/week.md")
    assert done.returncode == 2 and "is not an alert" in done.stderr


def test_a_drafts_missing_picture_does_not_hold_up_the_others(fixture_site):
    fixture_site.write("alerts/out.md", alert())
    fixture_site.write("alerts/draft.md", alert(draft="true") + "\n![A van](van.jpg)\n")
    assert alerts(fixture_site, "check").returncode == 0
    built = fixture_site.build()
    assert built.returncode == 0, built.output
    # Once it is to be published, the picture must be there.
    fixture_site.write("alerts/draft.md", alert() + "\n![A van](van.jpg)\n")
    checked = alerts(fixture_site, "check")
    assert checked.returncode == 1 and "the text links to van.jpg" in checked.stdout
