"""The subscribe page, `subscribe/`: every way to get alerts (feeds of the site, each
section, category and area, urgent only among them; the email sign-up address) and a
postcode finder that takes a reader to their area's page.

A generated page (never a file in content/, which holds messages and fixed pages only),
rendered with the theme template `subscribe.html` (overrides/) from `render.subscribe`.
"""

from __future__ import annotations

from typing import Any

from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from ...render.subscribe import SubscribePage, subscribe_page
from ..build import Build, Step, add_page, add_to_nav
from ..config import FeedsOptions, SubscribeOptions

PAGE_SOURCE = "subscribe.md"
PAGE_TEMPLATE = "subscribe.html"


class SubscribeStep(Step):
    def __init__(self, options: SubscribeOptions, feeds: FeedsOptions) -> None:
        self.options = options
        self.feed_scopes = list(feeds.scopes) if feeds.enabled else []
        self.json_feed = feeds.json_feed
        self.page: SubscribePage | None = None

    def files(self, build: Build, files: Files) -> None:
        self.page = subscribe_page(
            build.archive.settings,
            self.options.districts,
            self.options.signup_email,
            self.feed_scopes,
            self.json_feed,
        )
        add_page(build, files, PAGE_SOURCE, PAGE_TEMPLATE, "Subscribe")

    def nav(self, build: Build, nav: Navigation, files: Files) -> None:
        add_to_nav(nav, files, PAGE_SOURCE)

    def page_context(self, build: Build, page: Page, context: dict[str, Any]) -> None:
        if page.file.src_uri == PAGE_SOURCE:
            context["subscribe"] = self.page
