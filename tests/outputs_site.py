"""A fixture site for the machine-readable outputs (CAP, calendars, text messages).

"Now" is FIXED_NOW, 1 June 2024 12:00 UTC. The site holds an appeal and its
update, a warning and its withdrawal, a current alert, an expired one, events
past and future in each section, and a draft and a future alert (both with
events) that must produce nothing.
"""

from __future__ import annotations

import atexit
import shutil
import tempfile
from functools import cache
from pathlib import Path

from sitebuild import Build, FixtureSite, alert

SITE_URL = "https://alerts.example.org/"
HOST = "alerts.example.org"
# Tokens found only in unpublished messages, so any leak is easy to find.
UNPUBLISHED = ("qwxzebra", "qwxokapi")

APPEAL_BODY = """\
Two sheds were broken into in March overnight.

## What to do

- Call 101 quoting the crime reference.
- Give information anonymously to [Crimestoppers](https://crimestoppers-uk.org/).

## Protect your shed

Use a closed-shackle padlock.
"""

MESSAGES = {
    "alerts/2024/appeal.md": alert(
        "Appeal after shed break-ins in March",
        "2024-05-20T09:00",
        category="appeal",
        severity="warning",
        areas="[fenland]",
    ).replace("Tools were taken from vans overnight.\n", APPEAL_BODY),
    "alerts/2024/appeal-update.md": alert(
        "'Update: arrest after shed break-ins in March'",
        "2024-05-25T10:00",
        category="appeal",
        severity="warning",
        areas="[fenland]",
        status="update",
        supersedes="alerts/2024/appeal",
    ),
    "alerts/2024/warning.md": alert(
        "Fake bank calls in Ely",
        "2024-05-22",
        category="fraud",
        severity="urgent",
        areas="[east-cambridgeshire, county-wide]",
        id="ely-bank-calls",
    ),
    "alerts/2024/warning-cancel.md": alert(
        "Bank call warning withdrawn",
        "2024-05-28T16:00",
        category="fraud",
        areas="[east-cambridgeshire]",
        status="cancel",
        supersedes="ely-bank-calls",
    ),
    "alerts/2024/current.md": alert(
        "Catalytic converter thefts – “act now” … £500 reward",
        "2024-05-30T10:00",
        areas="[county-wide]",
        sender="{name: PC Jo Smith, organisation: Fenland Police}",
    ),
    "alerts/2024/expired.md": alert("Old expired alert", "2024-01-10", areas="[cambridge]"),
    "alerts/2024/meeting.md": alert(
        "Community meeting in Wisbech",
        "2024-05-31T08:00",
        category="community",
        areas="[fenland]",
        summary="'Meet your team & ask questions.'",
        event="{start: '2024-06-12T19:00', end: '2024-06-12T20:30', "
        "location: 'Wisbech Town Hall, Wisbech'}",
    ),
    "alerts/2024/surgery-past.md": alert(
        "Police surgery in March",
        "2024-05-01",
        category="community",
        areas="[fenland]",
        event="{start: '2024-05-10T10:00'}",
    ),
    "alerts/2024/draft.md": alert(
        "Draft qwxzebra", "2024-05-29", draft="true", event="{start: '2024-06-20T10:00'}"
    ),
    "alerts/2024/future.md": alert(
        "Future qwxokapi", "2024-06-10", event="{start: '2024-06-21T10:00'}"
    ),
    "guides/scam-workshop.md": """\
        ---
        title: Scam awareness workshops
        date: 2024-05-15
        event:
          start: 2024-06-20
          end: 2024-06-21
          online: https://meet.example.org/scams
        ---

        Learn to spot a scam.
        """,
}


def build_outputs_site(root: Path) -> Build:
    site = FixtureSite(root)
    for path, text in MESSAGES.items():
        site.write(path, text)
    built = site.build()
    assert built.returncode == 0, built.output
    return built


@cache
def outputs_build() -> Build:
    """One build of the site for the whole test session (the CAP, calendar and SMS tests)."""
    root = Path(tempfile.mkdtemp(prefix="outputs-site-"))
    atexit.register(shutil.rmtree, root, ignore_errors=True)
    return build_outputs_site(root)


def output_files(site: Path) -> dict[str, bytes]:
    """Every CAP, calendar and text-message file of a built site, by path."""
    patterns = ("**/cap.xml", "**/cap.atom", "**/*.ics", "**/sms.txt")
    return {
        str(path.relative_to(site)): path.read_bytes()
        for pattern in patterns
        for path in sorted(site.glob(pattern))
    }
