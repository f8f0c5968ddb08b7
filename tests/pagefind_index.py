"""Read back the Pagefind index (alerts-search) of a built site: each page's fragment."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

SIGNATURE = b"pagefind_dcd"  # what Pagefind writes before the JSON of every decompressed file


def bundles(site: Path) -> list[Path]:
    """The index's parts (search/parts.py): the main one, then each merged into it."""
    return [site / "pagefind", *sorted((site / "pagefind" / "parts").glob("*"))]


def bundle_fragments(bundle: Path) -> list[dict]:
    """Every page one part indexed: url, content (plain text), meta (title, date...),
    filters."""
    found = []
    for path in sorted((bundle / "fragment").glob("*.pf_fragment")):
        data = gzip.decompress(path.read_bytes())
        assert data.startswith(SIGNATURE), path
        found.append(json.loads(data[len(SIGNATURE) :]))
    return found


def fragments(site: Path) -> list[dict]:
    """Every indexed page, over every part of the index."""
    return [fragment for bundle in bundles(site) for fragment in bundle_fragments(bundle)]
