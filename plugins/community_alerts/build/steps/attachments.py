"""Pictures and documents beside the messages (and shared under `assets/`) are published
only when a published message uses them: as its `image`, or by a link or picture in its
body. A draft's attachments (a suspect's photo, say) stay off the site until it is
published; a file nothing uses is never published at all.

MkDocs copies these files after `on_env`, so `start` sees every finished body and takes
the unused ones out of the build's files first.
"""

from __future__ import annotations

import posixpath
import re
from urllib.parse import unquote, urlsplit

from mkdocs.plugins import get_plugin_logger

from ...core.folder import SHARED_FOLDER, is_attachment
from ...core.item import SECTIONS
from ..build import Build, Step

log = get_plugin_logger(__name__)

# In a sanitised body every attribute value is in double quotes.
_LINK = re.compile(r'\b(?:href|src)="([^"]*)"')


class AttachmentsStep(Step):
    def start(self, build: Build) -> None:
        # A preview shows drafts, with their pictures; a partial rebuild lacks some bodies.
        if build.previewing or build.partial:
            return
        used = used_attachments(build)
        unused = [
            file
            for file in build.files
            if file.src_dir == build.config.docs_dir
            and file.src_uri.split("/", 1)[0] in (*SECTIONS, SHARED_FOLDER)
            and is_attachment(file.src_uri)
            and file.src_uri not in used
        ]
        for file in unused:
            build.files.remove(file)
        log.debug(f"Attachments: {len(unused)} not used by a published message, left out.")


def used_attachments(build: Build) -> set[str]:
    """The content paths of the files published messages use, and those the theme uses."""
    used = {build.config.theme.get("logo"), build.config.theme.get("favicon")}
    for item in build.archive.published:
        used.add(item.image)
        for link in _LINK.findall(build.bodies.get(item.source_path, "")):
            parts = urlsplit(unquote(link))
            if parts.scheme or parts.netloc:
                continue  # another site's
            if parts.path.startswith("/"):
                used.add(parts.path.lstrip("/"))
            else:
                used.add(posixpath.normpath(posixpath.join(item.url, parts.path)))
    return used
