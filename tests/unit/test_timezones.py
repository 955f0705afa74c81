"""Zone names as sources write them: IANA, Windows, fixed offsets, and garbage."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from aggregator.normalise.timezones import zone_for

SUMMER = datetime(2027, 7, 1, 12)
WINTER = datetime(2027, 1, 15, 12)


def _offsets(name: str | None, default: str = "Europe/Berlin") -> tuple[timedelta, timedelta]:
    zone = zone_for(name, default)
    return SUMMER.replace(tzinfo=zone).utcoffset(), WINTER.replace(tzinfo=zone).utcoffset()


def hours(n: float) -> timedelta:
    return timedelta(hours=n)


@pytest.mark.parametrize(
    ("name", "summer", "winter"),
    [
        ("Europe/Berlin", 2, 1),
        ("europe/berlin", 2, 1),
        (" Europe/Berlin ", 2, 1),
        ("America/New_York", -4, -5),
        ("Asia/Kolkata", 5.5, 5.5),
        ("W. Europe Standard Time", 2, 1),
        ("Romance Standard Time", 2, 1),
        ("GMT Standard Time", 1, 0),
        ("Eastern Standard Time", -4, -5),
        ("UTC", 0, 0),
        ("Z", 0, 0),
        ("GMT", 0, 0),
        ("Etc/UTC", 0, 0),
        ("UTC+0", 0, 0),
        ("UTC+1", 1, 1),
        ("UTC+01:00", 1, 1),
        ("UTC+2", 2, 2),
        ("UTC-5", -5, -5),
        ("UTC+5:30", 5.5, 5.5),
        ("UTC+0530", 5.5, 5.5),
        ("+01:00", 1, 1),
        ("Etc/GMT-1", 1, 1),
    ],
)
def test_known_names(name: str, summer: float, winter: float) -> None:
    assert _offsets(name) == (hours(summer), hours(winter))


@pytest.mark.parametrize(
    "name", [None, "", "   ", "Mitteleuropa", "Europe/Atlantis", "UTC+99", "../x"]
)
def test_unknown_names_fall_back_to_the_default(name: str | None) -> None:
    assert _offsets(name) == (hours(2), hours(1))
    assert _offsets(name, "America/New_York") == (hours(-4), hours(-5))


def test_utc_is_the_standard_utc_object() -> None:
    assert zone_for("Z") is UTC
    assert zone_for("UTC+0") is UTC


def test_iana_names_keep_their_key() -> None:
    assert str(zone_for("europe/berlin")) == "Europe/Berlin"
    assert str(zone_for("W. Europe Standard Time")) == "Europe/Berlin"
