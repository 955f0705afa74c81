"""What the ingest holds of a new sighting until clustering, and what crosses from a worker.

Clustering needs every new sighting of the ingest at once, but reads only its source and key,
its event's days, start, place and title, and the organiser its page names. A worker therefore
sends back only the event serialised as ``event_sources.event`` stores it (the raw item, which
the main process read, gives the rest of the row), each row is written as it arrives, and once
the last is written the ingest reads those fields back from the database (``held_sightings``).
Made at once after the raw items are gone, the held sightings lie together in memory rather
than among the freed remains of every raw item, JSON text and unpickled result of the run
(which the allocator keeps: at 20,000 raw events 40 MB of live objects took 223 MB resident
before clustering), and a value many of them repeat (a source, a city, a day, a title several
sites announce) is one object. Merging reads the whole sightings back a few clusters at a time.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import Any, NamedTuple

import sqlite_utils

from aggregator import store
from aggregator.dedupe import RAW_KEYS
from aggregator.model.event import Event, Sighting, SightingKey

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
"""What clustering reads of a sighting's event (``dedupe.Fingerprint``), in the order
``held_sightings`` unpacks them."""
HELD_AT_ONCE = 10_000
"""Sightings whose keys go to the database in one query."""


class Held(NamedTuple):
    """A normalised sighting as it crosses from a worker (a tuple pickles without its class's
    machinery)."""

    event_text: str
    """The whole event as ``event_sources.event`` stores it."""


def hold(sighting: Sighting) -> Held:
    return Held(store.event_json(sighting.event))


NOTHING: list[str] = []
"""The topics, hashtags and links of every held event: clustering does not read them, and one
shared empty list is 224 bytes less per sighting than four new ones. Held sightings are only
read."""


def held_sightings(db: sqlite_utils.Database, keys: Iterable[SightingKey]) -> Iterator[Sighting]:
    """These sightings as clustering reads them; ``url`` and ``fetched_at`` left empty, ``raw``
    only what merging and clustering read of it (``dedupe.RAW_KEYS``), shared between sightings
    that say the same."""
    shared: dict[Any, Any] = {}
    one = shared.setdefault
    raws: dict[tuple[Any, ...], dict[str, Any]] = {}
    decode = json.JSONDecoder().raw_decode
    wanted = list(keys)
    for first in range(0, len(wanted), HELD_AT_ONCE):
        rows = store.sighting_fields(
            db, wanted[first : first + HELD_AT_ONCE], HELD_FIELDS, RAW_KEYS
        )
        for source, key, event_values, raw_values in rows:
            said = tuple(decode(raw_values)[0])
            raw = raws.get(said)
            if raw is None:
                raw = raws[said] = dict(zip(RAW_KEYS, said, strict=True))
            title, start, end, all_day, venue, street, postcode, city, latitude, longitude, mode = (
                decode(event_values)[0]
            )
            event = Event(
                title=one(title, title),
                start=one(start, start),
                end=one(end, end),
                all_day=all_day,
                venue=one(venue, venue),
                street=one(street, street),
                postcode=one(postcode, postcode),
                city=one(city, city),
                latitude=latitude,
                longitude=longitude,
                attendance=one(mode, mode),
                topics=NOTHING,
                hashtags=NOTHING,
                social_links=NOTHING,
                app_links=NOTHING,
            )
            yield Sighting(one(source, source), key, "", "", event, raw)
