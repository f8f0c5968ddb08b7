"""The preview (`mkdocs serve`) with a content error: a page listing the problems at every
address, a request never left hanging, and the site back once the file is fixed (SPEC
"Staff commands", issue 17). Waits are generous, so that a busy machine cannot fail them;
`./dev bench-preview` measures how soon an edit shows."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from sitebuild import FIXED_NOW, FixtureSite, alert

PROBLEMS = "The preview cannot show the site until"
# A request answered later than this is a hang: MkDocs' server holds every request while
# a failed rebuild is outstanding (60 s and more).
NEVER_HANGS = 15


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def preview(site: FixtureSite) -> Iterator[str]:
    port = free_port()
    env = {**os.environ, "SOURCE_DATE_EPOCH": str(FIXED_NOW), "NO_MKDOCS_2_WARNING": "1"}
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "--dirty", "-a", f"127.0.0.1:{port}"],
        cwd=site.root,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
        # Ctrl+C in a terminal: a test run started in the background (`... &`) ignores
        # SIGINT, and its children would inherit that and never stop.
        preexec_fn=_ctrl_c_stops,
    )
    url = f"http://127.0.0.1:{port}/"
    try:
        wait_for(lambda: get(url)[0] in (200, 404), what="the preview to start", server=server)
        yield url
    finally:
        server.send_signal(signal.SIGINT)  # Ctrl+C, as staff stop it
        try:
            output, _ = server.communicate(timeout=60)
        finally:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(server.pid, signal.SIGKILL)  # whatever it started, too
    assert "Traceback" not in output, output
    assert "inaccurate navigation" not in output, output


def _ctrl_c_stops() -> None:
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=NEVER_HANGS) as answer:
            return answer.status, answer.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8")
    except (urllib.error.URLError, ConnectionError):
        return 0, ""


def wait_for(condition, what: str, server: subprocess.Popen | None = None, limit: int = 180):
    started = time.monotonic()
    while time.monotonic() - started < limit:
        if server is not None and server.poll() is not None:
            pytest.fail(f"the preview stopped while waiting for {what}: {server.stdout.read()}")
        if condition():
            return
        time.sleep(0.2)
    pytest.fail(f"gave up waiting for {what}")


@pytest.mark.parametrize("draft", [False, True], ids=["published", "draft"])
def test_a_content_error_shows_in_the_browser_and_the_site_comes_back(fixture_site, draft):
    # A draft is on no listing page: the home page must come back all the same.
    extra = {"draft": "true"} if draft else {}
    fixture_site.write("alerts/other.md", alert(title="Shed break-ins"))
    fixture_site.write("alerts/vans.md", alert(**extra))
    with preview(fixture_site) as url:
        assert "Van thefts in March" in get(url + "alerts/vans/")[1]
        fixture_site.write("alerts/vans.md", alert(category="thef", **extra))
        for address in (url, url + "alerts/vans/", url + "alerts/"):
            wait_for(lambda a=address: PROBLEMS in get(a)[1], what=f"the problems at {address}")
        status, page = get(url + "alerts/vans/")
        assert "alerts/vans.md, line 4, field &#39;category&#39;" in page
        assert "did you mean &#39;theft&#39;?" in page
        fixture_site.write("alerts/vans.md", alert(title="Van thefts in May", **extra))
        wait_for(lambda: "Van thefts in May" in get(url + "alerts/vans/")[1], what="the fixed page")
        for address in (url, url + "alerts/", url + "alerts/other/"):
            status, page = get(address)
            assert status == 200 and PROBLEMS not in page, address
        assert "Shed break-ins" in get(url)[1]


def test_a_preview_started_with_an_error_shows_it(fixture_site):
    fixture_site.write("alerts/vans.md", alert(date="30/05/2024"))
    with preview(fixture_site) as url:
        status, page = get(url)
        assert PROBLEMS in page and "alerts/vans.md, line 3, field &#39;date&#39;" in page


def test_a_content_folder_problem_shows_too(fixture_site):
    fixture_site.write("alerts/vans.md", alert())
    with preview(fixture_site) as url:
        fixture_site.write("alerts/notes.txt", "staff notes")
        wait_for(lambda: PROBLEMS in get(url)[1], what="the problems page")
        assert "alerts/notes.txt" in get(url + "alerts/vans/")[1]


def test_the_problems_page_reloads_itself_once_fixed(fixture_site, browser):
    fixture_site.write("alerts/vans.md", alert(category="thef"))
    with preview(fixture_site) as url:
        page = browser.new_page()
        try:
            page.goto(url + "alerts/vans/")
            page.get_by_text("The preview cannot show the site").wait_for()
            fixture_site.write("alerts/vans.md", alert(title="Van thefts in May"))
            page.get_by_role("heading", name="Van thefts in May").wait_for(timeout=120_000)
        finally:
            page.close()
