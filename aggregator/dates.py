"""Event dates and times from structured values and German/English text."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time

from aggregator.timezones import zone_for


@dataclass(frozen=True)
class When:
    start: datetime | date
    end: datetime | date | None
    all_day: bool


def parse_datetime(value: str, tz: str = "Europe/Berlin") -> datetime | date | None:
    value = value.strip()
    zone = zone_for(tz)
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            return date.fromisoformat(value)
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    if parsed.tzinfo is None:
        return parsed.replace(tzinfo=zone)
    return parsed.astimezone(zone)


_NUMERIC = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})(?:\D+(\d{1,2})[:.](\d{2}))?")


def parse_when(text: str, tz: str = "Europe/Berlin", reference: date | None = None) -> When | None:
    match = _NUMERIC.search(text)
    if not match:
        return None
    day, month, year = int(match.group(1)), int(match.group(2)), int(match.group(3))
    try:
        day_value = date(year, month, day)
    except ValueError:
        return None
    if match.group(4):
        start = datetime.combine(day_value, time(int(match.group(4)), int(match.group(5))))
        return When(start.replace(tzinfo=zone_for(tz)), None, False)
    return When(day_value, day_value, True)


def to_iso(value: datetime | date) -> str:
    if isinstance(value, datetime):
        return value.isoformat(timespec="seconds")
    return value.isoformat()
