"""What the ingest holds of a new sighting until clustering, and what crosses from a worker.

Clustering needs every new sighting of the ingest at once, but reads only its days, start, place
and title. The ingest therefore holds each sighting cut down to those fields, with its whole event
already serialised as the row of ``event_sources`` stores it; merging reads the sightings back
from there a few clusters at a time. Whole sightings took 3.5 KB each in memory (350 MB at 100,000
raw events); made in a worker of the pool, the cut-down form is also all that is pickled back.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from aggregator import store
from aggregator.model.event import Event, Sighting

HELD_FIELDS = (
    "title",
    "start",
    "end",
    "all_day",
    "venue",
    "street",
    "postcode",
    "city",
    "latitude",
    "longitude",
    "attendance",
)
"""What clustering reads of a sighting's event (``dedupe.Fingerprint``)."""


@dataclass(frozen=True, slots=True)
class Held:
    sighting: Sighting
    """The event cut down to ``HELD_FIELDS``; ``raw`` empty (the ingest fills in what merging and
    clustering read of it)."""
    event_text: str
    """The whole event as ``event_sources.event`` stores it."""


def hold(sighting: Sighting) -> Held:
    event = sighting.event
    kept = Event(**{name: getattr(event, name) for name in HELD_FIELDS})
    cut = Sighting(sighting.source, sighting.key, sighting.url, sighting.fetched_at, kept, {})
    return Held(cut, json.dumps(store.event_dict(event), ensure_ascii=False))
