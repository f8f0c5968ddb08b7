"""`./dev`, the staff's way in: a second preview on a port in use says what to do in one
message, never a Python traceback (issue 17)."""

from __future__ import annotations

import os
import socket
import subprocess

from sitebuild import REPO


def test_a_second_preview_says_the_first_is_running(tmp_path):
    with socket.socket() as first_preview:
        first_preview.bind(("127.0.0.1", 0))
        first_preview.listen()
        port = first_preview.getsockname()[1]
        done = subprocess.run(
            [str(REPO / "dev"), "serve", "-a", f"127.0.0.1:{port}"],
            capture_output=True,
            text=True,
            timeout=300,
            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        )
    assert done.returncode == 1
    assert "Traceback" not in done.stdout + done.stderr
    assert f"The preview is already running at http://127.0.0.1:{port}/" in done.stderr
    assert "Ctrl+C" in done.stderr and "./dev serve -a 127.0.0.1:8001" in done.stderr
