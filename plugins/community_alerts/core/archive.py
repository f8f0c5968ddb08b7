"""All published messages, sorted once, with the views the site needs."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cached_property

from .dates import LONDON, day_for_readers, for_staff
from .item import CATEGORIES, SECTIONS, SEVERITIES, Item, Settings
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
        """Unexpired alerts, newest first, leaving out withdrawn chains (a withdrawal may
        name any message of a chain; it withdraws the whole chain) and alerts that a newer
        message replaced."""
        return tuple(
            item
            for item in self.section("alerts")
            if not item.is_expired(self.now)
            and self._chain_of[item.id] not in self._withdrawal_of
            and self.successor_of(item) is None
        )

    @cached_property
    def current_alerts_by_severity(self) -> tuple[Item, ...]:
        """The current alerts as the home page lists them: most severe first, then newest."""
        rank = {severity: n for n, severity in enumerate(SEVERITIES)}
        return tuple(sorted(self.current_alerts, key=lambda item: -rank[item.severity]))

    @cached_property
    def _chain_of(self) -> dict[str, str]:
        """Each published message's chain: the id of the first alert it updates or
        withdraws, through any updates between (its own id when it replaces none)."""
        by_id = self._published_by_id
        chains: dict[str, str] = {}
        for item in self.published:
            first, seen = item, {item.id}
            while first.supersedes in by_id and first.supersedes not in seen:
                first = by_id[first.supersedes]
                seen.add(first.id)
            chains[item.id] = first.id
        return chains

    @cached_property
    def _newest_in_chain(self) -> dict[str, Item]:
        # Published newest first, so the first message met of each chain is its newest.
        newest: dict[str, Item] = {}
        for item in self.published:
            newest.setdefault(self._chain_of[item.id], item)
        return newest

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

    def first_of_chain(self, item: Item) -> Item:
        """The first alert of a published message's chain of updates (itself if none)."""
        return self._published_by_id[self._chain_of[item.id]]

    def newest_of_chain(self, item: Item) -> Item:
        """The newest published message of a published message's chain."""
        return self._newest_in_chain[self._chain_of[item.id]]

    def successor_of(self, item: Item) -> Item | None:
        """The published update or withdrawal that replaced this alert, if any: in a
        withdrawn chain, the withdrawal (whichever message it named); else the update that
        names this one, or the newest message of its chain."""
        chain = self._chain_of.get(item.id)
        withdrawal = self._withdrawal_of.get(chain) if chain is not None else None
        if withdrawal is not None and withdrawal is not item and withdrawal.date > item.date:
            return withdrawal
        direct = self._successors.get(item.id)
        if direct is not None or chain is None:
            return direct
        newest = self._newest_in_chain[chain]
        return None if newest is item or newest.date <= item.date else newest

    @cached_property
    def _withdrawal_of(self) -> dict[str, Item]:
        """Each withdrawn chain's newest withdrawal."""
        withdrawals: dict[str, Item] = {}
        for item in self.published:  # newest first
            if item.status == "cancel":
                withdrawals.setdefault(self._chain_of[item.id], item)
        return withdrawals

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
                "is still right, then set a new review_by date (a reminder: it does not stop the "
                "build).",
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


def publication_summary(archive: Archive) -> str:
    """One line: how many messages are published, and what is held back and until when."""
    published = len(archive.published)
    drafts = [item for item in archive.unpublished if item.draft]
    scheduled = sorted(
        (item for item in archive.unpublished if not item.draft),
        key=lambda item: (item.date, item.source_path),
    )
    held = []
    if drafts:
        held.append(f"{len(drafts)} draft{'s' * (len(drafts) != 1)}")
    if scheduled:
        times = "; ".join(
            f"{item.source_path} at {for_staff(item.date, item.date_day_only)}"
            for item in scheduled
        )
        held.append(f"{len(scheduled)} scheduled ({times})")
    return f"{published} message{'s' * (published != 1)} published; " + (
        f"held back: {', '.join(held)}." if held else "none held back."
    )


def next_change(archive: Archive) -> dt.datetime | None:
    """The next moment the site changes with time alone: a scheduled message is published,
    an alert expires, or a guide becomes due for review (the day after its review_by)."""
    moments = [item.date for item in archive.unpublished if not item.draft]
    for item in archive.items:
        if item.draft:
            continue
        if item.expires is not None:
            moments.append(item.expires)
        if item.review_by is not None:
            next_day = item.review_by + dt.timedelta(days=1)
            moments.append(dt.datetime.combine(next_day, dt.time(), tzinfo=LONDON))
    return min((moment for moment in moments if moment > archive.now), default=None)
