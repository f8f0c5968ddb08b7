"""The alert lifecycle on the site and in email: an appeal and its update, a warning and
its withdrawal (the shared outputs fixture; feeds and CAP have their own tests)."""

from __future__ import annotations

import re

import pytest
from outputs_site import outputs_build


@pytest.fixture(scope="module")
def built():
    return outputs_build()


def text_of(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_a_replaced_appeal_links_its_update(built):
    page = built.read("alerts/2024/appeal/index.html")
    assert "This appeal was updated on Saturday 25 May 2024, 10:00." in text_of(page)
    assert 'href="../appeal-update/"' in page
    withdrawn = built.read("alerts/2024/warning/index.html")
    assert "This warning was withdrawn on Tuesday 28 May 2024, 16:00." in text_of(withdrawn)
    assert 'href="../warning-cancel/"' in withdrawn


def test_an_update_and_a_withdrawal_say_so_above_the_body(built):
    update = text_of(built.read("alerts/2024/appeal-update/index.html"))
    assert "This message updates an earlier alert." in update
    assert update.index("updates an earlier alert") < update.index("Tools were taken")
    withdrawal = text_of(built.read("alerts/2024/warning-cancel/index.html"))
    assert "This message withdraws an earlier alert: it no longer applies." in withdrawal


def test_listings_show_each_chain_once_as_its_newest_message(built):
    listing = built.read("alerts/index.html")
    assert 'href="2024/appeal-update/"' in listing
    assert 'href="2024/appeal/"' in listing  # only as the update's "Earlier messages" link
    entries = re.findall(r'class="ca-entry__title"><a href="([^"]+)"', listing)
    assert "2024/appeal-update/" in entries and "2024/warning-cancel/" in entries
    assert "2024/appeal/" not in entries and "2024/warning/" not in entries
    area = re.findall(
        r'class="ca-entry__title"><a href="([^"]+)"', built.read("areas/fenland/index.html")
    )
    assert "../../alerts/2024/appeal/" not in area
    assert "../../alerts/2024/appeal-update/" in area


def test_current_alerts_leave_out_replaced_and_withdrawn_messages(built):
    home = built.read("index.html")
    section = home[home.index('id="ca-current-title"') :]
    section = section[: section.index("</section>")]
    current = re.findall(r'class="ca-entry__title"><a href="[^"]+">([^<]+)</a>', section)
    assert "Update: arrest after shed break-ins in March" in current
    for gone in (
        "Appeal after shed break-ins in March",
        "Fake bank calls in Ely",
        "Bank call warning withdrawn",
    ):
        assert gone not in current


def test_emails_of_an_update_and_a_withdrawal_say_so_at_the_top(built):
    for path, words in [
        ("alerts/2024/appeal-update/", "This message updates an earlier alert."),
        (
            "alerts/2024/warning-cancel/",
            "This message withdraws an earlier alert: it no longer applies.",
        ),
    ]:
        html = text_of(built.read(path + "email.html"))
        assert words in html
        # The body's first words also open the hidden preheader: compare with the body's.
        assert html.index(words) < html.rindex("Tools were taken"), path
        text = built.read(path + "email.txt")
        assert words in " ".join(text.split()), path
    replaced = text_of(built.read("alerts/2024/appeal/email.html"))
    assert "This appeal was updated on Saturday 25 May 2024, 10:00." in replaced
