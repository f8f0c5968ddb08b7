"""The W3C Nu HTML checker (vnu.jar, from npm's vnu-jar), run with Java over many files at
once: one JVM start, which is most of its time."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
from pathlib import Path
from urllib.parse import unquote

import pytest

REPO = Path(__file__).resolve().parents[1]
VNU_VERSION = "26.9.27"
# One folder per version, put in place whole, so a changed pin installs afresh and two test
# runs installing at once never see half a folder.
VNU_HOME = REPO / ".cache" / "vnu" / VNU_VERSION
VNU_JAR = VNU_HOME / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def _unavailable(reason: str) -> None:
    """Skip the test, except in CI (env CI set), where the checker must run: fail."""
    if os.environ.get("CI"):
        pytest.fail(reason)
    pytest.skip(reason)


def vnu_jar() -> Path:
    """vnu.jar of VNU_VERSION, installed with npm into .cache/vnu/ on first use."""
    missing = [tool for tool in ("java", "npm") if shutil.which(tool) is None]
    if missing:
        _unavailable(
            f"the W3C Nu HTML checker needs {' and '.join(missing)} "
            "(apt-get install default-jre-headless npm)"
        )
    if VNU_JAR.exists():
        return VNU_JAR
    VNU_HOME.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=VNU_HOME.parent, prefix=".installing-") as staging:
        done = subprocess.run(
            [
                "npm",
                "install",
                "--prefix",
                staging,
                "--no-audit",
                "--no-fund",
                "--silent",
                f"vnu-jar@{VNU_VERSION}",
            ],
            capture_output=True,
            text=True,
            timeout=600,
        )
        if done.returncode != 0:
            _unavailable(f"npm could not install vnu-jar@{VNU_VERSION}:\n{done.stderr[-2000:]}")
        try:
            os.rename(staging, VNU_HOME)
        except OSError:  # another run put it in place first
            pass
    return VNU_JAR


def html_errors(files: list[Path]) -> dict[Path, list[str]]:
    """Each file's errors by the checker (none: an empty list), each as "line N: message"."""
    done = subprocess.run(
        [
            "java",
            "-jar",
            str(vnu_jar()),
            "--format",
            "json",
            "--errors-only",
            "--exit-zero-always",
            *map(str, files),
        ],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    errors: dict[Path, list[str]] = {file.resolve(): [] for file in files}
    for message in json.loads(done.stderr)["messages"]:
        file = Path(unquote(message["url"].removeprefix("file:"))).resolve()
        errors[file].append(f"line {message.get('lastLine', '?')}: {message['message']}")
    return errors
