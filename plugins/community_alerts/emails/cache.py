"""Emails kept between builds, so an email whose inputs have not changed is not rendered again.

Each email is stored under the hash of its inputs (`EmailJob.key`) with a
manifest of which output uses which key, as Material's social plugin keeps
its cards. Entries no longer used are removed when the manifest is saved.
"""

from __future__ import annotations

import json
from pathlib import Path

from ..render.email import EmailJob, RenderedEmail

MANIFEST = "manifest.json"


class EmailCache:
    def __init__(self, folder: Path | None) -> None:
        """`folder` None: the cache is off and every email is rendered."""
        self.folder = folder
        self.known = self._read_manifest()
        self.used: dict[str, str] = {}  # output path -> key, for this build
        self.rendered = 0
        self.reused = 0

    def _read_manifest(self) -> dict[str, str]:
        if self.folder is None:
            return {}
        try:
            known = json.loads((self.folder / MANIFEST).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}  # no cache yet, or a damaged one: render everything afresh
        return known if isinstance(known, dict) else {}

    def email_for(self, job: EmailJob) -> RenderedEmail:
        """The job's email from the cache when its inputs are unchanged, else rendered now."""
        self.used[job.html_path] = job.key
        if self.folder is not None and self.known.get(job.html_path) == job.key:
            try:
                email = RenderedEmail(self._path(job.key, "html").read_text(encoding="utf-8"),
                                      self._path(job.key, "txt").read_text(encoding="utf-8"))
            except OSError:
                pass  # removed by hand: render it again
            else:
                self.reused += 1
                return email
        email = job.render()
        self.rendered += 1
        if self.folder is not None:
            self.folder.mkdir(parents=True, exist_ok=True)
            self._path(job.key, "html").write_text(email.html, encoding="utf-8", newline="")
            self._path(job.key, "txt").write_text(email.text, encoding="utf-8", newline="")
        return email

    def _path(self, key: str, suffix: str) -> Path:
        assert self.folder is not None
        return self.folder / f"{key}.{suffix}"

    def save(self) -> None:
        """Record this build's emails and remove those no longer used."""
        if self.folder is None or not self.folder.is_dir():
            return
        keys = set(self.used.values())
        for stored in self.folder.glob("*.*"):
            if stored.name != MANIFEST and stored.stem not in keys:
                stored.unlink()
        manifest = json.dumps(dict(sorted(self.used.items())), indent=1)
        (self.folder / MANIFEST).write_text(manifest + "\n", encoding="utf-8")
