"""A dirty rebuild (`mkdocs serve --dirty`, `mkdocs build --dirty`) renders only the edited
page and the listings that show it, yet every output that shows the other messages stays
whole: their feed entries keep their bodies, their emails and CAP files are reused, not
remade from less."""

from __future__ import annotations

import os
import re
import time

import pytest
from sitebuild import Build, FixtureSite, alert

MADE_AND_REUSED = r"(Page bodies|Emails|CAP files): (\d+) \w+, (\d+) reused"
UNTOUCHED_CAP = "alerts/2024/sheds/cap.xml"


def outputs_made(build: Build) -> dict[str, tuple[int, int]]:
    return {
        kind: (int(made), int(reused))
        for kind, made, reused in re.findall(MADE_AND_REUSED, build.output)
    }


@pytest.fixture(scope="module")
def full_then_dirty(tmp_path_factory: pytest.TempPathFactory) -> tuple[Build, Build, bytes]:
    """A full build, then a dirty one after one alert was edited; and the full build's CAP
    file of the alert left alone."""
    site = FixtureSite(tmp_path_factory.mktemp("dirty"))
    edited = site.write("alerts/2024/vans.md", alert("Van thefts in March"))
    site.write(
        "alerts/2024/sheds.md",
        alert("Shed break-ins in Ely", date="2024-05-29T09:00").replace(
            "Tools were taken from vans overnight.", "Bicycles were taken from garden sheds."
        ),
    )
    # As `mkdocs serve --dirty` starts: a dirty build into an empty site renders every page.
    full = site.build("-v", "--dirty", strict=False)
    assert full.returncode == 0, full.output
    untouched_cap = (full.site / UNTOUCHED_CAP).read_bytes()
    edited.write_text(
        edited.read_text()
        .replace("overnight", "on Tuesday night")
        .replace("title: Van thefts in March", "title: Van thefts in March again")
    )
    later = time.time() + 5  # newer than its page, whatever the clock's resolution
    os.utime(edited, (later, later))
    dirty = site.build("-v", "--dirty", strict=False)  # MkDocs warns of every dirty build
    assert dirty.returncode == 0, dirty.output
    return full, dirty, untouched_cap


def test_only_the_edited_message_is_made_again(full_then_dirty):
    full, dirty, _ = full_then_dirty
    assert outputs_made(full)["CAP files"] == (2, 0)
    made = outputs_made(dirty)
    # The other page was not rendered at all: its body is the one kept from the full build.
    assert made["Page bodies"] == (1, 1)
    assert "Building page alerts/2024/vans.md" in dirty.output
    assert "Building page alerts/2024/sheds.md" not in dirty.output
    assert made["CAP files"] == (1, 1)
    emails_made, _ = made["Emails"]
    # The edited message, its week's digest, and (it is county-wide) the week's and the
    # day's digest of each of the 7 areas.
    assert emails_made == 1 + 1 + 7 * 2


def test_the_feeds_keep_the_body_of_the_message_not_rendered(full_then_dirty):
    _, dirty, _ = full_then_dirty
    assert "were not rendered in this build" not in dirty.output
    feed = dirty.read("alerts/rss.xml")
    assert "Bicycles were taken from garden sheds." in feed
    assert "Tools were taken from vans on Tuesday night." in feed


def test_the_email_index_still_lists_every_message(full_then_dirty):
    _, dirty, _ = full_then_dirty
    index = dirty.read("email/index.html")
    assert "Shed break-ins in Ely" in index and "Van thefts in March" in index
    assert "on Tuesday night" in dirty.read("alerts/2024/vans/email.txt")


def test_the_cap_file_of_the_message_not_rendered_is_unchanged(full_then_dirty):
    _, dirty, untouched_cap = full_then_dirty
    # Made from the page's body, as in the full build, not from its Markdown.
    assert (dirty.site / UNTOUCHED_CAP).read_bytes() == untouched_cap


def test_only_the_listings_that_show_the_edited_message_are_rendered(full_then_dirty):
    _, dirty, _ = full_then_dirty
    rendered = set(re.findall(r"Building page (\S+)", dirty.output))
    assert {"alerts/2024/vans.md", "alerts/index.md", "index.md"} <= rendered
    # The areas index shows how many messages each area has: unchanged.
    assert not rendered & {
        "alerts/2024/sheds.md",
        "guides/index.md",
        "court-news/index.md",
        "areas/index.md",
    }
    assert "Van thefts in March again" in dirty.read("alerts/index.html")
    assert "Shed break-ins in Ely" in dirty.read("alerts/index.html")
