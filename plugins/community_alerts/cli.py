"""`alerts check` and `alerts new`: the staff's tools, on the same content model as the build."""

from __future__ import annotations

import argparse
import logging
import sys
from datetime import timedelta
from pathlib import Path

from markdown.extensions.toc import slugify

from .core import dates
from .core.archive import Archive
from .core.folder import theme_files
from .core.item import SECTIONS, Settings
from .core.loader import conversion_problems, load_content, message_paths
from .core.problems import report

NEW_FILE_TEMPLATES = {
    "alerts": (
        "category: other  # burglary, fraud, theft, appeal, road-safety, safeguarding, "
        "community or other\n"
        "severity: info  # info, advisory, warning or urgent\n"
        "areas: [county-wide]\n"
    ),
    "court-news": (
        "areas: [county-wide]\n"
        "cases:\n"
        "  - headline: Write the first case's headline here\n"
        "    url: https://www.cambs.police.uk/news/\n"
        "    summary: One sentence about the case.\n"
    ),
    "guides": "topics: []\nreview_by: {review_by}\n",
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="alerts", description=__doc__)
    parser.add_argument(
        "-f",
        "--config-file",
        default="mkdocs.yml",
        help="the site's mkdocs.yml (default: %(default)s)",
    )
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("check", help="check every message file without building the site")
    new = commands.add_parser("new", help="start a new message file, dated now, as a draft")
    new.add_argument("section", choices=SECTIONS)
    new.add_argument("title", help="the message's title, in quotes")
    args = parser.parse_args(argv)

    try:
        docs_dir, settings, theme_dirs = read_site_config(Path(args.config_file))
        if args.command == "check":
            return check(docs_dir, settings, theme_files(theme_dirs))
        return create(docs_dir, args.section, args.title)
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


def check(docs_dir: Path, settings: Settings, taken: set[str]) -> int:
    """Print every problem; exit 1 when the strict build would fail. `taken`: the paths
    of the theme's own files."""
    loaded = load_content(docs_dir, settings, taken=taken)
    # A build finds these as it converts each page; a check converts every body itself.
    loaded.problems.extend(conversion_problems(loaded.items))
    try:
        now = dates.now()
    except dates.DateError as error:
        raise SiteConfigError(str(error)) from None
    notices = Archive(tuple(loaded.items), now, settings).review_notices()
    if loaded.problems or notices:
        print(report([*loaded.problems, *notices]))
    errors, warnings = len(loaded.errors), len(loaded.warnings)
    print(
        f"Checked {len(message_paths(docs_dir))} message files: "
        f"{errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}."
    )
    return 1 if errors or warnings else 0


def create(docs_dir: Path, section: str, title: str) -> int:
    """Write a new, valid message file (a draft) and print its path."""
    title = " ".join(title.split())
    slug = slugify(title, "-")
    if not slug:
        raise SiteConfigError("the title needs at least one letter or number.")
    now = dates.now().astimezone(dates.LONDON).replace(second=0, microsecond=0)
    folder = docs_dir / section / (str(now.year) if section != "guides" else "")
    target = folder / f"{slug}.md"
    if target.exists():
        raise SiteConfigError(f"{target} already exists; choose another title or edit that file.")
    review_by = (now.date() + timedelta(days=365)).isoformat()
    escaped_title = title.replace("\\", "\\\\").replace('"', '\\"')
    front_matter = (
        f'---\ntitle: "{escaped_title}"\n'
        f"date: {now.strftime('%Y-%m-%dT%H:%M')}\n"
        'summary: ""  # one or two sentences for listings, feeds and email; or remove this\n'
        + NEW_FILE_TEMPLATES[section].format(review_by=review_by)
        + "draft: true  # remove this line to publish\n---\n\n"
        "Write the message here.\n"
    )
    folder.mkdir(parents=True, exist_ok=True)
    target.write_text(front_matter, encoding="utf-8")
    print(f"Created {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
