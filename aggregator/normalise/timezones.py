"""Turn the zone names sources write into tzinfo objects.

Sources name zones in three ways: IANA keys (``Europe/Berlin``), Windows names from Outlook and
Exchange exports (``W. Europe Standard Time``), and fixed offsets from The Events Calendar's manual
setting (``UTC+1``, ``UTC+01:00``). A name nobody can read must not drop the event, so it falls back
to the default zone instead of raising.
"""

from __future__ import annotations

import re
from datetime import UTC, timedelta, timezone, tzinfo
from functools import cache, lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

__all__ = ["zone_for"]

_UTC_NAMES = frozenset({"z", "utc", "gmt", "ut", "zulu", "etc/utc", "etc/gmt", "utc+0", "utc-0"})
_OFFSET = re.compile(r"(?:utc|gmt)?\s*([+-])\s*(\d{1,2})(?::?(\d{2}))?", re.IGNORECASE)


@cache
def _windows() -> dict[str, str]:
    """Windows zone names -> IANA keys, from icalendar's table; loaded on the first name that
    is not an IANA key (importing icalendar takes longer than the rest of the date reading)."""
    from icalendar.timezone.windows_to_olson import WINDOWS_TO_OLSON

    return {name.casefold(): iana for name, iana in WINDOWS_TO_OLSON.items()}


def zone_for(name: str | None, default: str = "Europe/Berlin") -> tzinfo:
    """IANA names, Windows names ('W. Europe Standard Time', 'Romance Standard Time', ...),
    'UTC', 'Z', 'UTC+1'/'UTC+01:00'/'UTC-5' (fixed offsets as TEC writes them), None/unknown ->
    default zone."""
    zone = _known_zone(name.strip()) if name else None
    return zone if zone is not None else ZoneInfo(default)


@lru_cache(maxsize=256)
def _known_zone(name: str) -> tzinfo | None:
    folded = name.casefold()
    if folded in _UTC_NAMES:
        return UTC
    offset = _OFFSET.fullmatch(name)
    if offset:
        return _fixed_offset(*offset.groups())
    if "/" not in name and folded in _windows():  # no Windows name has a slash, most IANA keys do
        return ZoneInfo(_windows()[folded])
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        key = _iana_keys().get(folded)
        return ZoneInfo(key) if key else None


def _fixed_offset(sign: str, hours: str, minutes: str | None) -> tzinfo | None:
    delta = timedelta(hours=int(hours), minutes=int(minutes or 0))
    if delta >= timedelta(hours=15):
        return None
    if not delta:
        return UTC
    return timezone(-delta if sign == "-" else delta)


@cache
def _iana_keys() -> dict[str, str]:
    """Case-insensitive index: sources write ``europe/berlin``, zone files are case-sensitive."""
    try:
        keys = available_timezones()
    except ZoneInfoNotFoundError:
        keys = set()
    return {key.casefold(): key for key in keys if not key.startswith(("posix/", "right/"))}


def zone_name(name: str | None, default: str = "Europe/Berlin") -> str:
    """The zone's name as stored with an event: an IANA key, or ``UTC+01:00`` for a fixed offset."""
    zone = zone_for(name, default)
    if isinstance(zone, ZoneInfo) and zone.key:
        return zone.key
    return str(zone)
