"""Source time zones to tzinfo."""

from __future__ import annotations

import re
from datetime import timedelta, timezone, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError


def zone_for(name: str | None, default: str = "Europe/Berlin") -> tzinfo:
    if not name:
        return ZoneInfo(default)
    match = re.fullmatch(r"UTC([+-]\d{1,2})(?::?(\d{2}))?", name.strip())
    if match:
        hours = int(match.group(1))
        minutes = int(match.group(2) or 0) * (1 if hours >= 0 else -1)
        return timezone(timedelta(hours=hours, minutes=minutes))
    try:
        return ZoneInfo(name.strip())
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo(default)


def zone_name(name: str | None, default: str = "Europe/Berlin") -> str:
    """The zone's name as stored with an event: an IANA key, or ``UTC+01:00`` for a fixed offset."""
    zone = zone_for(name, default)
    key = getattr(zone, "key", None)
    if key:
        return key
    return str(zone)
