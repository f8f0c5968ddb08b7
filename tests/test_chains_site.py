"""A chain withdrawn by naming its first alert after an update, on the built site: no
member stays current anywhere, and the first alert's page says it was withdrawn; the home
page lists current alerts most severe first (issue 17)."""

from __future__ import annotations

import re

import pytest
from sitebuild import FixtureSite, alert


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    site = FixtureSite(tmp_path_factory.mktemp("chains"))
    site.write("alerts/vans.md", alert(title="Van thefts", date="2024-05-28T09:00"))
    site.write(
        "alerts/vans-update.md",
        alert(
            title="'Van thefts - arrests'",
            date="2024-05-29T09:00",
            status="update",
            supersedes="alerts/vans",
        ),
    )
    site.write(
        "alerts/vans-withdrawn.md",
        alert(
            title="'Van thefts - withdrawn'",
            date="2024-05-30T09:00",
            status="cancel",
            supersedes="alerts/vans",  # the first alert, not the update
        ),
    )
    site.write("alerts/info.md", alert(title="Newest advice", date="2024-05-31T12:00"))
    site.write(
        "alerts/urgent.md", alert(title="Older urgent", date="2024-05-27T12:00", severity="urgent")
    )
    build = site.build()
    assert build.returncode == 0, build.output
    return build


def current_titles(home: str) -> list[str]:
    section = home[
        home.index("Current alerts") : home.index("</section>", home.index("Current alerts"))
    ]
    return re.findall(r'<a href="alerts/[^"]+">([^<]+)</a>', section)


def test_no_member_of_the_chain_stays_current(built):
    assert current_titles(built.read("index.html")) == ["Older urgent", "Newest advice"]
    for feed in ("current/rss.xml", "alerts/cap.atom"):
        assert "Van thefts" not in built.read(feed), feed


def test_the_first_alert_says_it_was_withdrawn(built):
    page = " ".join(re.sub(r"<[^>]+>", " ", built.read("alerts/vans/index.html")).split())
    assert "This alert was withdrawn on Thursday 30 May 2024, 09:00." in page
    assert "was updated" not in page


def test_withdrawn_pages_and_emails_ask_nobody_to_act(built):
    for page in ("alerts/vans/", "alerts/vans-withdrawn/"):
        for name in ("index.html", "email.html", "email.txt"):
            text = built.read(page + name)
            assert "Take action to protect yourself" not in text, page + name
            assert "For your information." not in text, page + name
    assert "For your information." in built.read("alerts/info/index.html")


def test_only_alerts_in_force_say_until_when(built):
    for page in ("alerts/vans/", "alerts/vans-update/", "alerts/vans-withdrawn/"):
        for name in ("index.html", "email.html", "email.txt"):
            assert "Current until" not in built.read(page + name), page + name
    assert "Current until" in built.read("alerts/info/index.html")
