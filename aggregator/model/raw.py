"""The one item type spiders yield: an event as the source said it.

Spiders copy what the page says into these fields and nothing more; every interpretation
(dates, places, topics, status, HTML cleaning) happens later in ``aggregator.normalise.item`` so that
old raw files can be re-ingested after a parser improves, without a re-crawl.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any

from aggregator.model.address import Address


@dataclass
class RawEvent(Address):
    """One sighting of an event on one source, written to ``data/raw/<run>/<source>.jsonl``.

    The address fields (``Address``) hold what the page's structured data says, as it says it."""

    source: str
    """Name of the source row in ``sources.toml``."""
    kind: str
    """Source kind that produced it: jsonld, ical, tribe, rss, html or a spider name."""
    key: str
    """Identity of the event within its source (iCal UID, TEC id, detail URL, ...), stable across
    crawls, so that a sighting can join the event it joined before."""
    url: str
    """Page the event was read from."""
    fetched_at: str
    """When it was fetched, ISO 8601 in UTC."""
    title: str | None = None
    description: str | None = None
    """HTML or text, exactly as given (sanitised later)."""
    start: str | None = None
    """Start as the source gave it: ISO 8601, an iCal value, or free text."""
    end: str | None = None
    when: str | None = None
    """Free date/time text (``15.–16. Juni 2027, 9:30 Uhr``) when there is no structured start."""
    all_day: bool | None = None
    timezone: str | None = None
    """The source's zone (IANA, Windows name or ``UTC+1``) if it names one."""
    place_text: str | None = None
    """Free text naming the venue and/or address, besides the address fields."""
    attendance: str | None = None
    """As given: a schema.org eventAttendanceMode, ``online``, ``virtual``, a URL of a stream..."""
    online_url: str | None = None
    status: str | None = None
    """As given: schema.org eventStatus, iCal STATUS, TEC status, or None."""
    organizer: str | None = None
    event_url: str | None = None
    """The event's own page, if different from ``url``."""
    published: str | None = None
    """When the source published the item (a news feed's ``pubDate``, a listing's date line), as
    given: the day that ``heute`` or ``morgen`` in its text means, never the event's date."""
    categories: list[str] = field(default_factory=list)
    """The source's own tags or categories for the event."""
    page_links: list[str] = field(default_factory=list)
    """Links in the main content of the event's own page, when the page shows that event alone:
    where the page points to the conversation around it (social networks, a livestream, an event
    app) beyond what its structured data says."""
    default_organizer: str | None = None
    default_region: str | None = None
    source_topics: list[str] = field(default_factory=list)
    """Defaults from the source's row in ``sources.toml``."""
    raw: Any = None
    """The original record (JSON-LD object, iCal text, API object, listing HTML)."""

    def to_dict(self) -> dict[str, Any]:
        """The fields with their lists copied; the original record (``raw``) is shared, not
        copied: nothing changes it once the spider made it, and a deep copy of every item was
        a twentieth of an ingest."""
        data = {f.name: getattr(self, f.name) for f in fields(self)}
        data["categories"] = list(self.categories)
        data["source_topics"] = list(self.source_topics)
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> RawEvent:
        """Tolerates unknown keys so that raw files written by newer versions still load."""
        return cls(**{k: v for k, v in data.items() if k in FIELD_NAMES})


FIELD_NAMES = frozenset(f.name for f in fields(RawEvent))
"""Named once: ``dataclasses.fields`` builds its tuple anew on every call, a tenth of reading a
raw file."""
