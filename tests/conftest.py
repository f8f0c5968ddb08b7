"""Shared fixtures."""

from pathlib import Path

import pytest

from sitebuild import FixtureSite


@pytest.fixture
def fixture_site(tmp_path: Path) -> FixtureSite:
    return FixtureSite(tmp_path)
