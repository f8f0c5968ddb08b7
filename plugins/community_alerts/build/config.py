"""Options of the `alerts` plugin: one group per step, each with `enabled`.

A wrong value is refused by its option, so MkDocs prints its own error naming the
option ("Config value 'plugins': Plugin 'alerts' option 'feeds': ...").
"""

from __future__ import annotations

from collections.abc import Callable

from mkdocs.config import base
from mkdocs.config import config_options as c

from ..core.item import CATEGORIES, COUNTY_WIDE, DEFAULT_AREAS
from ..render.cap import (
    CAP_CERTAINTIES,
    DEFAULT_INSTRUCTION_HEADINGS,
    polygon_problem,
    sender_problem,
)
from ..render.email import GMAIL_CLIP_BYTES
from ..render.feeds import SCOPE_KINDS, TAG_DATE
from ..render.sms import SMS_LIMIT
from ..render.subscribe import district_problem, email_address_problem


class Number(c.Type):
    """A whole number from `minimum` to `maximum`."""

    def __init__(self, default: int, minimum: int, maximum: int | None = None) -> None:
        super().__init__(int, default=default)
        self.minimum, self.maximum = minimum, maximum

    def run_validation(self, value: object) -> int:
        number = super().run_validation(value)
        if number < self.minimum:
            raise base.ValidationError(f"must be at least {self.minimum}, e.g. {self.default}")
        if self.maximum is not None and number > self.maximum:
            raise base.ValidationError(f"must be at most {self.maximum}, e.g. {self.default}")
        return number


class Checked(c.Type):
    """Text that `problem` finds nothing wrong with (it returns why, or None)."""

    def __init__(self, problem: Callable[[str], str | None], **kwargs: object) -> None:
        super().__init__(str, **kwargs)
        self.problem = problem

    def run_validation(self, value: object) -> str:
        text = super().run_validation(value)
        if (problem := self.problem(text)) is not None:
            raise base.ValidationError(problem)
        return text


def _language_problem(text: str) -> str | None:
    if len(text) == 2 and text.isascii() and text.isalpha() and text.islower():
        return None
    return f"{text!r} is not a two-letter ISO 639-1 code; write one, e.g. language: en"


def _tag_date_problem(text: str) -> str | None:
    if TAG_DATE.fullmatch(text):
        return None
    return f"{text!r} is not a year; write one in quotes, e.g. guid_tag_date: '2024'"


class Areas(c.DictOfItems):
    """Area slug -> the name readers see; 'county-wide' is every message's default area."""

    def __init__(self) -> None:
        super().__init__(c.Type(str), default=dict(DEFAULT_AREAS))

    def run_validation(self, value: object) -> dict[str, str]:
        areas = super().run_validation(value)
        if COUNTY_WIDE not in areas:
            raise base.ValidationError(
                f"must include '{COUNTY_WIDE}', the default area of "
                f"every message, e.g. {COUNTY_WIDE}: County-wide"
            )
        return areas


class Categories(c.DictOfItems):
    """Category -> a CAP certainty."""

    def __init__(self) -> None:
        super().__init__(c.Choice(CAP_CERTAINTIES), default={})

    def run_validation(self, value: object) -> dict[str, str]:
        chosen = super().run_validation(value)
        unknown = [name for name in chosen if name not in CATEGORIES]
        if unknown:
            raise base.ValidationError(
                f"names '{unknown[0]}', which is not a category; use one of {', '.join(CATEGORIES)}"
            )
        return chosen


class SenderOptions(base.Config):
    name = c.Type(str, default="")
    role = c.Type(str, default="")
    organisation = c.Type(str, default="Cambridgeshire Constabulary")


class ContentOptions(base.Config):
    # Area slug -> the name readers see. Front matter `areas` must use these slugs.
    areas = Areas()
    # An alert without `expires` stops being current this many days after its date.
    alert_lifetime_days = Number(14, minimum=1)
    # "Message sent by" when a message has no `sender`.
    default_sender = c.SubConfig(SenderOptions)


class PagesOptions(base.Config):
    # The theme template (in overrides/) each message page is rendered with.
    template = c.Type(str, default="item.html")


class ListingsOptions(base.Config):
    enabled = c.Type(bool, default=True)
    # Messages on each page of a section or area listing. Twenty, as GOV.UK lists: half
    # the pages of ten to click through, and to build (an archive of 1,000 has 170, not 330).
    per_page = Number(20, minimum=1)
    # Messages of each section shown on the home page, under the current alerts.
    home_latest = Number(5, minimum=0)


class FeedsOptions(base.Config):
    enabled = c.Type(bool, default=True)
    # Which feeds to write: the whole site, each section, each configured area, each alert
    # category, the warnings and urgent alerts (site-wide and each area's), the current alerts.
    scopes = c.ListOfItems(c.Choice(SCOPE_KINDS), default=list(SCOPE_KINDS))
    # The newest messages each feed holds.
    entry_limit = Number(50, minimum=1)
    # How long a feed reader may keep an RSS feed before fetching it again. Short, because
    # an urgent alert should not wait hours to be seen.
    ttl_minutes = Number(15, minimum=1)
    # The whole message in each entry; false for the summary and a link only.
    full_content = c.Type(bool, default=True)
    # A JSON Feed 1.1 (feed.json) beside each RSS and Atom feed, with the same entries.
    json_feed = c.Type(bool, default=True)
    # The date in every GUID (a tag URI, RFC 4151: a year on which the site's host name
    # was held). Never change it once feeds are published: every GUID would change and
    # readers would show every message again.
    guid_tag_date = Checked(_tag_date_problem, default="2024")


class EmailOptions(base.Config):
    enabled = c.Type(bool, default=True)
    # The mailing service's merge tag for each reader's unsubscribe address, written into
    # the email as it is: GOV.UK Notify "((unsubscribe_link))", Mailchimp "*|UNSUB|*".
    unsubscribe_placeholder = c.Type(str, default="((unsubscribe_link))")
    # "How to report" in every email's footer; web addresses in it become links.
    report_text = c.Type(
        str,
        default="Report a crime or pass on information online at "
        "https://www.cambs.police.uk/report or call 101. In an emergency, always call 999.",
    )
    # An email's HTML larger than this many bytes is a warning: Gmail clips longer messages.
    size_budget = Number(GMAIL_CLIP_BYTES, minimum=1)
    # Digest emails for the weeks and days that have messages: the county's weekly ones
    # (email/digest/), and each area's weekly and daily ones (email/digest/<area>/,
    # email/daily/<area>/).
    digest = c.Type(bool, default=True)
    # How many weeks of digests, counted back from the build's week (London time), this
    # week included: older weeks were sent when they were new.
    digest_weeks = Number(8, minimum=1)


class GeocodeOptions(base.Config):
    # CAP's own names: the code system (e.g. "ONS" for a GSS code) and the code.
    valueName = c.Optional(c.Type(str))  # noqa: N815
    value = c.Optional(c.Type(str))

    def validate(self):
        failed, warnings = super().validate()
        if not failed and (self["valueName"] is None) != (self["value"] is None):
            failed.append(
                (
                    "geocode",
                    base.ValidationError(
                        "a geocode needs both 'valueName' (e.g. ONS) and 'value' (e.g. E07000008)"
                    ),
                )
            )
        return failed, warnings


class AreaGeometryOptions(base.Config):
    # "lat,lon lat,lon ...", at least four points, the first repeated last (WGS 84).
    polygon = c.Optional(Checked(polygon_problem))
    geocode = c.SubConfig(GeocodeOptions)


class CapOptions(base.Config):
    enabled = c.Type(bool, default=True)
    # CAP <sender>: who sends the alerts, unique to the force. Default: site_url's host name.
    sender = c.Optional(Checked(sender_problem))
    # Put before each message's id to make its CAP <identifier>, e.g. "cambs-".
    identifier_prefix = c.Type(str, default="")
    # A body section under one of these headings becomes CAP's <instruction>.
    instruction_headings = c.ListOfItems(c.Type(str), default=list(DEFAULT_INSTRUCTION_HEADINGS))
    # Category -> CAP <certainty> when not "Observed", e.g. {appeal: Likely}.
    certainty_by_category = Categories()
    # Area slug -> where it is, for receivers that map alerts. Optional.
    area_geometry = c.DictOfItems(c.SubConfig(AreaGeometryOptions), default={})
    # The <areaDesc> of county-wide alerts: "County-wide" means nothing to a receiver.
    county_wide_name = c.Type(str, default="Cambridgeshire")
    # The date in each index entry's tag URI (RFC 4151): a year the site's host name was
    # held. Never change it once published, or every entry looks new.
    guid_tag_date = Checked(_tag_date_problem, default="2024")


class CalendarOptions(base.Config):
    enabled = c.Type(bool, default=True)
    # How long an event lasts in a calendar when its message gives a start time but no end.
    default_duration_minutes = Number(60, minimum=1)


class SmsOptions(base.Config):
    enabled = c.Type(bool, default=True)
    # Characters in one text message: 160 GSM-7 characters make a single SMS.
    limit = Number(SMS_LIMIT, minimum=1, maximum=SMS_LIMIT)
    # What a county-wide alert's text calls its area.
    county_wide_name = c.Type(str, default="Cambridgeshire")


class SearchOptions(base.Config):
    enabled = c.Type(bool, default=True)
    # Section and area filters on the search page (the pages carry them either way).
    filters = c.Type(bool, default=True)
    # The language of every page, as an ISO 639-1 code: one index, stemmed for that language.
    language = Checked(_language_problem, default="en")
    # Seconds Pagefind may take before the build is stopped.
    timeout = Number(600, minimum=1)


class District(Checked):
    """A postcode district ("PE15"), written in any case; kept in capitals."""

    def __init__(self) -> None:
        super().__init__(district_problem)

    def run_validation(self, value: object) -> str:
        return super().run_validation(value.strip().upper() if isinstance(value, str) else value)


class SubscribeOptions(base.Config):
    enabled = c.Type(bool, default=True)
    # Where readers write to get the alerts by email; shown on the subscribe page.
    signup_email = Checked(email_address_problem, default="alerts@cambs.police.uk")
    # Area slug -> the postcode districts it covers, for the subscribe page's postcode
    # finder, e.g. {fenland: [PE13, PE14, PE15, PE16]}; a district may be in two areas.
    # Default: Cambridgeshire's and Peterborough's districts for the default areas
    # (render/subscribe.py).
    districts = c.Optional(c.DictOfItems(c.ListOfItems(District(), default=[])))


class AlertsConfig(base.Config):
    enabled = c.Type(bool, default=True)
    # Keep what each step made between builds (.cache/plugin/alerts/), by a hash of its
    # inputs: an unchanged message costs nothing on the next build.
    cache = c.Type(bool, default=True)
    content = c.SubConfig(ContentOptions)
    pages = c.SubConfig(PagesOptions)
    listings = c.SubConfig(ListingsOptions)
    feeds = c.SubConfig(FeedsOptions)
    email = c.SubConfig(EmailOptions)
    cap = c.SubConfig(CapOptions)
    calendar = c.SubConfig(CalendarOptions)
    sms = c.SubConfig(SmsOptions)
    search = c.SubConfig(SearchOptions)
    subscribe = c.SubConfig(SubscribeOptions)

    def validate(self):
        failed, warnings = super().validate()
        if not failed:
            areas, mapped = self["content"]["areas"], self["cap"]["area_geometry"]
            unknown = sorted(set(mapped) - set(areas))
            if unknown:
                failed.append(
                    (
                        "cap",
                        base.ValidationError(
                            f"'area_geometry' names {', '.join(unknown)}, not a configured area; "
                            f"use one of {', '.join(areas)}"
                        ),
                    )
                )
            unknown = sorted(set(self["subscribe"]["districts"] or {}) - set(areas))
            if unknown:
                failed.append(
                    (
                        "subscribe",
                        base.ValidationError(
                            f"'districts' names {', '.join(unknown)}, not a configured area; "
                            f"use one of {', '.join(areas)}"
                        ),
                    )
                )
        return failed, warnings
