"""Make Pagefind's filter files byte-identical from one build to the next.

Pagefind 1.5 writes each filter's values in the order of a Rust HashMap, which is seeded
at random in every run: the filter chunks (`filter/*.pf_filter`), the language's metadata
file that names them (`pagefind.<lang>_<hash>.pf_meta`) and `pagefind-entry.json`, which
names that, change from build to build though the pages did not. Everything else Pagefind
writes (index chunks, fragments, scripts) is already stable.

`canonicalise` rewrites those three: the values (and the list of filters) sorted by name,
each file renamed after the SHA-256 of its new content in Pagefind's own pattern, and the
references updated. The files are gzipped CBOR behind the signature `pagefind_dcd`; the
small CBOR codec below handles the types they use (integers, strings, arrays, maps).

`check` runs first, on the bundle as Pagefind left it: the entry parses, and every file it
and the metadata name is there and not empty. A bundle read before Pagefind finished
writing it fails there (`Damaged`, naming the file); `NotPagefind` is kept for a layout
this module does not know, which another Pagefind version could write.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import zlib
from pathlib import Path

SIGNATURE = b"pagefind_dcd"
ENTRY = "pagefind-entry.json"
# The files the search page loads whatever was indexed (the entry and metadata name the rest).
SCRIPTS = (
    "pagefind.js",
    "pagefind-worker.js",
    "pagefind-component-ui.js",
    "pagefind-component-ui.css",
)


class NotPagefind(Exception):
    """A file is not in the layout this module knows (another Pagefind version?)."""


class Damaged(Exception):
    """A file of the bundle is missing, empty or cut short; the message names it."""


def check(bundle: Path) -> int:
    """Check that `bundle` is whole: its entry parses, and every file the entry and each
    language's metadata name (index, filter and fragment chunks, the WebAssembly of the
    language) is there and not empty, as are the scripts; the number of pages indexed."""
    named = list(SCRIPTS)
    pages = 0
    for code, language in _languages(bundle).items():
        meta_name = f"pagefind.{language['hash']}.pf_meta"
        named.append(meta_name)
        if isinstance(language.get("wasm"), str):
            named.append(f"wasm.{language['wasm']}.pagefind")
        named.extend(_chunks(meta_name, _read(bundle / meta_name)))
        count = language.get("page_count")
        if not isinstance(count, int):
            raise NotPagefind(f"{ENTRY} gives language {code!r} no page_count")
        pages += count
    missing = [name for name in named if not _has_content(bundle / name)]
    if missing:
        listed = ", ".join(missing[:3]) + (", ..." if len(missing) > 3 else "")
        raise Damaged(
            f"{len(missing)} of the {len(named)} files named in {bundle} are "
            f"missing or empty: {listed}"
        )
    return pages


def canonicalise(bundle: Path) -> None:
    """Rewrite `bundle` (a site's pagefind/ folder) so that equal input gives equal bytes."""
    entry_path = bundle / ENTRY
    text = entry_path.read_text(encoding="utf-8")
    for language in _languages(bundle, text).values():
        old_meta_hash = language["hash"]  # e.g. "en_40d1fb44bb"
        meta_path = bundle / f"pagefind.{old_meta_hash}.pf_meta"
        meta_raw = _raw(meta_path)
        meta = _read(meta_path, meta_raw)
        renamed = {}
        for old_path in sorted((bundle / "filter").glob("*.pf_filter")):
            old_hash = old_path.stem
            if old_hash.encode() not in meta_raw:
                continue  # another language's
            content = _sorted_values(old_path.name, _read(old_path))
            new_hash = _name(old_hash, content, 7)
            renamed[old_hash] = new_hash
            old_path.unlink()
            _write(bundle / "filter" / f"{new_hash}.pf_filter", content)
        meta = _rename_strings(meta, renamed)
        # The list of filters ([name, chunk] pairs) comes in HashMap order too.
        meta = [sorted(part) if _names_chunks(part, renamed) else part for part in meta]
        new_meta_hash = _name(old_meta_hash, meta, 10)
        meta_path.unlink()
        _write(bundle / f"pagefind.{new_meta_hash}.pf_meta", meta)
        text = text.replace(f'"{old_meta_hash}"', f'"{new_meta_hash}"')
    entry_path.write_text(text, encoding="utf-8")


def _languages(bundle: Path, text: str | None = None) -> dict[str, dict]:
    """The entry's languages, each with its metadata file's "hash"."""
    path = bundle / ENTRY
    if text is None:
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            raise Damaged(f"{ENTRY} is missing from {bundle}") from None
        except UnicodeDecodeError as error:
            raise Damaged(f"{ENTRY} in {bundle} is not UTF-8 ({error.reason})") from None
    if not text.strip():
        raise Damaged(f"{ENTRY} in {bundle} is empty")
    try:
        entry = json.loads(text)
    except ValueError as error:
        raise Damaged(f"{ENTRY} in {bundle} is not whole JSON ({error})") from None
    languages = entry.get("languages") if isinstance(entry, dict) else None
    if not isinstance(languages, dict):
        raise NotPagefind(f"{ENTRY} has no 'languages' map")
    for code, language in languages.items():
        if not (
            isinstance(language, dict)
            and isinstance(language.get("hash"), str)
            and language["hash"]
        ):
            raise NotPagefind(f"{ENTRY} gives language {code!r} no metadata 'hash'")
    return languages


def _chunks(meta_name: str, meta) -> list[str]:
    """The files a language's metadata names: [version, pages as [fragment, words], index
    chunks as [first word, last word, chunk], filters as [name, chunk], sorts, fields]."""
    try:
        _, pages, index, filters = meta[:4]
        return (
            [f"fragment/{fragment}.pf_fragment" for fragment, _ in pages]
            + [f"index/{chunk}.pf_index" for _, _, chunk in index]
            + [f"filter/{chunk}.pf_filter" for _, chunk in filters]
        )
    except (TypeError, ValueError):
        raise NotPagefind(
            f"{meta_name} does not list pages, index chunks and filters as Pagefind 1.5 does"
        ) from None


def _has_content(path: Path) -> bool:
    try:
        return path.stat().st_size > 0
    except OSError:
        return False


def _sorted_values(file_name: str, decoded):
    """A filter chunk: {filter: [[value, [page numbers]], ...]}, values put in order."""
    if not isinstance(decoded, list) or len(decoded) != 2 or not isinstance(decoded[1], list):
        raise NotPagefind(f"{file_name} is not a [filter, values] pair")
    name, values = decoded
    return [name, sorted(values, key=lambda pair: pair[0])]


def _names_chunks(part, renamed: dict[str, str]) -> bool:
    chunks = set(renamed.values())
    return (
        isinstance(part, list)
        and bool(part)
        and all(isinstance(pair, list) and len(pair) == 2 and pair[1] in chunks for pair in part)
    )


def _rename_strings(value, renamed: dict[str, str]):
    if isinstance(value, str):
        return renamed.get(value, value)
    if isinstance(value, list):
        return [_rename_strings(v, renamed) for v in value]
    return value


def _name(old: str, decoded, length: int) -> str:
    prefix = old.rsplit("_", 1)[0]
    return f"{prefix}_{hashlib.sha256(_encode(decoded)).hexdigest()[:length]}"


def _raw(path: Path) -> bytes:
    """The decompressed content of a gzipped file of the bundle."""
    try:
        return gzip.decompress(path.read_bytes())
    except FileNotFoundError:
        raise Damaged(f"{path.name} is missing from {path.parent}") from None
    except (EOFError, gzip.BadGzipFile, zlib.error) as error:
        raise Damaged(f"{path.name} in {path.parent} is cut short or not gzip ({error})") from None


def _read(path: Path, raw: bytes | None = None):
    data = _raw(path) if raw is None else raw
    if not data.startswith(SIGNATURE):
        raise NotPagefind(f"{path.name} does not start with Pagefind's signature")
    try:
        value, end = _decode(data, len(SIGNATURE))
    except (IndexError, UnicodeDecodeError):
        raise Damaged(f"{path.name} in {path.parent} holds cut-short CBOR") from None
    if end != len(data):
        raise NotPagefind(f"{path.name} has data after its content")
    return value


def _write(path: Path, decoded) -> None:
    path.write_bytes(gzip.compress(SIGNATURE + _encode(decoded), compresslevel=9, mtime=0))


# -- CBOR (RFC 8949), the subset Pagefind's files use; maps are kept as lists of pairs ----


def _decode(data: bytes, at: int):
    initial = data[at]
    major, info = initial >> 5, initial & 31
    at += 1
    if info < 24:
        argument = info
    elif info in (24, 25, 26, 27):
        size = 1 << (info - 24)
        argument = int.from_bytes(data[at : at + size], "big")
        at += size
    else:
        raise NotPagefind(f"CBOR item {initial:#x} not supported")
    if major == 0:
        return argument, at
    if major == 1:
        return -1 - argument, at
    if major == 3:
        return data[at : at + argument].decode("utf-8"), at + argument
    if major == 4:
        items = []
        for _ in range(argument):
            item, at = _decode(data, at)
            items.append(item)
        return items, at
    if major == 5:
        pairs = []
        for _ in range(argument):
            key, at = _decode(data, at)
            value, at = _decode(data, at)
            pairs.append(_Pair((key, value)))
        return _Map(pairs), at
    raise NotPagefind(f"CBOR major type {major} not supported")


class _Map(list):
    """A CBOR map, as its pairs in file order."""


class _Pair(tuple):
    pass


def _head(major: int, argument: int) -> bytes:
    if argument < 24:
        return bytes([major << 5 | argument])
    for info, size in ((24, 1), (25, 2), (26, 4), (27, 8)):
        if argument < 1 << (8 * size):
            return bytes([major << 5 | info]) + argument.to_bytes(size, "big")
    raise NotPagefind("CBOR integer too large")


def _encode(value) -> bytes:
    if isinstance(value, bool) or value is None:
        raise NotPagefind("CBOR simple values not supported")
    if isinstance(value, int):
        return _head(0, value) if value >= 0 else _head(1, -1 - value)
    if isinstance(value, str):
        raw = value.encode("utf-8")
        return _head(3, len(raw)) + raw
    if isinstance(value, _Map):
        return _head(5, len(value)) + b"".join(_encode(k) + _encode(v) for k, v in value)
    if isinstance(value, list):
        return _head(4, len(value)) + b"".join(_encode(item) for item in value)
    raise NotPagefind(f"cannot encode {type(value).__name__}")
