"""Body HTML as plain text: from a string, and from elements a caller has already parsed.

How ordinary bodies read (links, lists, tables, headings) is checked with the email
renderer, in test_email_render.py; these are the entry points and the edges.
"""

from __future__ import annotations

import pytest
from community_alerts.render.plaintext import elements_to_text, html_to_text
from lxml import html as lxml_html

BODY = (
    'Lead text <p>See <a href="https://x.example/a">the guide</a>.</p>\n'
    '<!-- a note --> between\n<ol start="2"><li>two</li><li>three</li></ol>\n'
    "<h2>What to do</h2>\n<p>Lock up.</p> trailing"
)


def test_elements_read_as_the_same_html_does():
    container = lxml_html.fragment_fromstring(BODY, create_parent="div")
    assert container.text == "Lead text "
    paragraph = lxml_html.Element("p")
    paragraph.text = container.text
    text = elements_to_text([paragraph, *container])
    assert (
        text
        == html_to_text(BODY)
        == (
            "Lead text\n\nSee the guide (https://x.example/a).\n\nbetween\n\n2. two\n3. three\n\n"
            "What to do\n----------\n\nLock up.\n\ntrailing"
        )
    )


def test_each_element_brings_the_text_after_it():
    container = lxml_html.fragment_fromstring(BODY, create_parent="div")
    heading = container.find("h2")
    assert elements_to_text([heading]) == "What to do\n----------"
    assert elements_to_text([heading.getnext()]) == "Lock up.\n\ntrailing"
    assert elements_to_text([]) == ""


def test_a_comment_is_not_read_but_the_text_after_it_is():
    assert html_to_text("<p>a<!-- hidden -->b</p><!-- top --> tail") == "ab\n\ntail"
    comment = lxml_html.fragment_fromstring("<!-- hidden -->after", create_parent="div")[0]
    assert elements_to_text([comment]) == "after"


@pytest.mark.parametrize("html", ["", " ", "\n\t \n", "<!-- only -->", "<p> </p>"])
def test_nothing_to_read_is_empty(html):
    assert html_to_text(html) == ""


@pytest.mark.parametrize(
    ("html", "text"),
    [
        ("text outside <em>any</em> element", "text outside any element"),
        ("<p>&amp; &lt;b&gt; a&nbsp;b</p>", "& <b> a\xa0b"),
        ("<script>var a = '<p>no</p>';</script><style>p {}</style><p>yes</p>", "yes"),
        ("<pre>a\n  b\n</pre>", "a\n  b"),
        # <hr> has no end tag: nothing more is written for one inside <pre>.
        ("<pre>a<hr>b</pre>", "a\n\n----\n\nb"),
        ('<p><a href="tel:101">101</a> or <a href="tel:999">call</a></p>', "101 or call (999)"),
    ],
)
def test_edges(html, text):
    assert html_to_text(html) == text


def test_an_item_with_no_text_gives_its_bullet_to_nothing_after_it():
    # An item holding only an image without alt text: the paragraph after the list once
    # failed with IndexError, and text later in an outer item was written as a new item.
    assert html_to_text('<ul><li><img src="a.png" alt=""></li></ul><p>After.</p>') == ("After.")
    assert html_to_text("<ul><li>a<ul><li></li></ul>more of a</li></ul>") == ("- a\n  more of a")


def test_deep_nesting_loses_no_text():
    # libxml2 stops at 255 levels unless told the tree may be huge.
    depth = 1000
    html = f"<p>before</p>{'<b>' * depth}deep{'</b>' * depth} after<p>end</p>"
    assert html_to_text(html) == "before\n\ndeep after\n\nend"


def test_a_very_long_text_is_read_whole():
    # libxml2 refuses a text node over 10 MB unless told the tree may be huge.
    words = "Lorem ipsum. " * 800_000
    assert html_to_text(f"<p>{words}</p><p>end</p>") == words.strip() + "\n\nend"
