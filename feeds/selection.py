"""Which events each feed holds: all of them, or those of one state, city, topic, or topic in a state.

A selection exists for every state, city and topic that has a digitalisation event in the database,
past ones included, so that a feed someone subscribed to stays in place (empty, not gone) when its
last event is over. Feeds hold upcoming events only, soonest first, up to a limit that feed
readers and calendar apps cope with; large conferences are announced more than a year ahead, so
there is no horizon unless one is asked for.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any, Literal

from aggregator.folding import slug as slugify
from feeds.labels import topic_label

if TYPE_CHECKING:
    import sqlite_utils

DEFAULT_HORIZON_DAYS: int | None = None
"""No horizon: every announced upcoming event is published; ``DEFAULT_LIMIT`` bounds the size."""
DEFAULT_LIMIT = 500
Kind = Literal["all", "region", "city", "topic", "region-topic"]
_PUBLISHED = "digital = 1 and removed_at is null"


@dataclass(frozen=True)
class Selection:
    """A named subset of the upcoming events and the files that publish it."""

    kind: Kind
    slug: str
    """Path of its files without extension: ``events``, ``region/sachsen``, ``topic/ki``."""
    name: str
    """What a person picks it by: ``Sachsen``, ``Dresden``, ``KI``, ``KI in Sachsen``."""
    title: str
    """Feed and calendar title."""
    key: tuple[str, ...] = ()
    """Slugs an event must carry to belong here (empty: every event)."""


ALL = Selection("all", "events", "Alle Veranstaltungen", "Digitalisierungs-Veranstaltungen")


def region_selection(name: str) -> Selection:
    slug = slugify(name)
    title = f"Digitalisierungs-Veranstaltungen in {name}"
    return Selection("region", f"region/{slug}", name, title, (slug,))


def city_selection(name: str) -> Selection:
    slug = slugify(name)
    title = f"Digitalisierungs-Veranstaltungen in {name}"
    return Selection("city", f"city/{slug}", name, title, (slug,))


def topic_selection(topic: str) -> Selection:
    slug, label = slugify(topic), topic_label(topic)
    return Selection("topic", f"topic/{slug}", label, f"Veranstaltungen zum Thema {label}", (slug,))


def region_topic_selection(region: str, topic: str) -> Selection:
    region_slug, topic_slug, label = slugify(region), slugify(topic), topic_label(topic)
    return Selection(
        "region-topic",
        f"region/{region_slug}/topic/{topic_slug}",
        f"{label} in {region}",
        f"Veranstaltungen zum Thema {label} in {region}",
        (region_slug, topic_slug),
    )


def upcoming(
    db: sqlite_utils.Database,
    today: date,
    horizon_days: int | None = DEFAULT_HORIZON_DAYS,
    columns: str = "*",
) -> list[dict[str, Any]]:
    """Published events that have not ended and start within the horizon (if any), soonest
    first (``columns``: only these, e.g. what choosing the selections and fingerprints need)."""
    last = today + timedelta(days=horizon_days) if horizon_days is not None else date.max
    rows = db.query(
        f"""select {columns} from events where {_PUBLISHED} and last_day >= ?
            and substr(start, 1, 10) <= ? order by start_utc, id""",
        [today.isoformat(), last.isoformat()],
    )
    return [decoded(row, whole=columns == "*") for row in rows]


LIST_COLUMNS = ("topics", "hashtags", "social_links", "app_links")
"""Columns that hold JSON lists; the feeds read them as lists."""


def decoded(row: dict[str, Any], whole: bool = True) -> dict[str, Any]:
    """An events row with its JSON lists read: a whole row gets every list (empty for a file
    written before its column), a row of chosen columns only those it has."""
    for column in LIST_COLUMNS:
        if whole or column in row:
            row[column] = json.loads(row.get(column) or "[]")
    return row


def rows_by_id(db: sqlite_utils.Database, ids: Iterable[str]) -> dict[str, dict[str, Any]]:
    """The whole rows of these events, in batches (a publish reads only the events of the
    files it renders)."""
    wanted = list(ids)
    out: dict[str, dict[str, Any]] = {}
    for start in range(0, len(wanted), 5000):
        batch = json.dumps(wanted[start : start + 5000])
        for row in db.query(
            "select * from events where id in (select value from json_each(?))", [batch]
        ):
            out[row["id"]] = decoded(row)
    return out


def selections(db: sqlite_utils.Database) -> list[Selection]:
    """Every selection the database's events call for: all, then states, cities, topics and
    topics per state, each group sorted by slug. Names spelt differently but with the same slug
    (``Halle (Saale)``, ``Halle Saale``) share one selection, named by the commonest spelling."""
    regions = _names(db, "region")
    cities = _names(db, "city")
    topics = _names(db, "j.value", "json_each(events.topics) j")
    pairs = db.execute(
        f"""select distinct region, j.value from events, json_each(events.topics) j
            where {_PUBLISHED} and region is not null and region != ''"""
    ).fetchall()
    region_topics = {
        (slugify(region), slugify(topic)): region_topic_selection(
            regions[slugify(region)], topics[slugify(topic)]
        )
        for region, topic in pairs
        if slugify(region) and slugify(topic)
    }
    return [
        ALL,
        *(region_selection(regions[s]) for s in sorted(regions)),
        *(city_selection(cities[s]) for s in sorted(cities)),
        *(topic_selection(topics[s]) for s in sorted(topics)),
        *(region_topics[k] for k in sorted(region_topics)),
    ]


def event_keys(event: dict[str, Any]) -> list[tuple[Kind, tuple[str, ...]]]:
    """The (kind, key) of every selection the event belongs to."""
    keys: list[tuple[Kind, tuple[str, ...]]] = [("all", ())]
    region, city, topics = event_slugs(event)
    if region:
        keys.append(("region", (region,)))
        keys.extend(("region-topic", (region, t)) for t in topics)
    if city:
        keys.append(("city", (city,)))
    keys.extend(("topic", (t,)) for t in topics)
    return keys


def event_slugs(event: dict[str, Any]) -> tuple[str, str, list[str]]:
    """The event's state, city and topics as they appear in paths (empty when unknown)."""
    region = slugify(event.get("region") or "")
    city = slugify(event.get("city") or "")
    topics = sorted({t for t in (slugify(t) for t in event["topics"]) if t})
    return region, city, topics


def partition(
    events: list[dict[str, Any]], chosen: list[Selection], limit: int
) -> dict[str, list[dict[str, Any]]]:
    """Each selection's events (in the given order) up to ``limit``; one pass over the events."""
    by_key = {(s.kind, s.key): s.slug for s in chosen}
    out: dict[str, list[dict[str, Any]]] = {s.slug: [] for s in chosen}
    for event in events:
        for key in event_keys(event):
            slug = by_key.get(key)
            if slug is not None and len(out[slug]) < limit:
                out[slug].append(event)
    return out


def _names(db: sqlite_utils.Database, column: str, join: str = "") -> dict[str, str]:
    """slug -> the commonest spelling of the values of ``column`` in published events."""
    source = f"events, {join}" if join else "events"
    counts: dict[str, Counter[str]] = {}
    for value, count in db.execute(
        f"select {column}, count(*) from {source} where {_PUBLISHED} group by {column}"
    ).fetchall():
        slug = slugify(value or "")
        if slug:
            counts.setdefault(slug, Counter())[value] += count
    return {slug: min(c, key=lambda v: (-c[v], v)) for slug, c in counts.items()}
