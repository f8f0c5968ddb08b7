"""Read back the Pagefind index (alerts-search) of a built site: each page's fragment."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

SIGNATURE = b"pagefind_dcd"  # what Pagefind writes before the JSON of every decompressed file


def fragments(site: Path) -> list[dict]:
    """Every indexed page: url, content (plain text), meta (title, date...), filters."""
    found = []
    for path in sorted((site / "pagefind" / "fragment").glob("*.pf_fragment")):
        data = gzip.decompress(path.read_bytes())
        assert data.startswith(SIGNATURE), path
        found.append(json.loads(data[len(SIGNATURE) :]))
    return found
