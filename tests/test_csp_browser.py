"""Every page carries a Content-Security-Policy that lets scripts and pictures come only
from the site, and no page type (search in use included) breaks it, in real Chromium."""

from __future__ import annotations

import re

import pytest
from samplesite import PAGE_KINDS, pages_by_size, site  # noqa: F401 (fixtures)

pytestmark = pytest.mark.browser

RECORD_VIOLATIONS = """
window.__violations = [];
document.addEventListener('securitypolicyviolation', event =>
  window.__violations.push(`${event.violatedDirective} ${event.blockedURI}`));
"""


@pytest.fixture(scope="module")
def watched(browser):
    context = browser.new_context()
    context.add_init_script(RECORD_VIOLATIONS)
    page = context.new_page()
    console: list[str] = []
    page.on("console", lambda message: console.append(message.text))
    yield page, console
    context.close()


def visit(watched, url: str) -> tuple[object, list[str]]:
    page, console = watched
    console.clear()
    page.goto(url)
    page.wait_for_load_state("networkidle")
    return page, console


def violations(page, console: list[str]) -> list[str]:
    found = page.evaluate("window.__violations")
    return found + [line for line in console if "Content Security Policy" in line]


@pytest.mark.parametrize("kind", PAGE_KINDS)
def test_every_kind_of_page_has_a_policy_and_breaks_none_of_it(watched, site, kind):
    html = site.html(site.pages[kind])
    [policy] = re.findall(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">', html)
    assert "script-src 'self'" in policy and "'unsafe-inline'" not in policy.split(";")[1]
    assert "img-src 'self' data:" in policy
    page, console = visit(watched, site.url + site.pages[kind])
    assert violations(page, console) == [], "\n".join(violations(page, console))


def test_searching_breaks_nothing_of_the_policy(watched, site):
    page, console = visit(watched, site.url + "search/?q=scam")
    page.locator("pagefind-summary").filter(has_text=re.compile(r"results? for")).wait_for()
    assert page.locator("pagefind-results .pf-result-link").count() > 0
    box = page.locator("pagefind-input input")
    box.fill("")
    box.focus()
    page.keyboard.type("burglary", delay=20)
    page.locator("pagefind-summary").filter(has_text="burglary").wait_for()
    page.wait_for_load_state("networkidle")
    assert violations(page, console) == [], "\n".join(violations(page, console))


def test_a_script_the_policy_does_not_name_is_blocked(watched, site):
    """The policy is enforced, not just present: an inline script added to a page is not
    run, and Chromium reports it."""
    page, console = visit(watched, site.url)
    ran = page.evaluate(
        """() => { window.__ran = false; const s = document.createElement('script');
        s.textContent = 'window.__ran = true'; document.body.append(s); return window.__ran; }"""
    )
    assert ran is False
    assert any("script-src" in line for line in violations(page, console))
