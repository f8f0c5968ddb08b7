"""Text messages: render/sms.py directly (many titles), then the files of a fixture site."""

from __future__ import annotations

import datetime as dt

import pytest
from community_alerts.core.archive import Archive
from community_alerts.core.dates import LONDON
from community_alerts.core.item import DEFAULT_AREAS, Item, Settings
from community_alerts.render.sms import (
    GSM7_BASIC,
    SmsSettings,
    SmsTooLong,
    shorten_at_word,
    sms_files,
    sms_text,
    to_gsm7,
)
from hypothesis import given, settings
from hypothesis import strategies as st
from outputs_site import SITE_URL, outputs_build
from sitebuild import Build

NOW = dt.datetime(2024, 6, 1, 12, 0, tzinfo=dt.UTC)
SETTINGS = SmsSettings(site_url=SITE_URL)
LONG_URL = "alerts/2024/appeal-after-bikes-and-garden-tools-stolen-in-shed-break-ins-ramsey/"
TITLES = [
    "Van thefts in Ely",
    "Appeal after bikes and garden tools stolen in shed break-ins around Ramsey, Ramsey Forty "
    "Foot and Bury between 10 and 19 August",
    "Catalytic converter thefts – “act now” … £500 reward",
    "Warnung: Betrüger am Telefon — Straße, Ærø, Łódź, Ćevapi, naïve façade",
    "Scam calls 北京 🚨 ☎️ in Cambridge",
    "Ünïcödé " * 30,
    "Supercalifragilisticexpialidocious" * 6,
    "Fish & chips <b>shop</b> break-in: 3 < 4 > 2 {braces} [brackets] ~tilde~ ^caret^ \\ |",
    "€100 fines\u00a0for\u2009fly-tipping\u200b — ‘quote’ „low“ «guillemets»",
    "A",
    "x" * 150,
]


def make(
    title: str, areas: tuple[str, ...] = ("fenland",), url: str = "alerts/x/", **extra
) -> Item:
    return Item(
        source_path="alerts/x.md",
        source_hash="0",
        section="alerts",
        id="alerts/x",
        url=url,
        title=title,
        date=dt.datetime(2024, 5, 30, tzinfo=LONDON),
        date_day_only=False,
        summary="",
        body="",
        areas=areas,
        category="theft",
        **extra,
    )


def text_of(item: Item, sms: SmsSettings = SETTINGS) -> str:
    return sms_text(item, Archive((item,), NOW, Settings()), sms)


def assert_one_message(text: str, item: Item, area: str) -> None:
    assert len(text) <= 160
    assert set(text) <= GSM7_BASIC
    assert text.endswith(" " + SITE_URL + item.url)
    assert text.startswith(area)


# --- render/sms.py ---------------------------------------------------------------------------


@pytest.mark.parametrize("title", TITLES)
@pytest.mark.parametrize("url", ["alerts/x/", LONG_URL])
@pytest.mark.parametrize("area", list(DEFAULT_AREAS))
def test_every_text_fits_one_gsm7_message_with_area_and_link_whole(title, url, area):
    item = make(title, (area, "cambridge"), url)
    expected_area = "Cambridgeshire" if area == "county-wide" else DEFAULT_AREAS[area]
    assert_one_message(text_of(item), item, expected_area)


@given(
    title=st.text(min_size=1, max_size=150).filter(str.strip),
    status=st.sampled_from(["actual", "update", "cancel"]),
)
@settings(max_examples=300, deadline=None)
def test_any_title_fits(title, status):
    item = make(
        title,
        ("south-cambridgeshire",),
        LONG_URL,
        status=status,
        supersedes=None if status == "actual" else "alerts/y",
    )
    assert_one_message(text_of(item), item, "South Cambridgeshire")


def test_a_short_title_is_whole():
    assert text_of(make("Van thefts in Ely")) == (f"Fenland: Van thefts in Ely {SITE_URL}alerts/x/")


def test_a_long_title_is_cut_at_a_word():
    text = text_of(make(TITLES[1], url=LONG_URL))
    assert text == f"Fenland: Appeal after bikes and garden tools... {SITE_URL}{LONG_URL}"
    assert len(text) <= 160
    text = text_of(make(TITLES[1]))
    assert text == (
        "Fenland: Appeal after bikes and garden tools stolen in shed break-ins around Ramsey, "
        f"Ramsey Forty Foot and Bury between... {SITE_URL}alerts/x/"
    )
    assert len(text) <= 160


def test_typography_is_made_plain():
    assert text_of(make(TITLES[2])) == (
        f'Fenland: Catalytic converter thefts - "act now" ... £500 reward {SITE_URL}alerts/x/'
    )


@pytest.mark.parametrize(
    ("raw", "plain"),
    [
        ("Straße Ærø Łódź façade naïve", "Straße Ærø odz facade naive"),
        ("€5 [a] {b} ~c^ \\d|e", "EUR5 (a) (b) -c /d/e"),
        ("‘a’ “b” „c“ «d» a–b a—b", '\'a\' "b" "c" "d" a-b a-b'),
        ("Café Müller, Ñandú, Ørsted, Åse, ¿Qué?", "Café Müller, Ñandu, Ørsted, Åse, ¿Qué?"),
        ("Scam 北京 🚨 calls", "Scam calls"),
        ("a\u00a0b\u2009c\u200bd\u00ade", "a b cde"),
        ("line one\nline two\t tab", "line one line two tab"),
    ],
)
def test_to_gsm7(raw, plain):
    assert to_gsm7(raw) == plain
    assert set(to_gsm7(raw)) <= GSM7_BASIC


@pytest.mark.parametrize(
    ("text", "limit", "expected"),
    [
        ("Van thefts in Ely", 17, "Van thefts in Ely"),
        ("Van thefts in Ely", 16, "Van thefts in..."),
        ("Van thefts in Ely", 15, "Van thefts..."),
        ("Thefts, burglaries: and more", 22, "Thefts, burglaries..."),
        ("Thefts, burglaries: and more", 21, "Thefts, burglaries..."),
        ("Thefts, burglaries: and more", 20, "Thefts..."),
        ("Supercalifragilistic", 10, ""),
        ("Van", 0, ""),
    ],
)
def test_shorten_at_word(text, limit, expected):
    assert shorten_at_word(text, limit) == expected


def test_updates_and_withdrawals_say_so():
    update = make("Arrest made", status="update", supersedes="alerts/y")
    cancel = make("Warning lifted", status="cancel", supersedes="alerts/y")
    assert text_of(update).startswith("Fenland (update): Arrest made ")
    assert text_of(cancel).startswith("Fenland (withdrawn): Warning lifted ")


@pytest.mark.parametrize(
    ("status", "title"),
    [
        ("update", "Update: arrest made"),
        ("update", "Shed thefts: an UPDATE"),
        ("cancel", "Warning withdrawn"),
    ],
)
def test_a_title_that_says_so_is_not_told_twice(status, title):
    assert text_of(make(title, status=status, supersedes="alerts/y")).startswith(
        f"Fenland: {title} "
    )


def test_the_limit_and_county_name_are_settings():
    item = make(TITLES[1], ("county-wide",))
    text = text_of(item, SmsSettings(SITE_URL, limit=100, county_wide_name="Cambs"))
    assert len(text) <= 100
    assert text.startswith("Cambs: Appeal after bikes")


def test_no_room_even_for_the_link_is_an_error_naming_the_file():
    with pytest.raises(SmsTooLong, match="alerts/x.md"):
        text_of(make("Van thefts", url="alerts/" + "x" * 160 + "/"))


def test_only_alerts_get_a_text():
    alert = make("Van thefts")
    guide = Item(
        source_path="guides/g.md",
        source_hash="0",
        section="guides",
        id="guides/g",
        url="guides/g/",
        title="Locks",
        date=alert.date,
        date_day_only=False,
        summary="",
        body="",
        areas=("county-wide",),
    )
    assert list(sms_files(Archive((alert, guide), NOW, Settings()), SETTINGS)) == [
        "alerts/x/sms.txt"
    ]


# --- a built site ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def built() -> Build:
    return outputs_build()


def test_text_files_of_a_site(built):
    found = sorted(str(p.relative_to(built.site)) for p in built.site.rglob("sms.txt"))
    assert found == sorted(
        f"alerts/2024/{name}/sms.txt"
        for name in (
            "appeal",
            "appeal-update",
            "current",
            "expired",
            "meeting",
            "surgery-past",
            "warning",
            "warning-cancel",
        )
    )
    for path in found:
        text = built.read(path)
        assert len(text) <= 160 and set(text) <= GSM7_BASIC
        assert text.endswith(" " + SITE_URL + path.removesuffix("sms.txt"))
    assert built.read("alerts/2024/current/sms.txt") == (
        'Cambridgeshire: Catalytic converter thefts - "act now" ... £500 reward '
        f"{SITE_URL}alerts/2024/current/"
    )
    assert built.read("alerts/2024/warning-cancel/sms.txt").startswith(
        "East Cambridgeshire: Bank call warning withdrawn "
    )
