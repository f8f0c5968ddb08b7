"""What readers are shown for an item: labels, dates in words, states. Shared by every renderer."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from functools import cached_property

from ..cache import Fingerprinted
from ..core.archive import Archive
from ..core.dates import LONDON, day_for_readers, for_readers
from ..core.item import Item, Settings, fingerprints

SECTION_NAMES = {"alerts": "Alerts", "court-news": "Court news", "guides": "Guides"}
SECTION_SINGULAR = {"alerts": "Alert", "court-news": "Court news", "guides": "Guide"}
# Each severity carries a title word and a sentence, so its meaning never rests on colour.
SEVERITY_WORDS = {
    "info": ("Information", "For your information."),
    "advisory": ("Advisory", "Be aware and take care."),
    "warning": ("Warning", "Take action to protect yourself and others."),
    "urgent": ("Urgent", "Act on this message now."),
}
CATEGORY_NAMES = {
    "burglary": "Burglary",
    "fraud": "Fraud and scams",
    "theft": "Theft",
    "appeal": "Appeal",
    "road-safety": "Road safety",
    "safeguarding": "Safeguarding",
    "community": "Community",
    "other": "Other",
}


@dataclass(frozen=True)
class Area:
    slug: str
    name: str
    url: str


@dataclass(frozen=True)
class ItemView(Fingerprinted):
    """An item as a reader meets it at `now`."""

    item: Item
    now: dt.datetime
    settings: Settings
    successor: Item | None = None  # the update or withdrawal that replaced this alert
    earlier: tuple[Item, ...] = ()  # the messages this one replaced, nearest first

    def __getattr__(self, name: str):
        # Templates read the item's own fields straight through the view. Special names are
        # the view's own: pickle (the email worker) asks for them before `item` is set.
        if name.startswith("__") or name == "item":
            raise AttributeError(name)
        return getattr(self.item, name)

    @property
    def section_name(self) -> str:
        return SECTION_SINGULAR[self.item.section]

    @property
    def date_text(self) -> str:
        return for_readers(self.item.date, self.item.date_day_only)

    @property
    def updated_text(self) -> str:
        updated = self.item.updated
        return for_readers(updated, self.item.updated_day_only) if updated else ""

    @property
    def expires_text(self) -> str:
        expires = self.item.expires
        return for_readers(expires, self.item.expires_day_only) if expires else ""

    @cached_property
    def areas_named(self) -> tuple[Area, ...]:
        return tuple(area_of(slug, self.settings) for slug in self.item.areas)

    @property
    def severity_word(self) -> str:
        return SEVERITY_WORDS[self.item.severity][0]

    @property
    def severity_hint(self) -> str:
        return SEVERITY_WORDS[self.item.severity][1]

    @property
    def is_current(self) -> bool:
        """An alert that is still in force: unexpired, not replaced, not a withdrawal."""
        return (
            self.item.is_current_alert(self.now)
            and self.successor is None
            and self.item.status != "cancel"
        )

    @property
    def is_withdrawn(self) -> bool:
        """A withdrawal, or an alert a withdrawal replaced: nothing to act on any more."""
        return self.item.status == "cancel" or (
            self.successor is not None and self.successor.status == "cancel"
        )

    @property
    def category_name(self) -> str:
        return CATEGORY_NAMES.get(self.item.category or "", "")

    @property
    def category_url(self) -> str:
        return category_url(self.item.category) if self.item.category else ""

    @property
    def is_alert(self) -> bool:
        return self.item.section == "alerts"

    @property
    def expired(self) -> bool:
        return self.is_alert and self.item.is_expired(self.now)

    @property
    def review_due(self) -> bool:
        return self.item.needs_review(self.now)

    @cached_property
    def fingerprint(self) -> str:
        """For a cache key: what the view shows, never the moment it was made at (`now`)."""
        return hashlib.sha256(repr((self.shown, self.settings.fingerprint)).encode()).hexdigest()

    @property
    def shown(self) -> tuple:
        """What the view shows, for a cache key: the item, what replaced it and what it
        replaced, and each state that depends on "now"."""
        return (
            self.item.fingerprint,
            fingerprints(self.successor, *self.earlier),
            self.expired,
            self.review_due,
            self.item.date > self.now,
        )

    @property
    def review_text(self) -> str:
        return day_for_readers(self.item.review_by) if self.item.review_by else ""

    @property
    def preview_note(self) -> str:
        """Why this item would not be published, for previews; empty when it is published."""
        if self.item.draft:
            return "Draft: this message is not published."
        if self.item.date > self.now:
            return f"Scheduled: this message will be published on {self.date_text}."
        return ""

    @property
    def event_text(self) -> str:
        """When the event happens, e.g. "Thursday 3 December 2026, 10:00 to 12:00"."""
        event = self.item.event
        if event is None:
            return ""
        start = for_readers(event.start, event.start_day_only)
        if event.end is None:
            return start
        start_day = event.start.astimezone(LONDON).date()
        if event.end.astimezone(LONDON).date() == start_day and not event.start_day_only:
            return f"{start} to {event.end.astimezone(LONDON):%H:%M}"
        return f"{start} to {for_readers(event.end, event.end_day_only)}"

    @property
    def noun(self) -> str:
        """What readers call this message: "appeal", "warning" or "alert"."""
        if self.item.category == "appeal":
            return "appeal"
        return "warning" if self.item.severity in ("warning", "urgent") else "alert"

    @property
    def status_word(self) -> str:
        """ "Update" or "Withdrawn" for a lifecycle message, else empty."""
        return {"update": "Update", "cancel": "Withdrawn"}.get(self.item.status, "")

    @property
    def replaced_note(self) -> str:
        """For a replaced alert: "This appeal was updated on ..." or "... withdrawn on ..."."""
        if self.successor is None:
            return ""
        change = "withdrawn" if self.successor.status == "cancel" else "updated"
        when = for_readers(self.successor.date, self.successor.date_day_only)
        return f"This {self.noun} was {change} on {when}."

    @property
    def change_note(self) -> str:
        """For an update or withdrawal: what it does to the earlier alert."""
        if self.item.status == "update":
            return "This message updates an earlier alert."
        if self.item.status == "cancel":
            return "This message withdraws an earlier alert: it no longer applies."
        return ""

    def case_area(self, slug: str | None) -> Area | None:
        return area_of(slug, self.settings) if slug else None


def view_of(item: Item, archive: Archive) -> ItemView:
    """The view of an item with its place in the archive (what replaced it, what it replaced)."""
    return ItemView(
        item, archive.now, archive.settings, archive.successor_of(item), archive.earlier_of(item)
    )


def category_url(category: str) -> str:
    """The listing of an alert category, relative to the site root."""
    return f"categories/{category}/"


def area_of(slug: str, settings: Settings) -> Area:
    return Area(slug, settings.areas[slug], f"areas/{slug}/")
