"""Property-based tests of the loader: whatever a file holds, `load_item` never raises.

Hypothesis writes message files from valid and invalid values of every key,
random YAML-ish text, random bytes and random Unicode bodies. Each file is
either accepted with every value normalised as the contract says (aware
datetimes, configured areas, a title of 1-150 characters, a summary of at most
300...) or rejected with errors, each on one line, naming the file and a
field (or the file as a whole).
"""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

import pytest
import yaml
from community_alerts.core.item import CATEGORIES, SECTIONS, SEVERITIES, STATUSES, Item, Settings
from community_alerts.core.loader import (
    COMMON_KEYS,
    SECTION_KEYS,
    SENDER_KEYS,
    TITLE_LIMIT,
    load_item,
)
from community_alerts.core.text import SUMMARY_LIMIT
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

EXAMPLES = 300
SETTINGS = Settings()
AREAS = tuple(SETTINGS.areas)
PNG = b"\x89PNG\r\n\x1a\n"
# Dates stay inside years 2..9990: the years 1 and 9999 overflow (test_loader_limits.py).
SAFE_DATES = st.dates(min_value=dt.date(2, 1, 1), max_value=dt.date(9990, 12, 31))
SAFE_DATETIMES = st.datetimes(min_value=dt.datetime(2, 1, 1), max_value=dt.datetime(9990, 1, 1))
OFFSETS = st.builds(
    lambda minutes: dt.timezone(dt.timedelta(minutes=minutes)), st.integers(-23 * 60, 23 * 60)
)

profile = settings(
    max_examples=EXAMPLES,
    deadline=None,
    database=None,
    derandomize=True,
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.filter_too_much,
    ],
)

# ------------------------------------------------------------------ values


# Mapping keys without line breaks: a key with one makes a warning of two lines
# (test_loader_limits.py), which would stop every run here.
KEY_TEXT = st.text(max_size=8).filter(lambda key: len(key.splitlines()) <= 1 and "\r" not in key)
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=True),
    st.text(max_size=40),
    SAFE_DATES,
    st.just(""),
    st.just("   "),
)


def junk() -> st.SearchStrategy:
    """Any YAML value that is probably wrong for a key."""
    return st.recursive(
        SCALARS,
        lambda inner: st.one_of(
            st.lists(inner, max_size=3), st.dictionaries(KEY_TEXT, inner, max_size=3)
        ),
        max_leaves=6,
    )


def when() -> st.SearchStrategy:
    iso = st.one_of(
        SAFE_DATES.map(dt.date.isoformat),
        SAFE_DATETIMES.map(lambda d: d.isoformat(timespec="minutes")),
        st.tuples(SAFE_DATETIMES, OFFSETS).map(lambda p: p[0].replace(tzinfo=p[1]).isoformat()),
    )
    return st.one_of(
        SAFE_DATES,
        SAFE_DATETIMES,
        st.tuples(SAFE_DATETIMES, OFFSETS).map(lambda p: p[0].replace(tzinfo=p[1])),
        iso,
        junk(),
    )


def text(limit: int) -> st.SearchStrategy:
    return st.one_of(st.text(min_size=1, max_size=limit + 20), st.text(max_size=3), junk())


def string_list(choices: tuple[str, ...] | None = None) -> st.SearchStrategy:
    entry = st.sampled_from(choices) if choices else st.text(max_size=20)
    return st.one_of(
        st.lists(entry, max_size=4), st.lists(st.one_of(entry, junk()), max_size=3), junk()
    )


def sender() -> st.SearchStrategy:
    return st.one_of(
        st.text(max_size=30),
        st.fixed_dictionaries(
            {}, optional={key: st.one_of(st.text(max_size=20), junk()) for key in SENDER_KEYS}
        ),
        junk(),
    )


def event() -> st.SearchStrategy:
    return st.one_of(
        st.fixed_dictionaries(
            {"start": when()},
            optional={
                "end": when(),
                "location": text(40),
                "online": st.one_of(
                    st.just("https://meet.example.org/x"), st.text(max_size=20), junk()
                ),
            },
        ),
        junk(),
    )


def case() -> st.SearchStrategy:
    return st.one_of(
        st.fixed_dictionaries(
            {},
            optional={
                "headline": text(60),
                "url": st.one_of(
                    st.just("https://example.org/a"),
                    st.just("javascript:alert(1)"),
                    st.just("http://example.org/b?<x>"),
                    st.text(max_size=20),
                    junk(),
                ),
                "summary": text(60),
                # Not a list or mapping: they crash the loader (test_loader_limits.py).
                "area": st.one_of(st.sampled_from(AREAS), st.text(max_size=10), SCALARS),
            },
        ),
        junk(),
    )


COMMON = {
    "title": text(TITLE_LIMIT),
    "date": when(),
    "summary": text(SUMMARY_LIMIT),
    "areas": string_list(AREAS),
    "tags": string_list(),
    "draft": st.one_of(st.booleans(), junk()),
    "id": st.one_of(st.text(max_size=20), junk()),
    "updated": when(),
    "sender": sender(),
    "image": st.one_of(
        st.just("pic.png"),
        st.just("missing.png"),
        st.just("../../../etc/passwd"),
        st.text(max_size=20),
        junk(),
    ),
    "image_alt": text(40),
    "event": event(),
}
BY_SECTION = {
    "alerts": {
        "category": st.one_of(st.sampled_from(CATEGORIES), st.text(max_size=12), junk()),
        "severity": st.one_of(st.sampled_from(SEVERITIES), st.text(max_size=12), junk()),
        "expires": when(),
        "crime_refs": string_list(),
        "status": st.one_of(st.sampled_from(STATUSES), junk()),
        "supersedes": st.one_of(st.text(max_size=20), junk()),
    },
    "court-news": {"cases": st.one_of(st.lists(case(), min_size=1, max_size=3), junk())},
    "guides": {"topics": string_list(), "review_by": when()},
}
UNKNOWN_KEYS = st.one_of(
    st.just({}),
    st.dictionaries(
        st.sampled_from(["titel", "sumary", "categroy", "x", "cases", "category", "topics"]),
        junk(),
        max_size=2,
    ),
)


GOOD = {
    "alerts": {"title": "Van thefts", "date": "2024-05-30", "category": "theft"},
    "court-news": {
        "title": "Court",
        "date": "2024-05-30",
        "cases": [{"headline": "H", "url": "https://example.org/c"}],
    },
    "guides": {"title": "Guide", "date": "2024-05-30"},
}


@st.composite
def front_matter(draw) -> tuple[str, dict]:
    """A good header with a few keys set to any value (good or bad), or any keys at all."""
    section = draw(st.sampled_from(SECTIONS))
    keys = {**COMMON, **BY_SECTION[section]}
    if draw(st.booleans()):
        meta = dict(GOOD[section])
        for key in draw(st.lists(st.sampled_from(sorted(keys)), max_size=3, unique=True)):
            meta[key] = draw(keys[key])
    else:
        meta = {
            key: draw(strategy) for key, strategy in keys.items() if draw(st.integers(0, 3)) == 0
        }
    meta.update(draw(UNKNOWN_KEYS))
    return section, meta


BODIES = st.one_of(
    st.text(max_size=400),
    st.just(""),
    st.just("\n\n<script>x</script>\n"),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=400),
)

# ------------------------------------------------------------------ checking


@pytest.fixture(scope="module")
def docs() -> Path:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        for section in SECTIONS:
            (root / section / "sub").mkdir(parents=True)
            (root / section / "sub" / "pic.png").write_bytes(PNG)
        yield root


def load(docs: Path, section: str, raw: bytes):
    path = f"{section}/sub/message.md"
    (docs / path).write_bytes(raw)
    item, problems = load_item(docs, path, SETTINGS)  # never raises: an exception fails here
    return path, item, problems


def aware(moment: object) -> bool:
    return isinstance(moment, dt.datetime) and moment.utcoffset() is not None


def check_item(item: Item, section: str) -> None:
    assert 1 <= len(item.title) <= TITLE_LIMIT and item.title == " ".join(item.title.split())
    assert aware(item.date)
    assert item.updated is None or (aware(item.updated) and item.updated >= item.date)
    assert isinstance(item.summary, str) and len(item.summary) <= SUMMARY_LIMIT
    assert item.areas and set(item.areas) <= set(AREAS)
    assert all(isinstance(tag, str) and tag.strip() for tag in item.tags)
    assert isinstance(item.id, str) and item.id.strip()
    assert isinstance(item.draft, bool)
    assert item.section == section and item.url == f"{section}/sub/message/"
    if item.image is not None:
        assert item.image == f"{section}/sub/pic.png" and item.image_alt.strip()
    if item.event is not None:
        assert aware(item.event.start)
        end = item.event.end
        assert end is None or (aware(end) and end > item.event.start)
        assert item.event.online == "" or item.event.online.startswith("https://")
    if section == "alerts":
        assert item.category in CATEGORIES and item.severity in SEVERITIES
        assert aware(item.expires) and item.expires > item.date
        assert item.status in STATUSES
        assert all(isinstance(ref, str) and ref.strip() for ref in item.crime_refs)
    if section == "court-news":
        assert item.cases
        for found in item.cases:
            assert found.headline and found.url.split(":", 1)[0] in ("http", "https")
            assert found.area is None or found.area in AREAS
    if section == "guides":
        assert item.review_by is None or type(item.review_by) is dt.date
        assert all(isinstance(topic, str) and topic.strip() for topic in item.topics)


def check_problems(path: str, problems, section: str, meta: dict | None) -> None:
    known = COMMON_KEYS + SECTION_KEYS[section]
    for problem in problems:
        line = str(problem)
        assert problem.path == path and line.startswith(path)
        assert "\n" not in line and "\r" not in line, line  # one line each
        assert problem.level in ("error", "warning", "info")
        assert len(problem.message) < 2000, line[:200]
        if problem.field is not None:
            root = problem.field.split(", ")[0]
            if problem.is_error:
                assert root in known, line
            else:
                assert meta is not None and root in {str(k) for k in meta}, line
        else:
            assert problem.is_error  # the file as a whole


def check(docs: Path, section: str, raw: bytes, meta: dict | None = None) -> Item | None:
    path, item, problems = load(docs, section, raw)
    check_problems(path, problems, section, meta)
    if item is None:
        assert any(p.is_error for p in problems)
    else:
        assert not any(p.is_error for p in problems)
        check_item(item, section)
    return item


def dump(meta: dict, body: str) -> bytes:
    header = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=1000)
    return f"---\n{header}---\n{body}".encode("utf-8", "surrogatepass")


# ------------------------------------------------------------------ properties

RESULTS = {"accepted": 0, "rejected": 0}


@profile
@given(front_matter(), BODIES)
def test_any_front_matter_is_accepted_normalised_or_rejected_by_field(docs, generated, body):
    section, meta = generated
    item = check(docs, section, dump(meta, body), meta)
    RESULTS["accepted" if item else "rejected"] += 1


@profile
@given(st.sampled_from(SECTIONS), st.text(max_size=300), st.text(max_size=100))
def test_random_yamlish_text_never_raises(docs, section, header, body):
    raw = f"---\n{header}\n---\n{body}".encode("utf-8", "surrogatepass")
    check(docs, section, raw, None if not header else _try_meta(header))


YAMLISH = st.lists(
    st.one_of(
        st.sampled_from(
            [
                "title:",
                "date:",
                "category:",
                "cases:",
                "- ",
                "  ",
                ": ",
                "? ",
                "&a ",
                "*a",
                "!!str ",
                "!!python/name:os.system",
                "[",
                "]",
                "{",
                "}",
                "'",
                '"',
                "#",
                "|",
                ">",
                "\n",
                "\t",
                "---",
                "...",
                "%YAML 1.1\n",
                "2024-05-30",
                "2024-02-30T25:61",
                "~",
                "null",
                "yes",
                "0x1F",
                ".inf",
                "<<: ",
            ]
        ),
        st.text(max_size=8),
    ),
    max_size=40,
).map("".join)


@profile
@given(st.sampled_from(SECTIONS), YAMLISH, st.text(max_size=50))
def test_yaml_fragments_never_raise(docs, section, header, body):
    raw = f"---\n{header}\n---\n{body}".encode("utf-8", "surrogatepass")
    check(docs, section, raw, _try_meta(header))


@profile
@given(st.sampled_from(SECTIONS), st.binary(max_size=300))
def test_random_bytes_never_raise(docs, section, raw):
    check(docs, section, raw, _try_meta(raw.decode("utf-8", "replace")))


@profile
@given(st.sampled_from(SECTIONS), st.text(max_size=600))
def test_any_unicode_body_under_good_front_matter_is_accepted(docs, section, body):
    meta = {"title": "Good title", "date": "2024-05-30"}
    if section == "alerts":
        meta["category"] = "theft"
    if section == "court-news":
        meta["cases"] = [{"headline": "H", "url": "https://example.org/c"}]
    raw = dump(meta, body.replace("\r", "\n"))
    item = check(docs, section, raw, meta)
    assert item is not None
    assert len(item.summary) <= SUMMARY_LIMIT


def _try_meta(header: str) -> dict | None:
    """The keys a header has, when it is a YAML mapping (for checking warnings' fields)."""
    try:
        meta = yaml.load(header, Loader=yaml.SafeLoader)
    except Exception:  # noqa: BLE001 - any header at all
        return None
    if not isinstance(meta, dict):
        return None
    return meta


def test_both_outcomes_were_exercised():
    """The generator is not stuck on one side: it made both accepted and rejected files."""
    if RESULTS["accepted"] + RESULTS["rejected"] < EXAMPLES:
        pytest.skip("run with the property above")
    assert RESULTS["accepted"] > 10 and RESULTS["rejected"] > 10, RESULTS
