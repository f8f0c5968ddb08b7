"""The `alerts` plugin's options: a wrong value is refused by the option itself, so MkDocs
prints its own error naming the option, with what to write instead."""

from __future__ import annotations

import pytest
from community_alerts.build.config import AlertsConfig


def problems(options: dict) -> list[str]:
    config = AlertsConfig()
    config.load_dict(options)
    failed, _ = config.validate()
    return [f"{key}: {error}" for key, error in failed]


def test_the_defaults_are_valid():
    assert problems({}) == []


@pytest.mark.parametrize(
    ("options", "expected"),
    [
        ({"listings": {"per_page": 0}}, "Sub-option 'per_page': must be at least 1, e.g. 20"),
        ({"listings": {"home_latest": -1}}, "Sub-option 'home_latest': must be at least 0"),
        (
            {"feeds": {"entry_limit": "ten"}},
            "Sub-option 'entry_limit': Expected type: <class 'int'>",
        ),
        ({"feeds": {"guid_tag_date": "twenty"}}, "'twenty' is not a year; write one in quotes"),
        ({"feeds": {"scopes": ["site", "streets"]}}, "Sub-option 'scopes'"),
        ({"content": {"areas": {"ely": "Ely"}}}, "must include 'county-wide'"),
        (
            {"content": {"alert_lifetime_days": 0}},
            "Sub-option 'alert_lifetime_days': must be at least 1",
        ),
        ({"email": {"size_budget": 0}}, "Sub-option 'size_budget': must be at least 1"),
        ({"email": {"digest_weeks": 0}}, "Sub-option 'digest_weeks': must be at least 1, e.g. 8"),
        ({"cap": {"sender": "police alerts"}}, "'police alerts' is not a CAP sender"),
        (
            {"cap": {"certainty_by_category": {"frod": "Likely"}}},
            "names 'frod', which is not a category",
        ),
        (
            {"cap": {"certainty_by_category": {"fraud": "Sure"}}},
            "Sub-option 'certainty_by_category'",
        ),
        ({"cap": {"area_geometry": {"fenland": {"polygon": "52,0"}}}}, "is not a CAP polygon"),
        (
            {"cap": {"area_geometry": {"fenland": {"geocode": {"value": "E07000010"}}}}},
            "a geocode needs both 'valueName'",
        ),
        ({"calendar": {"default_duration_minutes": 0}}, "must be at least 1"),
        ({"sms": {"limit": 200}}, "Sub-option 'limit': must be at most 160"),
        ({"search": {"language": "english"}}, "'english' is not a two-letter ISO 639-1 code"),
        ({"search": {"timeout": 0}}, "Sub-option 'timeout': must be at least 1"),
        (
            {"cap": {"area_geometry": {"ely": {"polygon": "52,0 53,0 53,1 52,0"}}}},
            "'area_geometry' names ely, not a configured area; use one of cambridge,",
        ),
        (
            {"subscribe": {"districts": {"ely": ["CB6"]}}},
            "'districts' names ely, not a configured area; use one of cambridge,",
        ),
        (
            {"subscribe": {"districts": {"fenland": ["PE15 8AB"]}}},
            "'PE15 8AB' is not a postcode district; write the first part of a postcode, "
            "in capitals, e.g. PE15",
        ),
        ({"subscribe": {"districts": {"fenland": "PE15"}}}, "Sub-option 'districts'"),
        ({"subscribe": {"signup_email": "alerts"}}, "'alerts' is not an email address"),
    ],
)
def test_a_wrong_value_names_the_option_and_what_to_write(options, expected):
    [found] = problems(options)
    assert expected in found, found
    assert found.startswith(next(iter(options)) + ": ")


def test_districts_are_kept_in_capitals_whatever_their_case():
    config = AlertsConfig()
    config.load_dict({"subscribe": {"districts": {"fenland": ["pe15", " Pe16 "]}}})
    assert config.validate()[0] == []
    assert config["subscribe"]["districts"] == {"fenland": ["PE15", "PE16"]}
