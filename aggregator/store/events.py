"""Events and their sightings: every read and write of the ingest, batched.

Callers wrap a run's writes in ``db.atomic()`` (one transaction; sqlite-utils turns its own inner
transactions into savepoints), so a crash at any point leaves the previous good state. Reads are
batched: one query per kind of thing an ingest needs, never one per event.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass, fields
from datetime import UTC, date, datetime
from itertools import chain
from operator import itemgetter
from typing import Any

import sqlite_utils

from aggregator.model.event import Event, Sighting, SightingKey
from aggregator.model.raw import RawEvent
from aggregator.model.vocabulary import Attendance, Status
from aggregator.store.schema import (
    CONVERSATION_COLUMNS,
    EVENT_FIELDS,
    PUBLISHED_FIELDS,
    topic_names,
)

CANDIDATE_LOOKBACK_DAYS = 14
"""Stored events that started up to this many days before a day can still cover it (dedupe only
blocks the first 14 days of an event, too)."""


@dataclass(frozen=True, slots=True)
class KnownSighting:
    """A sighting stored before: the event it joined and what it said then."""

    event_id: str
    first_seen: str
    removed_at: str | None
    digest: str | None


def known_sightings(db: sqlite_utils.Database) -> dict[SightingKey, KnownSighting]:
    rows = db.execute(
        "select source, key, event_id, first_seen, removed_at, digest from event_sources"
    )
    return {(r[0], r[1]): KnownSighting(r[2], r[3], r[4], r[5]) for r in rows}


def holds_no_events(db: sqlite_utils.Database) -> bool:
    """Neither events nor sightings stored yet: the next ingest is the first."""
    row = db.execute(
        "select exists (select 1 from events) or exists (select 1 from event_sources)"
    ).fetchone()
    return not row[0]


def candidate_events(db: sqlite_utils.Database, days: Iterable[date]) -> list[tuple[str, Event]]:
    """Stored events (removed ones too) covering any of these days: what new sightings may join."""
    wanted = sorted({d.isoformat() for d in days})
    if not wanted:
        return []
    rows = db.query(
        f"""with wanted(day) as (select value from json_each(:days))
            select distinct e.* from wanted join events e
              on e.start >= date(wanted.day, '-{CANDIDATE_LOOKBACK_DAYS} days')
             and e.start < date(wanted.day, '+1 day') and e.last_day >= wanted.day""",
        {"days": json.dumps(wanted)},
    )
    return [(row["id"], event_from_row(row)) for row in rows]


def stored_sightings(
    db: sqlite_utils.Database,
    keys: Iterable[SightingKey],
    raw_keys: tuple[str, ...] | None = None,
) -> list[Sighting]:
    """These sightings as they were normalised when last seen; with ``raw_keys`` only those of
    the raw item (what merging reads), without decoding the rest."""
    return [sighting_from_row(row) for row in stored_sighting_rows(db, keys, raw_keys)]


def stored_sighting_rows(
    db: sqlite_utils.Database,
    keys: Iterable[SightingKey],
    raw_keys: tuple[str, ...] | None = None,
) -> list[dict[str, Any]]:
    """The rows ``sighting_from_row`` reads, undecoded: the ingest hands them to the worker that
    merges them."""
    wanted = [list(k) for k in keys]
    if not wanted:
        return []
    if raw_keys is None:
        raw = "s.raw"
    else:
        members = ", ".join(f"'{k}', json_extract(s.raw, '$.{k}')" for k in raw_keys)
        raw = f"json_object({members}) as raw"
    rows = db.query(
        f"""with wanted(source, key) as (
             select json_extract(value, '$[0]'), json_extract(value, '$[1]')
             from json_each(:keys))
           select s.source, s.key, s.url, s.fetched_at, s.event, {raw}
           from wanted join event_sources s using (source, key)""",
        {"keys": json.dumps(wanted)},
    )
    return list(rows)


@dataclass(frozen=True, slots=True)
class StoredEvent:
    """What deciding ``new``/``updated``/``unchanged`` needs of a stored event."""

    first_seen: str
    updated: str
    sequence: int
    content_hash: str | None
    removed_at: str | None


def stored_events(db: sqlite_utils.Database, ids: Iterable[str]) -> dict[str, StoredEvent]:
    wanted = list(ids)
    if not wanted:
        return {}
    rows = db.execute(
        """select id, first_seen, updated, sequence, content_hash, removed_at from events
           where id in (select value from json_each(?))""",
        [json.dumps(wanted)],
    )
    return {r[0]: StoredEvent(r[1], r[2], r[3] or 0, r[4], r[5]) for r in rows}


def event_from_row(row: dict[str, Any]) -> Event:
    values: dict[str, Any] = {f.name: row.get(f.name) for f in fields(Event)}
    values["all_day"] = bool(values["all_day"])
    for name in ("topics", *CONVERSATION_COLUMNS):
        values[name] = json.loads(row.get(name) or "[]")
    values["description"] = values["description"] or ""
    values["description_text"] = values["description_text"] or ""
    values["timezone"] = values["timezone"] or "Europe/Berlin"
    values["attendance"] = values["attendance"] or Attendance.OFFLINE
    values["status"] = values["status"] or Status.SCHEDULED
    return Event(**values)


def sighting_from_row(row: dict[str, Any]) -> Sighting:
    return Sighting(
        source=row["source"],
        key=row["key"],
        url=row["url"],
        fetched_at=row["fetched_at"],
        event=Event(**json.loads(row["event"])),
        raw=json.loads(row["raw"] or "null"),
    )


def content_hash(event: Event) -> str:
    """Changes exactly when a published field changes; drives ``updated`` and iCal SEQUENCE.
    Fields added after the first release count only once they hold something, so an event they
    say nothing about keeps the hash (and the feeds' ``updated``) it had before them."""
    data = {
        name: value
        for name in PUBLISHED_FIELDS
        if (value := getattr(event, name)) or name not in CONVERSATION_COLUMNS
    }
    return hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()[:20]


def event_row(
    event_id: str,
    event: Event,
    *,
    digital: bool,
    now: str,
    previous: StoredEvent | None,
    source_count: int,
) -> tuple[dict[str, Any], str]:
    """The row to store and whether the event is ``new``, ``updated`` or ``unchanged``."""
    digest = content_hash(event)
    row = event_dict(event)
    row.update(
        id=event_id,
        all_day=int(event.all_day),
        topics=json.dumps(event.topics, ensure_ascii=False),
        topic_names=topic_names(event.topics),
        **{
            name: json.dumps(getattr(event, name), ensure_ascii=False)
            for name in CONVERSATION_COLUMNS
        },
        digital=int(digital),
        start_utc=_utc(event.start),
        last_day=(event.end or event.start)[:10],
        last_seen=now,
        content_hash=digest,
        removed_at=None,
        source_count=source_count,
    )
    if previous is None:
        row.update(first_seen=now, updated=now, sequence=0)
        return row, "new"
    row["first_seen"] = previous.first_seen
    if previous.content_hash == digest and not previous.removed_at:
        row.update(updated=previous.updated, sequence=previous.sequence)
        return row, "unchanged"
    row.update(updated=now, sequence=previous.sequence + 1)
    return row, "updated"


def event_dict(event: Event) -> dict[str, Any]:
    """The event's fields (a shallow copy: ``dataclasses.asdict`` deep-copies and is slow)."""
    return {name: getattr(event, name) for name in EVENT_FIELDS}


def raw_json(raw: Any) -> str:
    return json.dumps(raw, ensure_ascii=False, default=str)


def event_json(event: Event) -> str:
    """The event as ``event_sources.event`` stores it."""
    return json.dumps(event_dict(event), ensure_ascii=False)


def sighting_row(
    raw: RawEvent,
    event_id: str | None,
    now: str,
    first_seen: str | None,
    digest: str,
    raw_text: str,
    event_text: str,
) -> dict[str, Any]:
    """The row of a sighting of ``raw``, which gives its source, key, address and fetch time
    (``normalise`` keeps them); ``raw_text`` and ``event_text`` are the raw item and the event
    as JSON (``raw_json`` of the raw item, ``event_json`` of the event)."""
    return {
        "source": raw.source,
        "key": raw.key,
        "event_id": event_id,
        "url": raw.url,
        "fetched_at": raw.fetched_at,
        "first_seen": first_seen or now,
        "last_seen": now,
        "removed_at": None,
        "event": event_text,
        "raw": raw_text,
        "digest": digest,
    }


def sighting_fields(
    db: sqlite_utils.Database,
    keys: Iterable[SightingKey],
    event_fields: tuple[str, ...],
    raw_keys: tuple[str, ...],
) -> list[tuple[str, str, str, str]]:
    """Source and key of these sightings, the values of the event's ``event_fields`` and of the
    raw item's ``raw_keys``, each as a JSON array, without decoding the rest of either. SQLite
    copies numbers as they were written, so ``json.loads`` reads them exactly as it would have
    read the whole text."""
    if len(event_fields) < 2 or len(raw_keys) < 2:
        raise ValueError("json_extract gives an array for two paths or more")
    wanted = [list(k) for k in keys]
    if not wanted:
        return []
    event = ", ".join(f"'$.{name}'" for name in event_fields)
    raw = ", ".join(f"'$.{name}'" for name in raw_keys)
    rows = db.execute(
        f"""with wanted(source, key) as (
             select json_extract(value, '$[0]'), json_extract(value, '$[1]')
             from json_each(?))
           select s.source, s.key, json_extract(s.event, {event}), json_extract(s.raw, {raw})
           from wanted join event_sources s using (source, key)""",
        [json.dumps(wanted)],
    )
    return rows.fetchall()


def write_events(db: sqlite_utils.Database, rows: Iterable[dict[str, Any]]) -> None:
    """Rows may be a generator: they are written as they come, never all held in memory."""
    _upsert(db, "events", ("id",), rows)


def write_event_values(
    db: sqlite_utils.Database, columns: tuple[str, ...], values: Iterable[tuple[Any, ...]]
) -> None:
    """``write_events`` of rows given as values in the order of ``columns`` (as they come back
    from a worker process: the keys of every row are not sent again)."""
    _upsert_values(db, "events", ("id",), columns, values)


def write_sightings(db: sqlite_utils.Database, rows: Iterable[dict[str, Any]]) -> None:
    _upsert(db, "event_sources", ("source", "key"), rows)


def _upsert(
    db: sqlite_utils.Database, table: str, pk: tuple[str, ...], rows: Iterable[dict[str, Any]]
) -> None:
    """Insert each row, or update the stored row of its key (keeping its rowid, which the search
    index points at): the statement sqlite-utils' ``upsert_all`` writes, prepared once for all
    rows, which all have the first row's keys. ``upsert_all`` builds the statement and flattens
    its parameters again for every batch of 500 rows, checking each value's type: a third of the
    main process's time in a first ingest."""
    stream = iter(rows)
    first = next(stream, None)
    if first is None:
        return
    columns = tuple(first)
    _upsert_values(db, table, pk, columns, map(itemgetter(*columns), chain([first], stream)))


def _upsert_values(
    db: sqlite_utils.Database,
    table: str,
    pk: tuple[str, ...],
    columns: tuple[str, ...],
    values: Iterable[tuple[Any, ...]],
) -> None:
    names = ", ".join(f"[{c}]" for c in columns)
    marks = ", ".join("?" * len(columns))
    updates = ", ".join(f"[{c}] = excluded.[{c}]" for c in columns if c not in pk)
    keys = ", ".join(f"[{c}]" for c in pk)
    db.conn.executemany(
        f"insert into [{table}] ({names}) values ({marks}) "
        f"on conflict ({keys}) do update set {updates}",
        values,
    )


def assign_events(
    db: sqlite_utils.Database, assignments: Iterable[tuple[str, SightingKey]]
) -> None:
    """Sightings written before dedupe decided their event: (event id, (source, key))."""
    db.conn.executemany(
        "update event_sources set event_id = ? where source = ? and key = ?",
        ((event_id, source, key) for event_id, (source, key) in assignments),
    )


def touch_events(db: sqlite_utils.Database, ids: Iterable[str], now: str) -> None:
    """Seen again, unchanged: only ``last_seen`` moves (the search index is left alone)."""
    db.conn.executemany("update events set last_seen = ? where id = ?", ((now, i) for i in ids))


def touch_sightings(
    db: sqlite_utils.Database, seen: Iterable[tuple[SightingKey, str]], now: str
) -> None:
    """``seen``: ((source, key), fetched_at) of sightings that said nothing new."""
    db.conn.executemany(
        "update event_sources set last_seen = ?, fetched_at = ? where source = ? and key = ?",
        ((now, fetched_at, source, key) for (source, key), fetched_at in seen),
    )


def vanished_sightings(
    db: sqlite_utils.Database, source: str, seen: set[SightingKey], today: date
) -> list[tuple[str, str]]:
    """(key, event_id) of the source's active sightings of upcoming events not seen this time;
    past events simply age out of listings and are left alone."""
    rows = db.execute(
        """select s.key, s.event_id from event_sources s join events e on e.id = s.event_id
           where s.source = ? and s.removed_at is null and e.last_day >= ?""",
        [source, today.isoformat()],
    )
    return [(key, event_id) for key, event_id in rows if (source, key) not in seen]


def mark_sightings_removed(
    db: sqlite_utils.Database, source: str, keys: Iterable[str], now: str
) -> None:
    db.conn.executemany(
        "update event_sources set removed_at = ? where source = ? and key = ? ",
        ((now, source, key) for key in keys),
    )


def active_sighting_keys(
    db: sqlite_utils.Database, event_ids: Iterable[str]
) -> dict[str, list[SightingKey]]:
    wanted = list(event_ids)
    out: dict[str, list[SightingKey]] = {i: [] for i in wanted}
    if not wanted:
        return out
    rows = db.execute(
        """select event_id, source, key from event_sources where removed_at is null
           and event_id in (select value from json_each(?))""",
        [json.dumps(wanted)],
    )
    for event_id, source, key in rows:
        out[event_id].append((source, key))
    return out


def mark_events_removed(db: sqlite_utils.Database, ids: Iterable[str], now: str) -> None:
    """No source lists them any more: kept, but marked, so feeds drop them and history stays."""
    db.conn.executemany(
        """update events set removed_at = ?, updated = ?, sequence = coalesce(sequence, 0) + 1,
           source_count = 0 where id = ?""",
        ((now, now, i) for i in ids),
    )


def _utc(value: str) -> str:
    """A sortable UTC instant (all-day events sort at the start of their first day)."""
    if len(value) == 10:
        return value + "T00:00:00"
    return datetime.fromisoformat(value).astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S")
