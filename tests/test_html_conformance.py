"""The W3C Nu HTML checker finds no error on any kind of page or email of the built sample
site (Material's own markup included, fixed in overrides/). All files go to one run of the
checker (one JVM start); each kind is its own test, emails apart from pages."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
from samplesite import PAGE_KINDS, SampleSite, site  # noqa: F401 (fixture)
from vnu import html_errors

# Beyond the kinds every browser test visits (samplesite.PAGE_KINDS).
MORE_PAGE_KINDS = [
    "area listing page 2",
    "category listing",
    "alert with a picture",
    "alert with crime references",
    "emails index",
]
EMAIL_KINDS = ["alert email", "court-news email", "guide email", "weekly digest", "daily digest"]
# A page the checker must fault, so that a run that checks nothing cannot pass.
KNOWN_BAD = (
    '<!DOCTYPE html><html lang="en"><title>t</title><input type="checkbox" autocomplete="off">'
)


@dataclass
class Checked:
    paths: dict[str, Path]  # kind -> its file
    errors: dict[Path, list[str]]

    def errors_of(self, kind: str) -> list[str]:
        return self.errors[self.paths[kind].resolve()]


def _first(paths) -> Path | None:
    return next(iter(sorted(paths)), None)


def _kinds(site: SampleSite) -> dict[str, Path | None]:
    root = site.root

    def file(path: str) -> Path:
        return root / (path + "index.html" if path.endswith("/") or not path else path)

    def alert_with(marker: str) -> Path:
        found = [p for p in site.item_paths() if p.startswith("alerts/") and marker in site.html(p)]
        assert found, f"no sample alert has {marker}"
        return file(found[0])

    paths: dict[str, Path | None] = {kind: file(site.pages[kind]) for kind in PAGE_KINDS}
    paths["area listing page 2"] = _first(root.glob("areas/*/page/2/index.html"))
    paths["category listing"] = _first(root.glob("categories/*/index.html"))
    paths["alert with a picture"] = alert_with('<figure class="ca-figure">')
    paths["alert with crime references"] = alert_with('<div class="ca-refs">')
    paths["emails index"] = root / "email/index.html"
    paths["alert email"] = file(site.pages["urgent alert"] + "email.html")
    paths["court-news email"] = file(site.pages["court-news digest"] + "email.html")
    paths["guide email"] = file(site.pages["guide"] + "email.html")
    paths["weekly digest"] = _first(root.glob("email/digest/**/*.html"))
    paths["daily digest"] = _first(root.glob("email/daily/**/*.html"))
    for kind in ("area listing page 2", "category listing", "weekly digest", "daily digest"):
        assert paths[kind] is not None, f"the sample site (at its fixed now) has no {kind}"
    return paths


@pytest.fixture(scope="module")
def checked(site, tmp_path_factory) -> Checked:  # noqa: F811 (the fixture imported above)
    paths = _kinds(site)
    known_bad = tmp_path_factory.mktemp("vnu") / "known-bad.html"
    known_bad.write_text(KNOWN_BAD, encoding="utf-8")
    files = sorted({path for path in paths.values() if path is not None}) + [known_bad]
    errors = html_errors(files)
    assert any("autocomplete" in error for error in errors[known_bad.resolve()]), (
        "the checker found nothing wrong with a page it must fault: is it checking at all?"
    )
    return Checked(paths, errors)


@pytest.mark.parametrize("kind", PAGE_KINDS + MORE_PAGE_KINDS)
def test_page_has_no_html_error(checked, kind):
    errors = checked.errors_of(kind)
    assert errors == [], f"{kind} ({checked.paths[kind]}):\n" + "\n".join(errors)


@pytest.mark.parametrize("kind", EMAIL_KINDS)
def test_email_has_no_html_error(checked, kind):
    errors = checked.errors_of(kind)
    assert errors == [], f"{kind} ({checked.paths[kind]}):\n" + "\n".join(errors)
