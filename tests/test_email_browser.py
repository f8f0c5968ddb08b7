"""What a reader of an email sees, in headless Chromium: at a desktop mail column and a phone."""

from __future__ import annotations

from pathlib import Path

import pytest
from browser import axe_violations, describe_violations, served
from sitebuild import Build, FixtureSite
from test_email_site import write_content

pytestmark = pytest.mark.browser

WIDTHS = (600, 320)
EMAILS = (
    "alerts/2024/van-thefts/email.html",
    "alerts/2024/old/email.html",
    "court-news/2024/w22/email.html",
    "guides/lock-up/email.html",
    "email/digest/2024-W22.html",
    "email/digest/fenland/2024-W22.html",
    "email/daily/peterborough/2024-05-31.html",
    "email/index.html",
)
# Elements whose text runs past the window, or past a box that hides what overflows it.
# The preheader is hidden on purpose (display: none), so it has no box and is skipped.
CLIPPED_TEXT = """() => {
  const found = [];
  for (const element of document.body.querySelectorAll('*')) {
    const box = element.getBoundingClientRect();
    if (box.width === 0 && box.height === 0) continue;
    const style = getComputedStyle(element);
    const text = (element.textContent || '').trim().slice(0, 60);
    if (box.right > window.innerWidth + 1 || box.left < -1) found.push('past the window: ' + text);
    const hides = ['hidden', 'clip'];
    if ((hides.includes(style.overflowX) && element.scrollWidth > element.clientWidth + 1) ||
        (hides.includes(style.overflowY) && element.scrollHeight > element.clientHeight + 1)) {
      found.push('cut off: ' + text);
    }
  }
  return found;
}"""


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Build:
    site = FixtureSite(tmp_path_factory.mktemp("email-browser"))
    write_content(site)
    build = site.build()
    assert build.returncode == 0, build.output
    return build


@pytest.fixture(scope="module")
def base_url(built: Build):
    with served(built.site) as url:
        yield url


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("email", EMAILS)
def test_email_fits_the_screen_and_passes_axe(browser, base_url: str, email: str, width: int):
    page = browser.new_page(viewport={"width": width, "height": 800})
    try:
        page.goto(base_url + email)
        scroll_width = page.evaluate("document.documentElement.scrollWidth")
        assert scroll_width <= width, f"{email} scrolls sideways at {width}px ({scroll_width}px)"
        assert page.evaluate(CLIPPED_TEXT) == []
        serious = [v for v in axe_violations(page) if v["impact"] in ("serious", "critical")]
        assert not serious, describe_violations(serious)
    finally:
        page.close()


def test_sample_emails_fit_a_phone(browser, tmp_path: Path):
    """The project's own messages, long addresses and tables included, at 320px."""
    import shutil

    from test_email_site import AFTER_THE_SAMPLES, REPO

    site = FixtureSite(tmp_path)
    shutil.rmtree(tmp_path / "content")
    shutil.copytree(REPO / "content", tmp_path / "content")
    build = site.build(now=AFTER_THE_SAMPLES)
    assert build.returncode == 0, build.output
    emails = sorted(build.site.rglob("email.html")) + sorted((build.site / "email").rglob("*.html"))
    page = browser.new_page(viewport={"width": 320, "height": 800})
    problems = []
    with served(build.site) as url:
        for email in emails:
            page.goto(url + email.relative_to(build.site).as_posix())
            if page.evaluate("document.documentElement.scrollWidth") > 320:
                problems.append(f"{email}: scrolls sideways")
            problems += [f"{email}: {problem}" for problem in page.evaluate(CLIPPED_TEXT)]
    page.close()
    assert not problems, "\n".join(problems)
