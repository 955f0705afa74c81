"""The normalised event: what the database, the dedupe stage and the feeds agree on."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from aggregator.model.address import Address
from aggregator.model.vocabulary import Attendance, Status


@dataclass
class Event(Address):
    """One event as the aggregator understands it, at its normalised ``Address``.

    ``start``/``end`` are ISO 8601 strings: with the local UTC offset for timed events
    (``2027-03-17T09:00:00+01:00``), plain dates for all-day events, where ``end`` is the last day
    (inclusive). ``end`` may be None for a timed event without a known end.
    """

    title: str
    start: str
    end: str | None = None
    all_day: bool = False
    timezone: str = "Europe/Berlin"
    description: str = ""
    """Sanitised HTML."""
    description_text: str = ""
    """Plain text of the description, for search and iCalendar."""
    attendance: str = Attendance.OFFLINE
    status: str = Status.SCHEDULED
    url: str | None = None
    organizer: str | None = None
    topics: list[str] = field(default_factory=list)
    hashtags: list[str] = field(default_factory=list)
    """The event's hashtags without the ``#`` (``smartKMU``), as its sources spell them."""
    social_links: list[str] = field(default_factory=list)
    """Its accounts, posts and livestreams on the networks of ``aggregator/data/social.toml``."""
    app_links: list[str] = field(default_factory=list)
    """Its event app: the app's page or its app-store entry."""


SightingKey = tuple[str, str]
"""(source name, the event's key within that source): a sighting's identity across crawls."""


@dataclass
class Sighting:
    """A normalised event together with where it was seen; dedupe clusters these."""

    source: str
    key: str
    url: str
    fetched_at: str
    event: Event
    raw: dict[str, Any]
    """The RawEvent as a dict, kept in ``event_sources.raw`` so merging loses nothing."""

    @property
    def source_key(self) -> SightingKey:
        return (self.source, self.key)
