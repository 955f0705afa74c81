"""A news item that reports on an event that is over, as the record the ingest keeps
(``aggregator.model.report``): what it offers, and the day and town of the event it names, which
the dedupe stage matches to the event itself.

Which items are reports, and what they offer, is ``announcement``'s to say; this module only
puts the record together.
"""

from __future__ import annotations

from datetime import date, datetime

from aggregator.model.raw import RawEvent
from aggregator.model.report import Report
from aggregator.normalise import announcement, text, topics
from aggregator.normalise.dates import When


def report(
    raw: RawEvent,
    reason: str,
    title: str,
    description_text: str,
    when: When | None,
    published: date | None,
    city: str | None,
) -> Report:
    """``when``: the date the item names, if any; a day after its publication is not the day of
    the event it reports on (``Der nächste Digitaltag findet am 18. Juni 2021 statt``)."""
    kinds = announcement.report_kinds(title, description_text)
    start = end = None
    if when is not None:
        first, last = _day(when.start), _day(when.end if when.end is not None else when.start)
        if published is None or first <= published:
            start, end = first.isoformat(), max(first, last).isoformat()
    found = topics.detect_topics(title, description_text, raw.categories, raw.source_topics)
    return Report(
        source=raw.source,
        key=raw.key,
        url=text.canonical_url(raw.event_url or raw.url, base=raw.url) or raw.url,
        title=title,
        kind=kinds[0],
        kinds=kinds,
        reason=reason,
        fetched_at=raw.fetched_at,
        text=description_text,
        published=published.isoformat() if published else None,
        event_start=start,
        event_end=end,
        city=city,
        topics=found,
        digital=topics.is_digital(found),
    )


def _day(value: datetime | date) -> date:
    return value.date() if isinstance(value, datetime) else value
