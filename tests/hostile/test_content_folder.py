"""What the content folder may hold (SPEC, "What content/ may hold"): only what staff meant
to publish is published; anything else stops the build with one line naming the file and
what to do, and a draft's or an unused picture never reaches the site."""

from __future__ import annotations

from pathlib import Path

import pytest
from community_alerts.core.folder import folder_problems
from hostile_tools import alerts_check
from sitebuild import FixtureSite, alert

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
PDF = b"%PDF-1.4\n%%EOF\n"


def problems_for(tmp_path: Path, *paths: str) -> dict[str, str]:
    for path in paths:
        target = tmp_path / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(b"x")
    return {problem.path: problem.message for problem in folder_problems(tmp_path)}


def test_messages_their_attachments_and_the_fixed_pages_are_welcome(tmp_path):
    assert (
        problems_for(
            tmp_path,
            "accessibility.md",
            "alerts/2024/van-thefts.md",
            "alerts/2024/images/van.jpg",
            "court-news/week.md",
            "guides/locks.md",
            "guides/files/leaflet.pdf",
            "guides/pictures/lock.webp",
            "assets/crest.png",
            "alerts/.draft-notes.txt",  # a dot-name: MkDocs leaves it out too
            ".git/config",
        )
        == {}
    )


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        (
            "alert/a.md",
            "this folder cannot be at the top of the content folder (did you mean "
            "'alerts'?); messages go in alerts/, court-news/, guides/",
        ),
        ("notes.txt", "this file cannot be at the top of the content folder"),
        ("index.md", "this file cannot be at the top of the content folder"),
        ("alerts/a.MD", "this file would not be published; rename it to a.md."),
        ("alerts/a.markdown", "this file would not be published; rename it to a.md."),
        ("alerts/images/van.PNG", "rename it to van.png."),
        ("alerts/a.md~", "this file would be published as it is: remove it"),
        ("alerts/a.txt", "this file would be published as it is: remove it"),
        ("alerts/page.html", "this file would be published as it is: remove it"),
        ("alerts/images/logo.svg", "this file would be published as it is: remove it"),
        ("guides/old.bak", "this file would be published as it is: remove it"),
        (
            "assets/javascripts/bundle.js",
            "only pictures and documents (.png, .jpg, .jpeg, "
            ".gif, .webp, .pdf) can be shared from assets/",
        ),
        ("assets/notes.md", "only pictures and documents"),
    ],
)
def test_anything_else_is_refused_in_one_line(tmp_path, path, expected):
    found = problems_for(tmp_path, path)
    top = path.split("/", 1)[0]
    refused = top if top not in ("alerts", "court-news", "guides", "assets") else path
    assert list(found) == [refused]
    assert expected in found[refused], found[refused]


@pytest.fixture(scope="module")
def attachments(tmp_path_factory: pytest.TempPathFactory):
    site = FixtureSite(tmp_path_factory.mktemp("attachments"))
    site.write(
        "alerts/vans.md",
        alert(image="images/van.png", image_alt="A white van")
        + "\nRead [the leaflet](files/leaflet.pdf) and see ![the crest](../assets/crest.png).\n",
    )
    site.write(
        "alerts/draft.md",
        alert(title="Suspect", draft="true", image="images/suspect.png", image_alt="A suspect"),
    )
    site.write(
        "alerts/future.md",
        alert(title="Later", date="2030-01-01", image="images/later.png", image_alt="Later"),
    )
    for name in ("images/van.png", "images/suspect.png", "images/later.png", "images/unused.png"):
        site.write(f"alerts/{name}", PNG)
    site.write("alerts/files/leaflet.pdf", PDF)
    site.write("assets/crest.png", PNG)
    site.write("assets/unused.png", PNG)
    build = site.build()
    assert build.returncode == 0, build.output
    return build


def test_what_a_published_message_uses_is_published(attachments):
    for path in ("alerts/images/van.png", "alerts/files/leaflet.pdf", "assets/crest.png"):
        assert (attachments.site / path).is_file(), path


def test_a_drafts_a_future_messages_and_an_unused_picture_are_not(attachments):
    for path in (
        "alerts/images/suspect.png",
        "alerts/images/later.png",
        "alerts/images/unused.png",
        "assets/unused.png",
    ):
        assert not (attachments.site / path).exists(), path


def test_an_image_names_a_picture_never_a_message(fixture_site):
    fixture_site.write("alerts/a.md", alert(title="Published"))
    fixture_site.write("alerts/b.md", alert(title="Other", image="a.md", image_alt="x"))
    build = fixture_site.build()
    assert build.returncode != 0
    assert (
        "alerts/b.md, line 5, field 'image': 'a.md' is not a picture; write the path of a "
        "picture beside this file (.png, .jpg, .jpeg, .gif, .webp), e.g. image: "
        "images/van.jpg"
    ) in build.output.splitlines()


def load(tmp_path: Path, front_matter: str, body: str) -> list[str]:
    from community_alerts.core.item import Settings
    from community_alerts.core.loader import load_item

    (tmp_path / "alerts").mkdir(exist_ok=True)
    (tmp_path / "alerts" / "a.md").write_text(
        f"---\ntitle: Van thefts\ndate: 2024-05-30\ncategory: theft\n{front_matter}---\n{body}",
        encoding="utf-8",
    )
    item, problems = load_item(tmp_path, "alerts/a.md", Settings())
    assert (item is None) == any(problem.is_error for problem in problems)
    return [str(problem) for problem in problems]


MERGE_FIX = (
    "which a mailing service would fill in with each subscriber's details; remove it, or "
    "write the text another way (the email adds its own unsubscribe link)."
)


@pytest.mark.parametrize("tag", ["((email_address))", "*|EMAIL|*", "{{ first_name }}", "[[name]]"])
def test_text_a_mailing_service_would_fill_in_is_refused_anywhere(tmp_path, tag):
    assert load(tmp_path, f'summary: "Dear {tag}"\n', "\nHello.\n") == [
        f"alerts/a.md, line 5, field 'summary': contains {tag}, {MERGE_FIX}"
    ]
    assert load(tmp_path, f"tags: [a, '{tag}']\n", "\nHello.\n") == [
        f"alerts/a.md, line 5, field 'tags': contains {tag}, {MERGE_FIX}"
    ]
    assert load(tmp_path, "", f"\nHello,\n\nyour address: {tag}.\n") == [
        f"alerts/a.md, line 9: the text contains {tag}, {MERGE_FIX}"
    ]


PICTURE_FIX = (
    "is on another site, which every reader's browser would then contact; save the picture "
    "beside this file and write its path instead, e.g. ![A white van](images/van.jpg)"
)


@pytest.mark.parametrize(
    ("body", "address"),
    [
        ("![pixel](https://tracker.example/p.gif)", "https://tracker.example/p.gif"),
        ("![pixel]( <http://tracker.example/p.gif> )", "http://tracker.example/p.gif"),
        ('<img src="https://tracker.example/p.gif">', "https://tracker.example/p.gif"),
        ("<IMG alt=x SRC='//cdn.example/a.png'>", "//cdn.example/a.png"),
        ('<img srcset="https://cdn.example/a.png 2x">', "https://cdn.example/a.png"),
        ("![pixel][t]\n\n[t]: https://tracker.example/p.gif", "https://tracker.example/p.gif"),
        ("![T]\n\n[t]: <https://tracker.example/p.gif>", "https://tracker.example/p.gif"),
    ],
)
def test_a_picture_from_another_site_is_refused(tmp_path, body, address):
    found = load(tmp_path, "", f"\n{body}\n")
    assert len(found) == 1 and found[0].endswith(f"the picture {address} {PICTURE_FIX}"), found


def test_links_to_other_sites_and_pictures_of_the_site_are_fine(tmp_path):
    body = (
        "\n[Action Fraud](https://www.actionfraud.police.uk/) ![Van](images/van.png)"
        '\n<img src="images/van.png" alt="Van">\n\n[site]: https://example.org/\n'
    )
    assert load(tmp_path, "", body) == []


def test_an_email_link_sets_a_subject_and_a_body_and_nothing_else(tmp_path):
    fine = "\n[Email us](mailto:safer@example.org?subject=Scam&body=I%20saw)\n"
    assert load(tmp_path, "", fine) == []
    found = load(
        tmp_path, "", "\n[Email us](mailto:safer@example.org?subject=x&BCC=a@b.org&cc=c@d)\n"
    )
    assert found == [
        "alerts/a.md, line 7: the email link mailto:safer@example.org?subject=x&BCC=a@b.org&cc=c@d"
        " also sets bcc, cc; an email link may set only a subject and a body, so that nobody is "
        "copied in without the reader seeing it: remove the rest."
    ]


def test_raw_html_keeps_no_class_id_or_style_but_markdown_keeps_its_own(fixture_site):
    fixture_site.write(
        "alerts/a.md",
        alert()
        + '\n<div class="ca-banner ca-urgent" id="main" style="color:red">Urgent!</div>\n'
        + "\n## What to do\n\n!!! warning\n    Call 101.\n\nA paragraph\n{: .md-button }\n",
    )
    build = fixture_site.build()
    assert build.returncode == 0, build.output
    page = build.read("alerts/a/index.html")
    assert "<div>Urgent!</div>" in page
    assert '<h2 id="what-to-do">What to do</h2>' in page
    assert '<div class="admonition warning">' in page
    assert "<p>A paragraph</p>" in page


@pytest.mark.parametrize(
    ("front_matter", "expected"),
    [
        (
            "title: Other\n",
            "line 5, field 'title': is written twice in the front matter; keep "
            "the line you mean and remove the other.",
        ),
        ("sender:\n  name: A\n  role: B\n  name: C\n", "line 8, field 'name': is written twice"),
    ],
)
def test_a_key_written_twice_is_an_error(tmp_path, front_matter, expected):
    [found] = load(tmp_path, front_matter, "\nHello.\n")
    assert found == f"alerts/a.md, {expected}" or found.startswith(f"alerts/a.md, {expected}")


@pytest.mark.parametrize("value", ['"van thefts"', '"café"', '""', '"' + "a" * 101 + '"', "[a]"])
def test_an_id_is_plain_ascii_without_spaces(tmp_path, value):
    [found] = load(tmp_path, f"id: {value}\n", "\nHello.\n")
    assert found.startswith("alerts/a.md, line 5, field 'id': found ")
    assert "an id is 1 to 100 letters (a-z, A-Z), digits, '-', '_', '.' or '/'" in found


def test_a_plain_id_is_kept(tmp_path):
    assert load(tmp_path, 'id: "alerts/2024/van-thefts_1.x"\n', "\nHello.\n") == []


def test_a_picture_cannot_take_the_path_of_the_themes_own(fixture_site):
    fixture_site.write("alerts/a.md", alert())
    fixture_site.write("assets/images/favicon.png", PNG)
    build = fixture_site.build()
    assert build.returncode != 0
    expected = (
        "assets/images/favicon.png: the website's theme has a file at this very path, which "
        "this one would replace on every page; rename it."
    )
    assert expected in build.output.splitlines()
    check = alerts_check(fixture_site.root)
    assert check.returncode == 1 and expected in check.stdout.splitlines()
