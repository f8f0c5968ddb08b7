"""Write a CAP 1.2 file beside each published alert's page, and the CAP index of current alerts.

The files themselves are made by `render.cap`; this plugin only reads the
options and writes the files.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import get_plugin_logger

from ..content.plugin import archive_for
from ..core.item import CATEGORIES
from ..pages.plugin import rendered_bodies
from ..render.cap import (
    AreaGeometry,
    CapSettings,
    cap_files,
    default_sender,
    polygon_problem,
    sender_problem,
)
from ..render.feeds import TAG_DATE
from ..timing import TimedPlugin
from .config import CapConfig

log = get_plugin_logger(__name__)


class CapPlugin(TimedPlugin[CapConfig]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        self.settings: CapSettings | None = None

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        if not self.config.enabled:
            return None
        if not config.site_url:
            raise PluginError("alerts-cap: CAP files need absolute links; set 'site_url' in "
                              "mkdocs.yml, e.g. site_url: https://alerts.example.org/")
        sender = self.config.sender or default_sender(config.site_url)
        problems = [problem for problem in [sender_problem(sender)] if problem]
        problems += [f"'certainty_by_category' names '{category}', which is not a category; "
                     f"use one of {', '.join(CATEGORIES)}."
                     for category in self.config.certainty_by_category
                     if category not in CATEGORIES]
        if not TAG_DATE.fullmatch(self.config.guid_tag_date):
            problems.append(f"'guid_tag_date' is {self.config.guid_tag_date!r}; write a year, "
                            "e.g. guid_tag_date: '2024'.")
        geometry = {}
        for slug, options in self.config.area_geometry.items():
            geometry[slug], area_problems = _area_geometry(slug, options)
            problems += area_problems
        if problems:
            raise PluginError("alerts-cap: " + "\n".join(problems))
        self.settings = CapSettings(
            site_url=config.site_url,
            site_name=config.site_name,
            sender=sender,
            guid_tag_date=self.config.guid_tag_date,
            identifier_prefix=self.config.identifier_prefix,
            instruction_headings=tuple(self.config.instruction_headings),
            certainty_by_category=dict(self.config.certainty_by_category),
            area_geometry=geometry,
            county_wide_name=self.config.county_wide_name,
            markdown_extensions=tuple(config.markdown_extensions),
            markdown_configs=dict(config.mdx_configs),
        )
        return None

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if not self.config.enabled:
            return
        assert self.settings is not None
        archive = archive_for(config)
        unknown = sorted(set(self.settings.area_geometry) - set(archive.settings.areas))
        if unknown:
            raise PluginError(f"alerts-cap: 'area_geometry' names {', '.join(unknown)}, not a "
                              f"configured area; use one of {', '.join(archive.settings.areas)}.")
        files = cap_files(archive, self.settings, rendered_bodies(config))
        for path, data in files.items():
            target = Path(config.site_dir, path)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        log.debug(f"Wrote {len(files)} CAP files.")


def _area_geometry(slug: str, options: dict) -> tuple[AreaGeometry, list[str]]:
    """One area's configured polygon and geocode, and what is wrong with them."""
    polygon, geocode = options["polygon"], options["geocode"]
    problems = []
    if polygon is not None and (problem := polygon_problem(polygon)):
        problems.append(f"area_geometry, {slug}: {problem}")
    if (geocode["valueName"] is None) != (geocode["value"] is None):
        problems.append(f"area_geometry, {slug}: a geocode needs both 'valueName' (e.g. ONS) "
                        "and 'value' (e.g. E07000008).")
    geometry = AreaGeometry(
        polygons=(polygon,) if polygon else (),
        geocodes=((geocode["valueName"], geocode["value"]),) if geocode["value"] else (),
    )
    return geometry, problems
