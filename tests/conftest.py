"""Shared fixtures."""

from pathlib import Path

import pytest
from sitebuild import FixtureSite


@pytest.fixture
def fixture_site(tmp_path: Path) -> FixtureSite:
    return FixtureSite(tmp_path)


@pytest.fixture(scope="session")
def browser():
    """One headless Chromium for the whole session."""
    from browser import CHROMIUM_ARGS, chromium_path

    executable = chromium_path()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield launched
        launched.close()
