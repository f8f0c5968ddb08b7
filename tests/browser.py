"""Real headless Chromium (Debian's) for tests of what a person sees, and axe-core."""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

# The flags keep Chromium from reaching for Google's services on a closed network.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def chromium_path() -> str:
    """Debian's Chromium; skips the test when it is missing, except in CI, where it fails."""
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found:
        return found
    reason = "Debian's chromium is not installed (apt-get install chromium); browser tests need it"
    if os.environ.get("CI"):
        pytest.fail(reason)
    pytest.skip(reason)


@contextmanager
def served(directory: Path) -> Iterator[str]:
    """Serve a built site on 127.0.0.1 for the duration; yields its base URL."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def axe_violations(page, *, disabled_rules: dict[str, str] | None = None) -> list[dict]:
    """axe-core's violations on the page (every impact), as dicts with id, impact and nodes.

    `disabled_rules` maps a rule id to the reason it is not checked there.
    """
    from axe_playwright_python.sync_playwright import Axe

    options = None
    if disabled_rules:
        options = {"rules": {rule: {"enabled": False} for rule in disabled_rules}}
    results = Axe().run(page, options=options)
    return results.response["violations"]


def describe_violations(violations: list[dict]) -> str:
    return "\n".join(
        f"{v['id']} ({v['impact']}): {v['help']} at "
        + ", ".join(str(node["target"]) for node in v["nodes"][:5])
        for v in violations
    )
