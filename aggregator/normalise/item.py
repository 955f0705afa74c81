"""Raw items as the source said them -> events as the aggregator understands them.

Pure functions: the same raw item and reference date always give the same event, so raw files can be
re-ingested after a parser improves.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import Any

from aggregator.model.event import Event, Sighting
from aggregator.model.raw import RawEvent
from aggregator.normalise import dates, places, status, text, topics
from aggregator.normalise.timezones import zone_name

STATUS_PREFIX_RE = re.compile(
    r"^\s*[\[(]?\s*(abgesagt|entfällt|entfaellt|fällt aus|verschoben|cancell?ed|postponed)"
    r"\s*[\])]?\s*[:\-–—|!]+\s*",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Dropped:
    """A raw item that cannot become an event, and why (shown in the run report)."""

    source: str
    key: str
    reason: str


def normalise(raw: RawEvent, reference: date) -> Sighting | Dropped:
    title = text.clean_text(raw.title)
    if not title:
        return Dropped(raw.source, raw.key, "no title")
    tz = zone_name(raw.timezone)
    when = _when(raw, tz, reference)
    if when is None:
        return Dropped(raw.source, raw.key, "no date")
    description = text.sanitise_html(raw.description, base_url=raw.url)
    description_text = text.html_to_text(description)
    place = _place(
        dict(
            venue=text.clean_text(raw.venue) or None,
            street=text.clean_text(raw.street) or None,
            postcode=text.clean_text(raw.postcode) or None,
            city=text.clean_text(raw.city) or None,
            region=text.clean_text(raw.region) or None,
            country=text.clean_text(raw.country) or None,
            text=text.clean_text(raw.place_text) or _place_from_text(raw, description_text),
            latitude=raw.latitude,
            longitude=raw.longitude,
            attendance=raw.attendance,
            online_url=raw.online_url,
            default_region=raw.default_region,
        )
    )
    event = Event(
        title=STATUS_PREFIX_RE.sub("", title) or title,
        start=dates.to_iso(when.start),
        end=dates.to_iso(when.end) if when.end is not None else None,
        all_day=when.all_day,
        timezone=tz,
        description=description,
        description_text=description_text,
        venue=place.venue,
        street=place.street,
        postcode=place.postcode,
        city=place.city,
        region=place.region,
        country=place.country,
        latitude=place.latitude,
        longitude=place.longitude,
        attendance=place.attendance,
        status=status.detect_status(raw.status, title, description_text),
        url=text.canonical_url(raw.event_url or raw.url, base=raw.url),
        organizer=text.clean_text(raw.organizer or raw.default_organizer) or None,
        topics=topics.detect_topics(title, description_text, raw.categories, raw.source_topics),
    )
    return Sighting(
        source=raw.source,
        key=raw.key,
        url=raw.url,
        fetched_at=raw.fetched_at,
        event=event,
        raw=raw.to_dict(),
    )


def _place(given: dict[str, Any]) -> places.Place:
    """A source's events share their venue, and sources share venues: the same fields are
    resolved once. Fields a cache cannot hold (a list where a number belongs) are resolved
    each time."""
    try:
        return _resolved(tuple(given.items()))
    except TypeError:
        return places.resolve_place(**given)


@lru_cache(maxsize=16384)
def _resolved(given: tuple[tuple[str, Any], ...]) -> places.Place:
    """Shared between events: ``normalise`` only reads it."""
    return places.resolve_place(**dict(given))


def _place_from_text(raw: RawEvent, description_text: str) -> str | None:
    """Sources without any place field (news feeds) name the place in their text."""
    given = (raw.venue, raw.street, raw.postcode, raw.city, raw.latitude, raw.online_url)
    if any(value not in (None, "") for value in given):
        return None
    return places.place_in_text(description_text)


def _when(raw: RawEvent, tz: str, reference: date) -> dates.When | None:
    """Structured start/end first; free text (``when``, or a start that is text) otherwise."""
    if raw.start:
        start = dates.parse_datetime(raw.start, tz, reference)
        if start is not None:
            end = dates.parse_datetime(raw.end, tz, reference) if raw.end else None
            return _structured(start, end, raw.all_day)
        parsed = dates.parse_when(" ".join(filter(None, [raw.start, raw.end])), tz, reference)
        if parsed is not None:
            return parsed
    if raw.when:
        return dates.parse_when(raw.when, tz, reference)
    return None


def _structured(
    start: datetime | date, end: datetime | date | None, all_day: bool | None
) -> dates.When:
    """A structured start/end pair: all-day when the source says so or gives dates only."""
    if all_day or not isinstance(start, datetime):
        first = start.date() if isinstance(start, datetime) else start
        last = end.date() if isinstance(end, datetime) else end
        if last is None or last < first:
            last = first
        return dates.When(first, last, True)
    if isinstance(end, date) and not isinstance(end, datetime):
        end = None
    if end is not None and end <= start:
        end = end + timedelta(days=1) if end.time() < start.time() else None
    return dates.When(start, end, False)
