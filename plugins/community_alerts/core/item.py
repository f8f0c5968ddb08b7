"""The normalised message: what every renderer works from."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from ..cache import Fingerprinted
from .dates import LONDON

SECTIONS = ("alerts", "court-news", "guides")
CATEGORIES = (
    "burglary",
    "fraud",
    "theft",
    "appeal",
    "road-safety",
    "safeguarding",
    "community",
    "other",
)
SEVERITIES = ("info", "advisory", "warning", "urgent")
# An alert's place in its lifecycle: the first message, an update, or a withdrawal.
STATUSES = ("actual", "update", "cancel")

DEFAULT_AREAS = {
    "cambridge": "Cambridge",
    "south-cambridgeshire": "South Cambridgeshire",
    "east-cambridgeshire": "East Cambridgeshire",
    "fenland": "Fenland",
    "huntingdonshire": "Huntingdonshire",
    "peterborough": "Peterborough",
    "county-wide": "County-wide",
}
COUNTY_WIDE = "county-wide"


@dataclass(frozen=True)
class Sender:
    name: str = ""
    role: str = ""
    organisation: str = ""


@dataclass(frozen=True)
class Case:
    """One court case in a court-news digest."""

    headline: str
    url: str
    summary: str = ""
    area: str | None = None


@dataclass(frozen=True)
class Event:
    """A workshop, surgery or meeting that readers may want in their calendar."""

    start: dt.datetime
    start_day_only: bool = False
    end: dt.datetime | None = None
    end_day_only: bool = False
    location: str = ""
    online: str = ""  # an https URL


@dataclass(frozen=True)
class Settings(Fingerprinted):
    """What the content model needs from the site's configuration."""

    areas: dict[str, str] = field(default_factory=lambda: dict(DEFAULT_AREAS))
    alert_lifetime_days: int = 14
    default_sender: Sender = Sender(organisation="Cambridgeshire Constabulary")


@dataclass(frozen=True)
class Item(Fingerprinted):
    """One published or publishable message, every value normalised.

    Dates are aware datetimes; `*_day_only` records that the writer gave a
    date without a time. `url` is relative to the site root.
    """

    source_path: str  # under the content folder, e.g. "alerts/2024/x.md"
    source_hash: str
    section: str
    id: str
    url: str
    title: str
    date: dt.datetime
    date_day_only: bool
    summary: str
    body: str  # Markdown
    areas: tuple[str, ...]
    tags: tuple[str, ...] = ()
    draft: bool = False
    updated: dt.datetime | None = None
    updated_day_only: bool = False
    sender: Sender = Sender()
    image: str | None = None  # path under the content folder
    image_alt: str = ""
    event: Event | None = None
    # alerts
    category: str | None = None
    severity: str = "info"
    expires: dt.datetime | None = None
    expires_day_only: bool = False
    crime_refs: tuple[str, ...] = ()
    status: str = "actual"
    supersedes: str | None = None  # the id of the alert this one updates or withdraws
    # court news
    cases: tuple[Case, ...] = ()
    # guides
    topics: tuple[str, ...] = ()
    review_by: dt.date | None = None

    @property
    def last_changed(self) -> dt.datetime:
        return self.updated or self.date

    def is_published(self, now: dt.datetime) -> bool:
        return not self.draft and self.date <= now

    def is_expired(self, now: dt.datetime) -> bool:
        return self.expires is not None and self.expires <= now

    def is_current_alert(self, now: dt.datetime) -> bool:
        return self.section == "alerts" and self.is_published(now) and not self.is_expired(now)

    def needs_review(self, now: dt.datetime) -> bool:
        return self.review_by is not None and self.review_by < now.astimezone(LONDON).date()

    def concerns(self, area: str) -> bool:
        """County-wide messages concern every area."""
        return area in self.areas or COUNTY_WIDE in self.areas


def fingerprints(*items: Item | None) -> list[str | None]:
    """The items' fingerprints for a cache key; None stands for no item."""
    return [item.fingerprint if item is not None else None for item in items]
