"""`alerts check`, `alerts new` and `alerts next`: the staff's tools, on the same content
model as the build."""

from __future__ import annotations

import argparse
import logging
import os
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

from markdown.extensions.toc import slugify

from .core import dates
from .core.archive import Archive, next_change, publication_summary
from .core.folder import theme_files
from .core.item import SECTIONS, Settings
from .core.links import link_problems
from .core.loader import (
    NEW_CASE_HEADLINE,
    NEW_MESSAGE_TEXT,
    TITLE_LIMIT,
    conversion_problems,
    load_content,
    message_paths,
)
from .core.problems import report

NEW_FILE_TEMPLATES = {
    "alerts": (
        "category: other  # burglary, fraud, theft, appeal, road-safety, safeguarding, "
        "community or other\n"
        "severity: info  # info, advisory, warning or urgent\n"
        "areas: [county-wide]\n"
        "crime_refs: []  # crime reference numbers, e.g. [CF0123450524, 0612345126]\n"
    ),
    "court-news": (
        "areas: [county-wide]\n"
        "cases:\n"
        f"  - headline: {NEW_CASE_HEADLINE}\n"
        "    url: https://www.cambs.police.uk/news/\n"
        "    summary: One sentence about the case.\n"
    ),
    "guides": "topics: []\nreview_by: {review_by}\n",
}
# A "now" after every scheduled message, so that an archive holds them all.
EVERYTHING_SCHEDULED = datetime.max.replace(tzinfo=UTC)
# Where `./dev serve` (mkdocs serve) shows the site.
PREVIEW_ADDRESS = "http://127.0.0.1:8000/"
# `alerts new update|withdraw FILE`: the status, and what the new title starts with.
FOLLOW_UPS = {"update": ("update", "Update"), "withdraw": ("cancel", "Withdrawn")}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="alerts", description=__doc__)
    parser.add_argument(
        "-f",
        "--config-file",
        default="mkdocs.yml",
        help="the site's mkdocs.yml (default: %(default)s)",
    )
    commands = parser.add_subparsers(dest="command", required=True)
    check_command = commands.add_parser(
        "check", help="check the message files (all of them, or those named) without building"
    )
    check_command.add_argument("files", nargs="*", metavar="FILE", help="a message file")
    new = commands.add_parser(
        "new",
        help='start a message as a draft dated now: new SECTION "Title", or new update FILE '
        "or new withdraw FILE for an alert already written",
    )
    new.add_argument("kind", choices=(*SECTIONS, *FOLLOW_UPS), metavar="SECTION|update|withdraw")
    new.add_argument("what", metavar='"Title"|FILE', help="the new message's title, or the alert")
    commands.add_parser(
        "next", help="print when the site next changes with time alone (for a scheduler)"
    )
    args = parser.parse_args(argv)

    try:
        docs_dir, settings, theme_dirs = read_site_config(Path(args.config_file))
        if args.command == "check":
            named = [content_path(docs_dir, Path(file)) for file in args.files]
            return check(docs_dir, settings, theme_files(theme_dirs), named)
        if args.command == "next":
            return print_next(docs_dir, settings)
        if args.kind in FOLLOW_UPS:
            return create_follow_up(docs_dir, settings, args.kind, Path(args.what))
        return create(docs_dir, args.kind, args.what)
    except SiteConfigError as error:
        print(f"alerts: {error}", file=sys.stderr)
        return 2


class SiteConfigError(Exception):
    """mkdocs.yml is missing or not usable."""


def read_site_config(config_file: Path) -> tuple[Path, Settings, list[str]]:
    """The content folder, content settings and theme folders, read as the build reads
    them."""
    # Imported here so that `alerts new` and the content model stay free of MkDocs.
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    from .build.content import content_settings
    from .build.plugin import AlertsPlugin

    if not config_file.is_file():
        raise SiteConfigError(f"{config_file} not found; run this from the site's folder.")
    logging.getLogger("mkdocs").setLevel(logging.ERROR)  # config problems are still shown
    try:
        config = load_config(str(config_file))
    except MkDocsException as error:
        raise SiteConfigError(f"{config_file} could not be read ({error}).") from None
    plugin = next((p for p in config.plugins.values() if isinstance(p, AlertsPlugin)), None)
    settings = Settings() if plugin is None else content_settings(plugin.config.content)
    return Path(config.docs_dir), settings, list(config.theme.dirs)


def content_path(docs_dir: Path, file: Path) -> str:
    """A file named on the command line, as its path under the content folder."""
    for candidate in (file, docs_dir / file):
        if candidate.is_file():
            absolute = Path(os.path.abspath(candidate))
            try:
                return absolute.relative_to(Path(os.path.abspath(docs_dir))).as_posix()
            except ValueError:
                raise SiteConfigError(
                    f"{file} is not in the content folder ({docs_dir}); name a message file "
                    "there, e.g. content/alerts/2026/rogue-traders.md"
                ) from None
    raise SiteConfigError(
        f"{file} was not found; check the spelling, e.g. content/alerts/2026/rogue-traders.md"
    )


def today() -> dates.dt.datetime:
    try:
        return dates.now()
    except dates.DateError as error:
        raise SiteConfigError(str(error)) from None


def check(docs_dir: Path, settings: Settings, taken: set[str], named: list[str]) -> int:
    """Print every problem (of the `named` files, when any are named, and the rules across
    files they take part in) and a summary; exit 1 when the strict build would fail.
    `taken`: the paths of the theme's own files."""
    loaded = load_content(docs_dir, settings, taken=taken)
    checked = [item for item in loaded.items if not named or item.source_path in named]
    # A build finds these as it converts each page; a check converts every body itself.
    loaded.problems.extend(conversion_problems(checked))
    archive = Archive(tuple(loaded.items), today(), settings)
    problems = [*loaded.problems, *link_problems(archive, docs_dir), *archive.review_notices()]
    if named:
        problems = [p for p in problems if p.path in named or any(n in p.message for n in named)]
    if problems:
        print(report(problems))
    errors = sum(p.level == "error" for p in problems)
    warnings = sum(p.level == "warning" for p in problems)
    count = len(named) if named else len(message_paths(docs_dir))
    outcome = "A build publishes nothing until the errors are fixed; then: " if errors else ""
    print(
        f"Checked {count} message file{'s' * (count != 1)}: {errors} error"
        f"{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}. "
        + outcome
        + publication_summary(archive)
    )
    return 1 if errors or warnings else 0


def print_next(docs_dir: Path, settings: Settings) -> int:
    """Print the next moment the site changes with time alone, or nothing."""
    loaded = load_content(docs_dir, settings)
    if loaded.errors:
        print(
            f"alerts: {len(loaded.errors)} problems in the content were left out of this "
            "answer; run 'alerts check' to see them.",
            file=sys.stderr,
        )
    moment = next_change(Archive(tuple(loaded.items), today(), settings))
    if moment is not None:
        print(moment.astimezone(dates.LONDON).isoformat(timespec="seconds"))
    return 0


def create(docs_dir: Path, section: str, title: str) -> int:
    """Write a new, valid message file (a draft) and print its path."""
    title = " ".join(title.split())
    slug = slugify(title, "-")
    if not slug:
        raise SiteConfigError("the title needs at least one letter or number.")
    now = _this_minute()
    folder = docs_dir / section / (str(now.year) if section != "guides" else "")
    target = folder / f"{slug}.md"
    if target.exists():
        raise SiteConfigError(f"{target} already exists; choose another title or edit that file.")
    review_by = (now.date() + timedelta(days=365)).isoformat()
    front_matter = (
        f"---\ntitle: {_quoted(title)}\n"
        f"date: {now.strftime('%Y-%m-%dT%H:%M')}\n"
        'summary: ""  # one or two sentences for listings, feeds and email; or remove this\n'
        + NEW_FILE_TEMPLATES[section].format(review_by=review_by)
        + "draft: true  # remove this line to publish\n---\n\n"
        f"{NEW_MESSAGE_TEXT}\n"
    )
    _write_new(docs_dir, target, front_matter)
    return 0


def create_follow_up(docs_dir: Path, settings: Settings, kind: str, file: Path) -> int:
    """Write a draft that updates or withdraws an alert: it names the newest message of
    the alert's chain, and copies its areas, category and severity."""
    path = content_path(docs_dir, file)
    loaded = load_content(docs_dir, settings)
    items = {item.source_path: item for item in loaded.items}
    if path not in items:
        raise SiteConfigError(
            f"{path} has problems, so it cannot be followed up yet; run 'alerts check {file}'."
        )
    if items[path].section != "alerts":
        raise SiteConfigError(
            f"{path} is not an alert; only alerts are updated or withdrawn this way."
        )
    if items[path].draft:
        raise SiteConfigError(f"{path} is a draft: publish it before updating or withdrawing it.")
    # Every message but drafts, scheduled ones included: the chain as it will be.
    chains = Archive(tuple(loaded.items), EVERYTHING_SCHEDULED, settings)
    newest, first = chains.newest_of_chain(items[path]), chains.first_of_chain(items[path])
    status, label = FOLLOW_UPS[kind]
    title = _shortened(f"{label}: {first.title}")
    now = _this_minute()
    stem = f"{Path(first.source_path).stem}-{'update' if kind == 'update' else 'withdrawn'}"
    target = docs_dir / "alerts" / str(now.year) / f"{stem}.md"
    number = 2
    while target.exists():
        target = target.with_name(f"{stem}-{number}.md")
        number += 1
    front_matter = (
        f"---\ntitle: {_quoted(title)}\n"
        f"date: {now.strftime('%Y-%m-%dT%H:%M')}\n"
        'summary: ""  # one or two sentences for listings, feeds and email; or remove this\n'
        f"status: {status}\n"
        f"supersedes: {_quoted(newest.id)}\n"
        f"category: {newest.category}\n"
        f"severity: {newest.severity}\n"
        f"areas: [{', '.join(newest.areas)}]\n"
        + (
            f"crime_refs: [{', '.join(map(_quoted, newest.crime_refs))}]\n"
            if newest.crime_refs
            else ""
        )
        + "draft: true  # remove this line to publish\n---\n\n"
        f"{NEW_MESSAGE_TEXT}\n"
    )
    _write_new(docs_dir, target, front_matter)
    return 0


def _this_minute() -> dates.dt.datetime:
    return today().astimezone(dates.LONDON).replace(second=0, microsecond=0)


def _quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _shortened(title: str) -> str:
    if len(title) <= TITLE_LIMIT:
        return title
    return title[: TITLE_LIMIT - 3].rsplit(" ", 1)[0] + "..."


def _write_new(docs_dir: Path, target: Path, text: str) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    shown = os.path.relpath(target) if not os.path.relpath(target).startswith("..") else target
    page = target.relative_to(docs_dir).with_suffix("").as_posix()
    print(
        f"Created {shown}, a draft: write the message, then remove 'draft: true' to publish.\n"
        f"While ./dev serve runs, see it at {PREVIEW_ADDRESS}{page}/"
    )


if __name__ == "__main__":
    sys.exit(main())
