"""The same event seen on several sites becomes one event.

A sighting that joined an event before joins it again (by its source and key), so an event's id never
changes once published. New sightings are compared only with events on the same day(s), never with
all events, so the cost grows linearly with the number of events.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, fields, replace
from datetime import date, timedelta

from aggregator.event import Event, Sighting

SightingKey = tuple[str, str]


@dataclass
class Cluster:
    """One event: its id and the sightings of this ingest that belong to it."""

    event_id: str
    sightings: list[Sighting] = field(default_factory=list)


def event_id_for(source: str, key: str) -> str:
    """The id an event gets from the first sighting that creates it; never recomputed later."""
    return hashlib.sha1(f"{source}\x1f{key}".encode()).hexdigest()[:16]


def cluster(
    sightings: Iterable[Sighting],
    known: Mapping[SightingKey, str],
    existing: Iterable[tuple[str, Event]] = (),
) -> list[Cluster]:
    """Assign every sighting to an event: the one it joined before, a matching one, or a new one."""
    clusters: dict[str, Cluster] = {}
    by_day: dict[date, list[tuple[str, Event]]] = defaultdict(list)
    for event_id, event in existing:
        for day in _days(event):
            by_day[day].append((event_id, event))
    pending: list[Sighting] = []
    for sighting in sorted(sightings, key=lambda s: (s.source, s.key)):
        event_id = known.get((sighting.source, sighting.key))
        if event_id is None:
            pending.append(sighting)
            continue
        clusters.setdefault(event_id, Cluster(event_id)).sightings.append(sighting)
        for day in _days(sighting.event):
            by_day[day].append((event_id, sighting.event))
    for sighting in pending:
        event_id = _match(sighting.event, by_day)
        if event_id is None:
            event_id = event_id_for(sighting.source, sighting.key)
        clusters.setdefault(event_id, Cluster(event_id)).sightings.append(sighting)
        for day in _days(sighting.event):
            by_day[day].append((event_id, sighting.event))
    return list(clusters.values())


def _match(event: Event, by_day: Mapping[date, list[tuple[str, Event]]]) -> str | None:
    for day in _days(event):
        for event_id, other in by_day.get(day, []):
            if same_event(event, other):
                return event_id
    return None


def same_event(a: Event, b: Event) -> bool:
    """Same day(s), compatible places and the same title once normalised."""
    if not set(_days(a)) & set(_days(b)):
        return False
    if a.city and b.city and a.city != b.city:
        return False
    return title_key(a.title) == title_key(b.title)


def title_key(title: str) -> str:
    """Case, accents, punctuation and years removed: ``Forum Sachsen Digital 2027`` ~ ``FORUM …``."""
    text = unicodedata.normalize("NFKD", title.casefold())
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = re.sub(r"\b(19|20)\d{2}\b", " ", text)
    return " ".join(re.findall(r"\w+", text))


def _days(event: Event) -> list[date]:
    """The calendar days an event covers (capped, so a mistaken year-long span stays cheap)."""
    first = date.fromisoformat(event.start[:10])
    last = date.fromisoformat(event.end[:10]) if event.end else first
    span = min(max((last - first).days, 0), 14)
    return [first + timedelta(days=i) for i in range(span + 1)]


def merge(sightings: list[Sighting]) -> Event:
    """The best of every sighting: the fullest record as base, gaps filled from the others."""
    ranked = sorted(sightings, key=_richness, reverse=True)
    best = ranked[0].event
    values = {}
    for f in fields(Event):
        value = getattr(best, f.name)
        if value in (None, "", []):
            for other in ranked[1:]:
                candidate = getattr(other.event, f.name)
                if candidate not in (None, "", []):
                    value = candidate
                    break
        values[f.name] = value
    longest = max(ranked, key=lambda s: len(s.event.description_text))
    values["description"] = longest.event.description
    values["description_text"] = longest.event.description_text
    values["topics"] = sorted({t for s in ranked for t in s.event.topics})
    return replace(best, **values)


def _richness(sighting: Sighting) -> tuple[int, int, str, str]:
    event = sighting.event
    filled = sum(1 for f in fields(Event) if getattr(event, f.name) not in (None, "", []))
    timed = 0 if event.all_day else 1
    return (timed, filled, sighting.source, sighting.key)
