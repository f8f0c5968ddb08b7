"""Read message files and check their front matter against the contract.

Front matter is read from the raw file with python-frontmatter, because
MkDocs silently turns a broken header into an empty one. Every problem in a
file is collected (never only the first), each naming the file, the line
where YAML gives one, the field, what was found and what to write instead.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import posixpath
import re
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import yaml
from frontmatter.default_handlers import YAMLHandler

from .dates import DateError, for_staff, parse_day, parse_when
from .folder import PICTURE_SUFFIXES, folder_problems, is_picture
from .item import (
    CATEGORIES,
    SECTIONS,
    SEVERITIES,
    STATUSES,
    Case,
    Event,
    Item,
    Sender,
    Settings,
)
from .problems import Problem, did_you_mean
from .text import (
    BODY_LIMIT,
    CONTROL_CHARACTERS,
    CONVERSION_SECONDS,
    NESTING_LIMIT,
    SUMMARY_LIMIT,
    TimeLimit,
    TookTooLong,
    first_paragraph,
    markdown_to_text,
    nesting,
    pasted_lists,
    shorten,
)

TITLE_LIMIT = 150
PLAUSIBLE_YEARS = (1900, 2999)  # outside these a date is a typo, and date arithmetic overflows
COMMON_KEYS = (
    "title",
    "date",
    "summary",
    "areas",
    "tags",
    "draft",
    "id",
    "updated",
    "sender",
    "image",
    "image_alt",
    "event",
)
SECTION_KEYS = {
    "alerts": ("category", "severity", "expires", "crime_refs", "status", "supersedes"),
    "court-news": ("cases",),
    "guides": ("topics", "review_by"),
}
SENDER_KEYS = ("name", "role", "organisation")
EVENT_KEYS = ("start", "end", "location", "online")
CASE_KEYS = ("headline", "url", "summary", "area")
RESERVED_NAMES = ("index.md", "README.md")

_YAML = YAMLHandler()


# libyaml's parser when PyYAML was built with it: many times faster on a large archive.
_SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class DuplicateKey(yaml.YAMLError):
    """A key written twice in one group of front matter: YAML would keep the last quietly."""

    def __init__(self, key: str, line: int) -> None:
        super().__init__(key)
        self.key, self.line = key, line


class _FrontMatterLoader(_SafeLoader):
    """YAML's safe loader, but an impossible date such as 2024-13-01 stays text, and a key
    written twice is an error.

    PyYAML raises a bare ValueError for such a date; as text, the date check reports it
    with the file, field and what to write.
    """

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict:
        seen = set()
        for key_node, _ in node.value:
            if isinstance(key_node, yaml.ScalarNode) and key_node.value != "<<":
                if key_node.value in seen:
                    # Marks count from 0, after the newline that ends the opening '---'.
                    raise DuplicateKey(key_node.value, key_node.start_mark.line + 1)
                seen.add(key_node.value)
        return super().construct_mapping(node, deep)


# Numbers and dates remember the text they were written as: a field that is text takes
# that text (a crime reference 0612345126 would otherwise be read as the octal 103402070),
# and a message about a wrong value quotes it as the writer typed it.
class _WrittenInt(int):
    written: str


class _WrittenFloat(float):
    written: str


class _WrittenDate(dt.date):
    written: str


class _WrittenDateTime(dt.datetime):
    written: str


def _as_written(kind: type, value: object, node: yaml.ScalarNode) -> object:
    if isinstance(value, dt.datetime):
        remembered = kind(*value.timetuple()[:6], value.microsecond, value.tzinfo)
    elif isinstance(value, dt.date):
        remembered = kind(value.year, value.month, value.day)
    else:
        remembered = kind(value)
    remembered.written = node.value
    return remembered


def _timestamp_or_text(loader: yaml.SafeLoader, node: yaml.Node) -> object:
    try:
        value = yaml.SafeLoader.construct_yaml_timestamp(loader, node)
    except ValueError:
        return loader.construct_scalar(node)
    kind = _WrittenDateTime if isinstance(value, dt.datetime) else _WrittenDate
    return _as_written(kind, value, node)


def _written_number(kind: type, construct: Callable) -> Callable:
    def constructor(loader: yaml.SafeLoader, node: yaml.Node) -> object:
        return _as_written(kind, construct(loader, node), node)

    return constructor


_FrontMatterLoader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp_or_text)
_FrontMatterLoader.add_constructor(
    "tag:yaml.org,2002:int", _written_number(_WrittenInt, yaml.SafeLoader.construct_yaml_int)
)
_FrontMatterLoader.add_constructor(
    "tag:yaml.org,2002:float",
    _written_number(_WrittenFloat, yaml.SafeLoader.construct_yaml_float),
)

# Word and Outlook turn typed quotes into curly ones, which YAML keeps as part of the text.
CURLY_QUOTES = {"\u201c": "\u201d", "\u2018": "\u2019", "\u201e": "\u201c"}
CURLY_QUOTE_CHARACTERS = "\u201c\u201d\u2018\u2019\u201e"


def as_text(value: object) -> object:
    """A value as the text the writer typed: text without curly quotes around it, a number
    or date as written; anything else (a list, a yes/no value, nothing) as it is."""
    written = getattr(value, "written", None)
    if written is not None:
        return written
    if not isinstance(value, str):
        return value
    text = value.strip()
    if len(text) >= 2 and text[0] in CURLY_QUOTES and text[-1] in CURLY_QUOTES.values():
        return text[1:-1].strip()
    return value


@dataclass
class LoadResult:
    """Every item that passed its checks, and every problem found."""

    items: list[Item] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.level == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.level == "warning"]


def section_of(path: str) -> str | None:
    """The section a content path belongs to, or None for pages outside the sections."""
    top = path.split("/", 1)[0]
    return top if top in SECTIONS and "/" in path else None


def is_message_file(path: str) -> bool:
    return section_of(path) is not None and path.endswith(".md")


def message_paths(docs_dir: Path) -> list[str]:
    """Every Markdown file in the three sections, as sorted paths under `docs_dir`."""
    found = []
    for section in SECTIONS:
        root = docs_dir / section
        if root.is_dir():
            found.extend(
                p.relative_to(docs_dir).as_posix()
                for p in root.rglob("*.md")
                if not p.is_symlink()  # never read through a link (folder_problems)
            )
    return sorted(found)


ItemLoader = Callable[[Path, str, Settings], tuple[Item | None, list[Problem]]]


def load_content(
    docs_dir: Path,
    settings: Settings,
    paths: Iterable[str] | None = None,
    load_one: ItemLoader | None = None,
    taken: Collection[str] = (),
) -> LoadResult:
    """Load and check every message file; `paths` defaults to all of them.

    `load_one` stands in for `load_item`, e.g. to reuse items cached between builds;
    `taken`: the paths of the theme's own files, which no content file may take.
    """
    result = LoadResult(problems=folder_problems(docs_dir, taken))
    for path in message_paths(docs_dir) if paths is None else sorted(paths):
        try:
            item, problems = (load_one or load_item)(docs_dir, path, settings)
        except Exception as error:  # noqa: BLE001 - a staff member sees a message, not a traceback
            item, problems = (
                None,
                [
                    Problem(
                        path,
                        None,
                        f"the file could not be read ({type(error).__name__}: {error}); "
                        "check its front matter, or ask for help with this message.",
                    )
                ],
            )
        result.problems.extend(problems)
        if item is not None:
            result.items.append(item)
    result.problems.extend(_duplicate_ids(result.items))
    result.problems.extend(_lifecycle_problems(result.items))
    result.problems.extend(_two_updates(result.items))
    return result


def load_item(docs_dir: Path, path: str, settings: Settings) -> tuple[Item | None, list[Problem]]:
    """Load one file. The item is None when any error was found."""
    section = section_of(path)
    if section is None or not path.endswith(".md"):
        raise ValueError(f"{path} is not a message file")
    try:
        raw = (docs_dir / path).read_bytes()
    except OSError as error:
        return None, [Problem(path, None, f"the file cannot be read ({error.strerror}).")]
    if posixpath.basename(path) in RESERVED_NAMES:
        return None, [
            Problem(
                path,
                None,
                "listing pages are made automatically, so a section cannot hold a file with this "
                "name; rename it after its subject, e.g. 'burglaries-in-march.md'.",
            )
        ]
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        return None, [
            Problem(
                path,
                None,
                f"the file is not UTF-8 text (byte 0x{raw[error.start]:02x} at position "
                f"{error.start}); save it again choosing the 'UTF-8' encoding.",
            )
        ]
    checker = _Checker(path, section, settings, docs_dir)
    meta, body = checker.split(text)
    if meta is None:
        return None, checker.problems
    item = checker.build(meta, body, hashlib.sha256(raw).hexdigest())
    return item, checker.problems


def conversion_problems(items: Iterable[Item]) -> list[Problem]:
    """Each message whose body takes too long to turn into HTML: what a build finds as it
    converts each page, found without building (`alerts check`)."""
    problems = []
    for item in items:
        try:
            with TimeLimit(CONVERSION_SECONDS):
                markdown_to_text(item.body)
        except TookTooLong:
            problems.append(Problem(item.source_path, None, TOO_SLOW))
    return problems


def _duplicate_ids(items: list[Item]) -> list[Problem]:
    """A message whose id another, earlier message already has. The earlier one keeps it:
    feed readers and mailing services already know it by that id."""
    first: dict[str, Item] = {}
    problems = []
    for item in sorted(items, key=lambda item: (item.date, item.source_path)):
        earlier = first.setdefault(item.id, item)
        if earlier is not item:
            problems.append(
                Problem(
                    item.source_path,
                    "id",
                    f"{describe(item.id)} is already the id of {earlier.source_path} (dated "
                    f"{for_staff(earlier.date, earlier.date_day_only)}); give this message "
                    "an id of its own, and leave the other file as it is.",
                )
            )
    return problems


def _two_updates(items: list[Item]) -> list[Problem]:
    """Two updates of one message: readers could not tell which is the latest word. Each
    later update is told to name the update before it."""
    earlier_update: dict[str, Item] = {}
    problems = []
    for item in sorted(items, key=lambda item: (item.date, item.source_path)):
        if item.status != "update" or item.supersedes is None:
            continue
        earlier = earlier_update.setdefault(item.supersedes, item)
        if earlier is not item:
            problems.append(
                Problem(
                    item.source_path,
                    "supersedes",
                    f"{earlier.source_path} already updates {describe(item.supersedes)}; a "
                    "message is updated only once, and a further update names the update "
                    f"before it: write supersedes: {earlier.id}",
                )
            )
    return problems


def _lifecycle_problems(items: list[Item]) -> list[Problem]:
    """Each update or withdrawal must name an existing alert, without going round in circles."""
    by_id = {item.id: item for item in items}
    problems = []
    for item in items:
        if item.supersedes is None:
            continue
        target = by_id.get(item.supersedes)
        if target is None:
            hint = did_you_mean(item.supersedes, [i.id for i in items if i.section == "alerts"])
            problems.append(
                Problem(
                    item.source_path,
                    "supersedes",
                    f"no message has the id {describe(item.supersedes)}{hint}; "
                    "write the id of the alert "
                    "this one changes (its 'id', or its path under the content folder without .md, "
                    "e.g. alerts/2024/van-thefts).",
                )
            )
        elif target.section != "alerts":
            problems.append(
                Problem(
                    item.source_path,
                    "supersedes",
                    f"{describe(item.supersedes)} is a {target.section} message; "
                    "an alert can only update "
                    "or withdraw another alert.",
                )
            )
        else:
            seen = {item.id}
            while target is not None and target.supersedes is not None:
                if target.id in seen:
                    problems.append(
                        Problem(
                            item.source_path,
                            "supersedes",
                            f"{describe(item.supersedes)} leads back to this alert; "
                            "an update must point "
                            "to an earlier alert.",
                        )
                    )
                    break
                seen.add(target.id)
                target = by_id.get(target.supersedes)
    return problems


def _short(value: object, limit: int = 40) -> str:
    """A value cut down for a hint inside a message: one line, a few words."""
    text = " ".join(str(value)[: limit * 4].split())
    return text if len(text) <= limit else text[: limit - 3] + "..."


# Text a mailing service fills in for each subscriber: GOV.UK Notify ((name)), Mailchimp
# *|EMAIL|*, others {{...}} and [[...]]. In a message it would reach every email.
MERGE_TAG = re.compile(r"\(\([^()\n]*\)\)|\*\|[^|\n]*\|\*|\{\{[^{}\n]*\}\}|\[\[[^\[\]\n]*\]\]")
MERGE_TAG_FIX = (
    "which a mailing service would fill in with each subscriber's details; remove it, or "
    "write the text another way (the email adds its own unsubscribe link)."
)
# A picture of another site in a body: Markdown's ![alt](https://...), its reference
# definitions ([ref]: https://...) and raw <img src> or srcset.
_ELSEWHERE = r"(?:[a-z][a-z0-9+.-]*:)?//"  # https://host, or //host (the page's scheme)
REMOTE_PICTURE = re.compile(
    rf"!\[[^\]]*\]\(\s*<?\s*(?P<markdown>{_ELSEWHERE}[^)\s>]*)"
    rf"|<img\b[^>]*?\b(?:src|srcset)\s*=\s*[\"']?\s*(?P<tag>{_ELSEWHERE}[^\s\"'>]*)",
    re.IGNORECASE,
)
TOO_SLOW = (  # also the pages step's message
    f"turning the text into a web page took more than {CONVERSION_SECONDS} seconds, so it "
    "was stopped; look for a long run of brackets, stars or other punctuation (often from "
    "pasting), and remove it."
)
# What `alerts new` writes for staff to replace: published as it is, it would tell the
# public to write the message.
NEW_MESSAGE_TEXT = "Write the message here."
NEW_CASE_HEADLINE = "Write the first case's headline here"
EXAMPLE_TEXTS = (NEW_MESSAGE_TEXT, NEW_CASE_HEADLINE)
# A heading of the body that the page's own "Crime references" section would repeat.
CRIME_REFS_HEADING = re.compile(r"^ {0,3}#{1,6}[ \t]*crime[ \t]+ref", re.IGNORECASE | re.MULTILINE)
# An id goes into feed GUIDs, CAP identifiers and email ids: plain ASCII, no spaces.
ID = re.compile(r"[A-Za-z0-9._/-]{1,100}")
MAILTO = re.compile(r"mailto:[^\s)\"'<>\]]*", re.IGNORECASE)
MAILTO_FIELDS = ("subject", "body")  # what an email link may fill in; never cc or bcc
PICTURE_REFERENCE = re.compile(r"!\[([^\]]*)\](?:\[([^\]]*)\])?(?!\()")
REMOTE_DEFINITION = re.compile(
    rf"^ {{0,3}}\[([^\]]+)\]:\s*<?({_ELSEWHERE}[^\s>]*)", re.MULTILINE | re.IGNORECASE
)


def _first_in(pattern: re.Pattern[str], value: object, seen: set[int]) -> str | None:
    """The first match of `pattern` anywhere in a YAML value, keys included."""
    if isinstance(value, str):
        found = pattern.search(value)
        return found[0] if found else None
    if isinstance(value, (list, dict)):
        if id(value) in seen:  # YAML aliases share one object: look at it once
            return None
        seen.add(id(value))
        parts = [*value.keys(), *value.values()] if isinstance(value, dict) else value
        for part in parts:
            if (found := _first_in(pattern, part, seen)) is not None:
                return found
    return None


def remote_pictures(body: str) -> list[tuple[int, str]]:
    """Each picture in a body that another site would serve: (its offset, its address)."""
    found = [
        (match.start(), match["markdown"] or match["tag"])
        for match in REMOTE_PICTURE.finditer(body)
    ]
    remote = {
        match[1].lower(): (match.start(), match[2]) for match in REMOTE_DEFINITION.finditer(body)
    }
    for match in PICTURE_REFERENCE.finditer(body):
        label = (match[2] or match[1]).lower()
        if label in remote:
            found.append(remote[label])
    return sorted(set(found))


def describe(value: object) -> str:
    """How a YAML value looks to the person who wrote it."""
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"the yes/no value {str(value).lower()}"
    written = getattr(value, "written", None)
    if isinstance(value, (int, float)):
        return f"the number {written or value}"
    if isinstance(value, (dt.date, dt.datetime)):
        return f"the date {written or value.isoformat()}"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a group of 'key: value' lines"
    text = str(value)
    return repr(text if len(text) <= 60 else text[:57] + "...")


class _Checker:
    """Checks one file's front matter, collecting problems as it goes."""

    def __init__(self, path: str, section: str, settings: Settings, docs_dir: Path) -> None:
        self.path = path
        self.section = section
        self.settings = settings
        self.docs_dir = docs_dir
        self.problems: list[Problem] = []
        self._front_matter = ""
        self._body_line = 1
        self._key_lines: dict[str, int] | None = None

    # -- reporting -------------------------------------------------------

    def line_of(self, key: str | None) -> int | None:
        """The file line of a top-level key, found only when a problem needs it."""
        if key is None:
            return None
        if self._key_lines is None:
            self._key_lines = {}
            try:
                node = yaml.compose(self._front_matter, Loader=_FrontMatterLoader)
            except yaml.YAMLError:
                node = None
            if isinstance(node, yaml.MappingNode):
                for key_node, _ in node.value:
                    # Marks count from 0, and the front matter text starts with the
                    # newline that ends the opening '---' line.
                    self._key_lines[str(key_node.value)] = key_node.start_mark.line + 1
        return self._key_lines.get(key.split(",")[0])

    def error(self, key: str | None, message: str) -> None:
        self.problems.append(Problem(self.path, key, message, self.line_of(key)))

    def warning(self, key: str | None, message: str) -> None:
        self.problems.append(Problem(self.path, key, message, self.line_of(key), "warning"))

    # -- the file as a whole ---------------------------------------------

    def split(self, text: str) -> tuple[dict | None, str]:
        """Separate and parse the front matter, or report why it cannot be read."""
        if not text.strip():
            self.error(None, "the file is empty; " + _front_matter_hint(self.section))
            return None, ""
        if not _YAML.detect(text):
            self.error(None, "the file has no front matter; " + _front_matter_hint(self.section))
            return None, ""
        try:
            self._front_matter, body = _YAML.split(text)
            # The body is what follows the front matter: its first line's number in the file.
            self._body_line = text[: len(text) - len(body)].count("\n") + 1
        except ValueError:
            self.error(
                None,
                "the front matter is not closed; add a line '---' after its last "
                "'key: value' line.",
            )
            return None, ""
        try:
            meta = yaml.load(self._front_matter, Loader=_FrontMatterLoader)
        except DuplicateKey as twice:
            self.problems.append(
                Problem(
                    self.path,
                    twice.key,
                    "is written twice in the front matter; keep the line you mean and remove "
                    "the other.",
                    twice.line,
                )
            )
            return None, ""
        except yaml.YAMLError as error:
            self.problems.append(self._unreadable(error))
            return None, ""
        if meta is None:
            meta = {}
        if not isinstance(meta, dict):
            self.error(
                None,
                f"the front matter is {describe(meta)}, but it must be "
                "'key: value' lines; " + _front_matter_hint(self.section),
            )
            return None, ""
        return meta, body

    def _unreadable(self, error: yaml.YAMLError) -> Problem:
        """Why YAML could not read the front matter, in the words of what to do about it."""
        mark = getattr(error, "problem_mark", None)
        lines = self._front_matter.split("\n")
        # Marks count from 0, and the front matter starts with the newline ending '---'.
        text = lines[mark.line] if mark is not None and mark.line < len(lines) else ""
        line = mark.line + 1 if mark is not None else None
        if "\t" in text:
            fix = (
                "this line has a tab in it, which front matter may not have; "
                "write spaces instead of the tab (two spaces to indent)."
            )
        elif any(quote in text for quote in CURLY_QUOTE_CHARACTERS):
            fix = (
                "this line has curly quotes (\u201c \u201d or \u2018 \u2019), which "
                "front matter does not read as quotes; type them again as straight "
                'quotes ("), as Word and Outlook curl them when pasted.'
            )
        else:
            reason = getattr(error, "problem", None) or "it cannot be read"
            fix = (
                f"the front matter is not valid YAML ({reason}); check the quotes and "
                "indentation on this line, and put text containing ': ' or '#' in quotes."
            )
        return Problem(self.path, None, fix, line)

    def build(self, meta: dict, body: str, source_hash: str) -> Item | None:
        known = COMMON_KEYS + SECTION_KEYS[self.section]
        for key in meta:
            if str(key) not in known:
                self._unknown_key(str(key), known)
                continue
            tag = _first_in(MERGE_TAG, meta[key], set())
            if tag is not None:
                self.error(str(key), f"contains {tag}, {MERGE_TAG_FIX}")
            character = _first_in(CONTROL_CHARACTERS, meta[key], set())
            if character is not None:
                self.error(
                    str(key),
                    f"contains an invisible control character "
                    f"(U+{ord(character):04X}), often left by copying and pasting; "
                    "retype the text around it.",
                )
        # Invisible control characters in the text would break feeds and CAP files.
        body = CONTROL_CHARACTERS.sub("", body)
        convertible = self.check_body(body)
        body = pasted_lists(body)
        title = self.title(meta.get("title"))
        date, date_day_only = self.when("date", meta.get("date"), required=True)
        updated, updated_day_only = self.when("updated", meta.get("updated"))
        if date and updated and updated < date:
            self.error(
                "updated",
                f"{for_staff(updated, updated_day_only)} is before the date "
                f"{for_staff(date, date_day_only)}; "
                "'updated' must be the same as or later than 'date'.",
            )
        image, image_alt = self.image(meta.get("image"), meta.get("image_alt"))
        values = dict(
            title=title,
            date=date,
            date_day_only=date_day_only,
            updated=updated,
            updated_day_only=updated_day_only,
            summary=self.text("summary", meta.get("summary"), SUMMARY_LIMIT),
            areas=self.areas(meta.get("areas")),
            tags=self.strings("tags", meta.get("tags")),
            draft=self.flag("draft", meta.get("draft")),
            id=self.identifier(meta.get("id")),
            sender=self.sender(meta.get("sender")),
            image=image,
            image_alt=image_alt,
            event=self.event(meta.get("event")),
        )
        values.update(getattr(self, "_" + self.section.replace("-", "_"))(meta, date))
        if not values["draft"]:
            self.still_examples(body, values.get("cases", ()))
        if values.get("crime_refs") and CRIME_REFS_HEADING.search(body):
            self.warning(
                "crime_refs",
                "the text has its own 'Crime references' heading, and the page already "
                "lists crime_refs under one; remove that heading and its list from the text.",
            )
        if not convertible or any(p.is_error for p in self.problems):
            return None
        try:
            with TimeLimit(CONVERSION_SECONDS):
                summary = values["summary"] or self.derived_summary(body, values.get("cases", ()))
        except TookTooLong:
            self.error(None, TOO_SLOW)
            return None
        return Item(
            source_path=self.path,
            source_hash=source_hash,
            section=self.section,
            url=self.path[: -len(".md")] + "/",
            body=body,
            **{**values, "summary": summary},
        )

    def check_body(self, body: str) -> bool:
        """Report what the body may not hold; False when it cannot be converted at all."""
        first_line = self._body_line
        if len(body) > BODY_LIMIT:
            self.error(
                None,
                f"the text is {len(body):,} characters long, more than the {BODY_LIMIT:,} a "
                "message may have; shorten it, or split it into several messages.",
            )
            return False
        depth, line = nesting(body)
        if depth > NESTING_LIMIT:
            self.problems.append(
                Problem(
                    self.path,
                    None,
                    f"a list or quote here is {depth} levels deep, more than the "
                    f"{NESTING_LIMIT} a message may have; indent it less.",
                    first_line + line - 1,
                )
            )
            return False
        for found in MERGE_TAG.finditer(body):
            line = first_line + body.count("\n", 0, found.start())
            self.problems.append(
                Problem(self.path, None, f"the text contains {found[0]}, {MERGE_TAG_FIX}", line)
            )
        for found in MAILTO.finditer(body):
            fields = {name.lower() for name, _ in parse_qsl(urlsplit(found[0]).query, True)}
            extra = sorted(fields - set(MAILTO_FIELDS))
            if extra:
                line = first_line + body.count("\n", 0, found.start())
                self.problems.append(
                    Problem(
                        self.path,
                        None,
                        f"the email link {_short(found[0], 60)} also sets {', '.join(extra)}; "
                        "an email link may set only a subject and a body, so that nobody is "
                        "copied in without the reader seeing it: remove the rest.",
                        line,
                    )
                )
        for offset, picture in remote_pictures(body):
            line = first_line + body.count("\n", 0, offset)
            self.problems.append(
                Problem(
                    self.path,
                    None,
                    f"the picture {_short(picture, 80)} is on another site, which every "
                    "reader's browser would then contact; save the picture beside this file "
                    "and write its path instead, e.g. ![A white van](images/van.jpg)",
                    line,
                )
            )
        return True

    def still_examples(self, body: str, cases: tuple[Case, ...]) -> None:
        """A message to be published that still has the example text `alerts new` wrote."""
        for example in EXAMPLE_TEXTS:
            if example in body:
                line = self._body_line + body.count("\n", 0, body.index(example))
                self.problems.append(
                    Problem(
                        self.path,
                        None,
                        f"the text still has the example '{example}' of a new message; "
                        "write the message in its place (or put back 'draft: true').",
                        line,
                    )
                )
        for n, case in enumerate(cases, 1):
            if case.headline in EXAMPLE_TEXTS:
                self.error(
                    f"cases, case {n}, headline",
                    f"is still the example '{case.headline}'; write the case's headline.",
                )

    def derived_summary(self, body: str, cases: tuple[Case, ...]) -> str:
        text = first_paragraph(body)
        if not text and cases:
            text = "; ".join(markdown_to_text(case.headline) for case in cases)
        return shorten(text)

    def _unknown_key(self, key: str, known: tuple[str, ...]) -> None:
        owners = [s for s, keys in SECTION_KEYS.items() if key in keys]
        if owners:
            self.warning(
                key,
                f"only {owners[0]} messages use {describe(key)}, so it is ignored here; "
                "remove the line.",
            )
            return
        hint = did_you_mean(key, known)
        self.warning(
            key,
            f"{describe(key)} is not a front matter key{hint}; remove it or write one of: "
            + ", ".join(known)
            + ".",
        )

    # -- alerts, court news, guides ---------------------------------------

    def _alerts(self, meta: dict, date: dt.datetime | None) -> dict:
        category = self.choice("category", meta.get("category"), CATEGORIES, required=True)
        severity = self.choice("severity", meta.get("severity"), SEVERITIES) or "info"
        expires, expires_day_only = self.when("expires", meta.get("expires"))
        if expires and date and expires <= date:
            self.error(
                "expires",
                f"{for_staff(expires, expires_day_only)} is not after the date "
                f"{for_staff(date)}; write a later date, or remove 'expires' to keep the "
                f"alert current for {self.settings.alert_lifetime_days} days.",
            )
        if expires is None and date is not None:
            expires = date + dt.timedelta(days=self.settings.alert_lifetime_days)
            expires_day_only = False
        return dict(
            category=category,
            severity=severity,
            expires=expires,
            expires_day_only=expires_day_only,
            crime_refs=self.strings("crime_refs", meta.get("crime_refs")),
            **self.lifecycle(meta.get("status"), meta.get("supersedes")),
        )

    def lifecycle(self, status: object, supersedes: object) -> dict:
        status = self.choice("status", status, STATUSES) or "actual"
        supersedes = as_text(supersedes)
        given = supersedes is not None
        if supersedes is not None and (not isinstance(supersedes, str) or not supersedes.strip()):
            self.error(
                "supersedes",
                f"found {describe(supersedes)}; write the id of the alert "
                "this one changes, in quotes.",
            )
            supersedes = None
        elif isinstance(supersedes, str):
            supersedes = supersedes.strip()
            if supersedes == self.path[: -len(".md")]:
                self.error(
                    "supersedes",
                    "names this alert itself; write the id of the earlier alert this one changes.",
                )
        if status != "actual" and not given:
            self.error(
                "supersedes",
                f"missing; an alert with status: {status} names the alert "
                "it changes, e.g. supersedes: alerts/2024/van-thefts",
            )
        if status == "actual" and supersedes is not None:
            self.error(
                "status",
                "missing or 'actual', but 'supersedes' is set; write status: "
                "update (the alert is updated) or status: cancel (it is withdrawn).",
            )
        return dict(status=status, supersedes=supersedes)

    def _court_news(self, meta: dict, date: dt.datetime | None) -> dict:
        value = meta.get("cases")
        example = (
            "a line 'cases:', then for each case an indented '- headline: ...' line and "
            "a 'url: https://...' line below it"
        )
        if value is None:
            self.error(
                "cases", "missing; a court-news digest lists its cases: write " + example + "."
            )
            return {"cases": ()}
        if not isinstance(value, list) or not value:
            self.error(
                "cases",
                f"found {describe(value)}, but 'cases' must be a list of at least "
                "one case, each with a headline and url: write " + example + ".",
            )
            return {"cases": ()}
        return {
            "cases": tuple(
                case
                for n, entry in enumerate(value, 1)
                if (case := self.case(f"cases, case {n}", entry)) is not None
            )
        }

    def _guides(self, meta: dict, date: dt.datetime | None) -> dict:
        review_by = None
        value = meta.get("review_by")
        if value is not None:
            try:
                review_by = parse_day(value)
            except DateError:
                self.error(
                    "review_by",
                    f"found {describe(value)}; write a date as YYYY-MM-DD, "
                    "e.g. review_by: 2025-06-30.",
                )
        return dict(topics=self.strings("topics", meta.get("topics")), review_by=review_by)

    # -- single fields -----------------------------------------------------

    def title(self, value: object) -> str:
        value = as_text(value)
        if value is None:
            self.error(
                "title",
                "missing; every message needs a title of up to "
                f"{TITLE_LIMIT} characters, e.g. title: Rogue traders in Ely",
            )
            return ""
        if not isinstance(value, str):
            self.error(
                "title",
                f"found {describe(value)}; write the title as text, in quotes "
                f'if it looks like a number or date, e.g. title: "{_short(value)}"',
            )
            return ""
        title = " ".join(value.split())
        if not title:
            self.error("title", f"is empty; write a title of up to {TITLE_LIMIT} characters.")
        elif len(title) > TITLE_LIMIT:
            self.error(
                "title",
                f"is {len(title)} characters long; shorten it to at most "
                f"{TITLE_LIMIT} and put the detail in the summary or the text.",
            )
        return title

    def text(self, key: str, value: object, limit: int) -> str:
        if value is None:
            return ""
        value = as_text(value)
        if not isinstance(value, str):
            self.error(
                key,
                f"found {describe(value)}; write text, in quotes if it looks like "
                "a number or date.",
            )
            return ""
        text = " ".join(value.split())
        if len(text) > limit:
            self.error(key, f"is {len(text)} characters long; shorten it to at most {limit}.")
        return text

    def when(
        self, key: str, value: object, required: bool = False
    ) -> tuple[dt.datetime | None, bool]:
        if value is None:
            if required:
                what = "the publication date" if key == "date" else "a date"
                self.error(
                    key,
                    f"missing; write {what} as YYYY-MM-DD or a date and time, e.g. "
                    f"{key.split(', ')[-1]}: 2024-05-22T14:30",
                )
            return None, False
        example = f"{key.split(', ')[-1]}: 2024-05-22"
        try:
            when, day_only = parse_when(value)
        except DateError:
            self.error(
                key,
                f"found {describe(value)}, which is not a date; write YYYY-MM-DD "
                "or a date and time such as 2024-05-22T14:30 (London time), e.g. " + example,
            )
            return None, False
        if not PLAUSIBLE_YEARS[0] <= when.year <= PLAUSIBLE_YEARS[1]:
            self.error(
                key, f"{describe(value)} is not a plausible date; check the year, e.g. " + example
            )
            return None, False
        return when, day_only

    def choice(
        self, key: str, value: object, allowed: tuple[str, ...], required: bool = False
    ) -> str | None:
        if value is None:
            if required:
                self.error(key, f"missing; write one of: {', '.join(allowed)}.")
            return None
        text = as_text(value)
        if isinstance(text, str) and text.strip().lower() in allowed:  # "Fraud" is fraud
            return text.strip().lower()
        if value not in allowed:
            self.error(
                key,
                f"found {describe(value)}{did_you_mean(value, allowed)}; write one "
                f"of: {', '.join(allowed)}.",
            )
            return None
        return value

    def strings(self, key: str, value: object) -> tuple[str, ...]:
        if value is None:
            return ()
        if not isinstance(value, list):
            self.error(
                key,
                f"found {describe(value)}, but '{key}' is a list; write it as "
                f"{key}: [first, second] or as lines starting with '- '.",
            )
            return ()
        value = [as_text(entry) for entry in value]
        wrong = [entry for entry in value if not isinstance(entry, str) or not entry.strip()]
        if wrong:
            self.error(
                key,
                f"entry {describe(wrong[0])} is not text; put each entry in quotes, "
                f'e.g. {key}: ["{_short(wrong[0])}"].',
            )
            return ()
        return tuple(dict.fromkeys(" ".join(entry.split()) for entry in value))

    def areas(self, value: object) -> tuple[str, ...]:
        if value is None:
            return ("county-wide",)
        if isinstance(as_text(value), str):  # one area, written without brackets
            value = [value]
        areas = self.strings("areas", value)
        if isinstance(value, list) and not value:
            self.error(
                "areas",
                "is an empty list; name at least one area, or remove the line "
                "for a county-wide message.",
            )
        # Any capitals, and the area's name as readers see it: "Fenland", "South
        # Cambridgeshire".
        known = {slug: slug for slug in self.settings.areas}
        known.update({name.lower(): slug for slug, name in self.settings.areas.items()})
        found = [
            known.get(" ".join(area.lower().split()), known.get(area.lower())) for area in areas
        ]
        unknown = [area for area, slug in zip(areas, found, strict=True) if slug is None]
        for area in unknown:
            self.error(
                "areas",
                f"{describe(area)} is not an area{did_you_mean(area, self.settings.areas)};"
                f" write any of: {', '.join(self.settings.areas)}.",
            )
        return () if unknown else tuple(dict.fromkeys(found))

    def flag(self, key: str, value: object) -> bool:
        if value is None:
            return False
        if not isinstance(value, bool):
            self.error(key, f"found {describe(value)}; write true or false.")
            return False
        return value

    def identifier(self, value: object) -> str:
        default = self.path[: -len(".md")]
        if value is None:
            return default
        value = as_text(value)
        if not isinstance(value, str) or not ID.fullmatch(value.strip()):
            self.error(
                "id",
                f"found {describe(value)}; an id is 1 to 100 letters (a-z, A-Z), digits, '-', "
                f"'_', '.' or '/', without spaces, in quotes, e.g. id: \"{default}\"",
            )
            return default
        return value.strip()

    def sender(self, value: object) -> Sender:
        if value is None:
            return self.settings.default_sender
        if isinstance(value, str) and value.strip():
            return Sender(name=" ".join(value.split()))
        if isinstance(value, dict):
            for key in value:
                if key not in SENDER_KEYS:
                    self.warning(
                        "sender",
                        f"{describe(key)} is not part of a sender"
                        f"{did_you_mean(key, SENDER_KEYS)}; use name, role and "
                        "organisation.",
                    )
            parts = {key: value.get(key) for key in SENDER_KEYS}
            wrong = {k: v for k, v in parts.items() if v is not None and not isinstance(v, str)}
            for key, part in wrong.items():
                self.error("sender", f"{key} is {describe(part)}; write it as text.")
            if not wrong and any(parts.values()):
                return Sender(**{k: " ".join((v or "").split()) for k, v in parts.items()})
            if not wrong:
                self.error(
                    "sender",
                    "has no name, role or organisation; fill one in or remove "
                    "'sender' to use the default.",
                )
            return self.settings.default_sender
        self.error(
            "sender",
            f"found {describe(value)}; write who sent the message, either as "
            "text or as name, role and organisation lines.",
        )
        return self.settings.default_sender

    def image(self, value: object, alt: object) -> tuple[str | None, str]:
        if value is None:
            return None, ""
        if not isinstance(value, str) or not value.strip():
            self.error(
                "image",
                f"found {describe(value)}; write the image's path relative to "
                "this file, e.g. image: images/van.jpg",
            )
            return None, ""
        if urlsplit(value).scheme:
            self.error(
                "image",
                f"{describe(value)} is a web address; save the picture beside the "
                "message and write its path, e.g. image: images/van.jpg",
            )
            return None, ""
        resolved = posixpath.normpath(posixpath.join(posixpath.dirname(self.path), value.strip()))
        outside = resolved.startswith(("../", "/")) or resolved == ".."
        if not is_picture(resolved):
            self.error(
                "image",
                f"{describe(value)} is not a picture; write the path of a picture beside "
                f"this file ({', '.join(PICTURE_SUFFIXES)}), e.g. image: images/van.jpg",
            )
        elif outside or not _is_file(self.docs_dir / resolved):
            self.error(
                "image",
                f"{describe(value)} was not found next to this file (looked for "
                f"{resolved}); check the spelling, or add the picture there.",
            )
        alt = as_text(alt)
        if not isinstance(alt, str) or not alt.strip():
            self.error(
                "image_alt",
                f"found {describe(alt)}; an image needs a description for "
                "people who cannot see it, e.g. image_alt: A white van parked on a drive",
            )
            return resolved, ""
        return resolved, " ".join(alt.split())

    def event(self, value: object) -> Event | None:
        if value is None:
            return None
        if not isinstance(value, dict):
            self.error(
                "event",
                f"found {describe(value)}; write 'event:' and below it indented "
                "'start:' (a date and time), and optionally 'end:', 'location:' and "
                "'online:' lines.",
            )
            return None
        for key in value:
            if key not in EVENT_KEYS:
                self.warning(
                    "event",
                    f"{describe(key)} is not part of an event"
                    f"{did_you_mean(key, EVENT_KEYS)}; use start, end, location and "
                    "online.",
                )
        start, start_day_only = self.when("event, start", value.get("start"), required=True)
        end, end_day_only = self.when("event, end", value.get("end"))
        if start and end and end <= start:
            self.error(
                "event, end",
                f"{for_staff(end, end_day_only)} is not after the start "
                f"{for_staff(start, start_day_only)}; write a later end, or remove it.",
            )
        location = value.get("location")
        if location is not None and (not isinstance(location, str) or not location.strip()):
            self.error(
                "event, location",
                f"found {describe(location)}; write the place as "
                "text, e.g. location: Ely Library, 6 The Cloisters, Ely",
            )
            location = ""
        online = value.get("online")
        if online is not None:
            parts = urlsplit(online) if isinstance(online, str) else None
            if parts is None or parts.scheme != "https" or not parts.netloc:
                self.error(
                    "event, online",
                    f"found {describe(online)}; write the full https:// "
                    "address where people join online.",
                )
                online = ""
        if start is None:
            return None
        return Event(
            start=start,
            start_day_only=start_day_only,
            end=end,
            end_day_only=end_day_only,
            location=" ".join((location or "").split()),
            online=(online or "").strip(),
        )

    def case(self, where: str, entry: object) -> Case | None:
        if not isinstance(entry, dict):
            self.error(
                where, f"found {describe(entry)}; each case needs 'headline:' and 'url:' lines."
            )
            return None
        for key in entry:
            if key not in CASE_KEYS:
                self.warning(
                    where,
                    f"{describe(key)} is not part of a case{did_you_mean(key, CASE_KEYS)};"
                    " use headline, url, summary and area.",
                )
        headline = as_text(entry.get("headline"))
        url = as_text(entry.get("url"))
        ok = True
        if not isinstance(headline, str) or not headline.strip():
            self.error(
                f"{where}, headline",
                f"found {describe(headline)}; write the case's headline as text.",
            )
            ok = False

        parts = urlsplit(url) if isinstance(url, str) else None
        if parts is None or parts.scheme not in ("http", "https") or not parts.netloc:
            self.error(
                f"{where}, url",
                f"found {describe(url)}; write the full web address of "
                "the story, starting https://",
            )
            ok = False
        summary = as_text(entry.get("summary"))
        if summary is not None and not isinstance(summary, str):
            self.error(f"{where}, summary", f"found {describe(summary)}; write text.")
            ok = False
        area = entry.get("area")
        if area is not None and (not isinstance(area, str) or area not in self.settings.areas):
            self.error(
                f"{where}, area",
                f"found {describe(area)}"
                f"{did_you_mean(area, self.settings.areas)}; write one of: "
                f"{', '.join(self.settings.areas)}.",
            )
            ok = False
        if not ok:
            return None
        return Case(
            headline=" ".join(headline.split()),
            url=url.strip(),
            summary=" ".join((summary or "").split()),
            area=area,
        )


def _is_file(path: Path) -> bool:
    try:
        return path.is_file()
    except OSError:  # e.g. a name longer than the disk allows: not there either
        return False


def _front_matter_hint(section: str) -> str:
    """How to start a message file, in one line (every problem is reported on one line)."""
    keys = {
        "alerts": "title:, date: and category:",
        "court-news": "title:, date: and cases:",
        "guides": "title: and date:",
    }[section]
    return (
        f"start it with a line '---', then 'key: value' lines with at least {keys} "
        "(e.g. 'date: 2024-05-22'), then another line '---'."
    )
