"""Venues and addresses to city, German state, country and coordinates."""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Place:
    venue: str | None
    street: str | None
    postcode: str | None
    city: str | None
    region: str | None
    country: str | None
    latitude: float | None
    longitude: float | None
    attendance: str


_ONLINE = re.compile(r"(?i)\b(online|webinar|virtuell|zoom)\b")


def resolve_place(
    *,
    venue=None,
    street=None,
    postcode=None,
    city=None,
    region=None,
    country=None,
    text=None,
    latitude=None,
    longitude=None,
    attendance=None,
    online_url=None,
    default_region=None,
) -> Place:
    online = bool(_ONLINE.search(" ".join(filter(None, [venue, text, attendance or ""]))))
    if text and not city:
        match = re.search(r"(\d{5})\s+([^,]+)", text)
        if match:
            postcode, city = match.group(1), match.group(2).strip()
    return Place(
        venue=venue,
        street=street,
        postcode=postcode,
        city=city,
        region=region or default_region,
        country=country or ("DE" if city else None),
        latitude=latitude,
        longitude=longitude,
        attendance="online" if online and not city else "mixed" if online else "offline",
    )
