"""Build a small fixture site with the project's own mkdocs.yml and theme."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import textwrap
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
# "Now" for every fixture build: 1 June 2024, 12:00 UTC (13:00 in London).
FIXED_NOW = 1717243200


@dataclass
class Build:
    """The result of one `mkdocs build` of a fixture site."""

    root: Path
    returncode: int
    output: str  # stdout and stderr together

    @property
    def site(self) -> Path:
        return self.root / "site"

    def read(self, url_path: str) -> str:
        """The text of an output file, e.g. read('alerts/x/index.html')."""
        return (self.site / url_path).read_text(encoding="utf-8")


def snapshot(folder: Path) -> dict[str, str]:
    """Every file and folder under `folder`, with a hash of each file's bytes."""
    found = {}
    for path in sorted(folder.rglob("*")):
        key = path.relative_to(folder).as_posix()
        found[key] = hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else "dir"
    return found


class FixtureSite:
    """A copy of the project's configuration and theme over content written by a test."""

    def __init__(self, root: Path) -> None:
        self.root = root
        shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
        shutil.copytree(REPO / "overrides", root / "overrides")
        shutil.copy(REPO / "content" / "accessibility.md", self._content("accessibility.md"))

    def _content(self, path: str) -> Path:
        target = self.root / "content" / path
        target.parent.mkdir(parents=True, exist_ok=True)
        return target

    def write(self, path: str, text: str | bytes) -> Path:
        """Write a file under content/; text is dedented."""
        target = self._content(path)
        if isinstance(text, bytes):
            target.write_bytes(text)
        else:
            target.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
        return target

    def build(self, *args: str, strict: bool = True, now: int | None = FIXED_NOW) -> Build:
        env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
        env["NO_MKDOCS_2_WARNING"] = "1"
        if now is not None:
            env["SOURCE_DATE_EPOCH"] = str(now)
        command = [
            sys.executable,
            "-m",
            "mkdocs",
            "build",
            *(["--strict"] if strict else []),
            *args,
        ]
        done = subprocess.run(
            command, cwd=self.root, env=env, capture_output=True, text=True, timeout=300
        )
        return Build(self.root, done.returncode, done.stdout + done.stderr)


def alert(title: str = "Van thefts in March", date: str = "2024-05-30T10:00", **extra: str) -> str:
    """A valid alert file; `extra` adds or replaces front matter lines (raw YAML values)."""
    fields = {"title": title, "date": date, "category": "theft", **extra}
    header = "\n".join(f"{key}: {value}" for key, value in fields.items())
    return f"---\n{header}\n---\n\nTools were taken from vans overnight.\n"
