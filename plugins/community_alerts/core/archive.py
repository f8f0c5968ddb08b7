"""All published messages, sorted once, with the views the site needs."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cached_property

from .dates import day_for_readers
from .item import CATEGORIES, SECTIONS, Item, Settings
from .problems import Problem

# The severities of the "urgent" streams: alerts that ask readers to act.
URGENT_SEVERITIES = ("warning", "urgent")


def newest_first(items: list[Item] | tuple[Item, ...]) -> tuple[Item, ...]:
    """Newest first by full date and time; the id breaks ties so order never varies."""
    return tuple(sorted(items, key=lambda item: (item.date, item.id), reverse=True))


@dataclass(frozen=True)
class Archive:
    """Every valid message, and what is published as of `now`."""

    items: tuple[Item, ...]
    now: dt.datetime
    settings: Settings

    @cached_property
    def published(self) -> tuple[Item, ...]:
        return newest_first([item for item in self.items if item.is_published(self.now)])

    @cached_property
    def unpublished(self) -> tuple[Item, ...]:
        """Drafts and messages dated in the future: never in a published build."""
        return newest_first([item for item in self.items if not item.is_published(self.now)])

    @cached_property
    def by_source(self) -> dict[str, Item]:
        return {item.source_path: item for item in self.items}

    @cached_property
    def _sections(self) -> dict[str, tuple[Item, ...]]:
        return {
            section: tuple(item for item in self.published if item.section == section)
            for section in SECTIONS
        }

    def section(self, name: str) -> tuple[Item, ...]:
        return self._sections[name]

    @cached_property
    def _areas(self) -> dict[str, tuple[Item, ...]]:
        return {
            area: tuple(item for item in self.published if item.concerns(area))
            for area in self.settings.areas
        }

    def area(self, slug: str) -> tuple[Item, ...]:
        """Every published message for an area, county-wide ones included, expired included."""
        return self._areas[slug]

    @cached_property
    def current_alerts(self) -> tuple[Item, ...]:
        """Unexpired alerts, leaving out withdrawals and alerts that a newer message replaced."""
        return tuple(
            item
            for item in self.section("alerts")
            if not item.is_expired(self.now)
            and item.status != "cancel"
            and self.successor_of(item) is None
        )

    @cached_property
    def _successors(self) -> dict[str, Item]:
        # Published newest first, so the first message found for an id is its newest successor.
        successors: dict[str, Item] = {}
        for item in self.published:
            if item.supersedes is not None:
                successors.setdefault(item.supersedes, item)
        return successors

    @cached_property
    def _published_by_id(self) -> dict[str, Item]:
        return {item.id: item for item in self.published}

    def successor_of(self, item: Item) -> Item | None:
        """The published update or withdrawal that replaced this alert, if any."""
        return self._successors.get(item.id)

    def earlier_of(self, item: Item) -> tuple[Item, ...]:
        """The published messages this one replaced, nearest first."""
        chain = []
        while item.supersedes is not None and (item := self._published_by_id.get(item.supersedes)):
            chain.append(item)
        return tuple(chain)

    def latest_states(self, items: tuple[Item, ...]) -> tuple[Item, ...]:
        """Listings show each chain of messages once: its newest published message."""
        return tuple(item for item in items if self.successor_of(item) is None)

    def review_notices(self) -> list[Problem]:
        """Guides past their review date: information for staff, never a failure."""
        return [
            Problem(
                item.source_path,
                "review_by",
                f"this guide was due for review on {day_for_readers(item.review_by)}; check it "
                "is still right, then set a new review_by date.",
                level="info",
            )
            for item in self.published
            if item.needs_review(self.now)
        ]

    @cached_property
    def _categories(self) -> dict[str, tuple[Item, ...]]:
        found: dict[str, list[Item]] = {category: [] for category in CATEGORIES}
        for item in self.section("alerts"):
            found[item.category].append(item)
        return {category: tuple(items) for category, items in found.items()}

    def category(self, name: str) -> tuple[Item, ...]:
        """Every published alert of a category, newest first, expired and replaced included."""
        return self._categories[name]

    @cached_property
    def urgent_alerts(self) -> tuple[Item, ...]:
        """Published alerts of severity warning or urgent, newest first, expired included."""
        return tuple(item for item in self.section("alerts") if item.severity in URGENT_SEVERITIES)

    @cached_property
    def _urgent_areas(self) -> dict[str, tuple[Item, ...]]:
        return {
            area: tuple(item for item in self.urgent_alerts if item.concerns(area))
            for area in self.settings.areas
        }

    def urgent_in(self, area: str) -> tuple[Item, ...]:
        """The urgent alerts of an area, county-wide ones included."""
        return self._urgent_areas[area]
