"""The SQLite file: schema, migrations and every write, through sqlite-utils.

WAL lets Datasette read while a run writes; every ingest is one transaction, so a crash at any point
leaves the previous good state.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import asdict, fields
from datetime import date, datetime
from pathlib import Path
from typing import Any

import sqlite_utils

from aggregator.event import Event, Sighting

SCHEMA_VERSION = 1
PUBLISHED_FIELDS = tuple(f.name for f in fields(Event) if f.name not in ("description_text",))
FTS_COLUMNS = ["title", "description", "venue", "city", "organizer"]
ZERO_WARNING = "fell to 0 events"

EVENT_COLUMNS: dict[str, type] = {
    "id": str,
    "title": str,
    "description": str,
    "description_text": str,
    "start": str,
    "end": str,
    "all_day": int,
    "timezone": str,
    "venue": str,
    "street": str,
    "postcode": str,
    "city": str,
    "region": str,
    "country": str,
    "latitude": float,
    "longitude": float,
    "attendance": str,
    "status": str,
    "url": str,
    "organizer": str,
    "topics": str,
    "digital": int,
    "start_utc": str,
    "last_day": str,
    "first_seen": str,
    "last_seen": str,
    "updated": str,
    "sequence": int,
    "content_hash": str,
    "removed_at": str,
}
SIGHTING_COLUMNS: dict[str, type] = {
    "source": str,
    "key": str,
    "event_id": str,
    "url": str,
    "fetched_at": str,
    "first_seen": str,
    "last_seen": str,
    "removed_at": str,
    "event": str,
    "raw": str,
}
SOURCE_COLUMNS: dict[str, type] = {
    "name": str,
    "url": str,
    "kind": str,
    "organizer": str,
    "region": str,
    "topics": str,
    "verified": int,
    "last_run": str,
    "last_status": str,
    "last_failure": str,
    "last_pages": int,
    "last_http_errors": int,
    "last_dropped": str,
    "last_events": int,
    "previous_events": int,
    "consecutive_failures": int,
    "warning": str,
}
RUN_COLUMNS: dict[str, type] = {
    "id": str,
    "started": str,
    "finished": str,
    "status": str,
    "sources_ok": int,
    "sources_failed": int,
    "events_new": int,
    "events_updated": int,
    "events_unchanged": int,
    "events_removed": int,
    "dropped": int,
    "results": str,
    "mode": str,
    "duration": float,
    "dropped_reasons": str,
    "warnings": str,
    "error": str,
}


def open_db(path: str | Path) -> sqlite_utils.Database:
    """Open (creating or upgrading) the database in WAL mode."""
    db = sqlite_utils.Database(path)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA busy_timeout=10000")
    ensure_schema(db)
    return db


def ensure_schema(db: sqlite_utils.Database) -> None:
    version = db.execute("PRAGMA user_version").fetchone()[0]
    if version >= SCHEMA_VERSION:
        return
    with db.conn:
        events = db.table("events")
        if not events.exists():
            events.create(EVENT_COLUMNS, pk="id", not_null={"title", "start"})
        sightings = db.table("event_sources")
        if not sightings.exists():
            sightings.create(
                SIGHTING_COLUMNS,
                pk=("source", "key"),
                foreign_keys=[("event_id", "events", "id")],
            )
        for name, columns, pk in (
            ("sources", SOURCE_COLUMNS, "name"),
            ("runs", RUN_COLUMNS, "id"),
        ):
            if not db.table(name).exists():
                db.table(name).create(columns, pk=pk)
        for column in ("start", "start_utc", "last_day", "city", "region", "status"):
            events.create_index([column], if_not_exists=True)
        sightings.create_index(["event_id"], if_not_exists=True)
        db.execute(f"PRAGMA user_version={SCHEMA_VERSION}")
    if not db["events"].detect_fts():
        db["events"].enable_fts(
            FTS_COLUMNS, create_triggers=True, tokenize="unicode61 remove_diacritics 2"
        )


def known_keys(db: sqlite_utils.Database) -> dict[tuple[str, str], str]:
    return {
        (row["source"], row["key"]): row["event_id"]
        for row in db.query("select source, key, event_id from event_sources")
    }


def events_between(db: sqlite_utils.Database, first: date, last: date) -> list[tuple[str, Event]]:
    """Stored events touching the given days: the candidates new sightings may join."""
    rows = db.query(
        "select * from events where substr(start, 1, 10) <= ? and last_day >= ?",
        [last.isoformat(), first.isoformat()],
    )
    return [(row["id"], event_from_row(row)) for row in rows]


def stored_sightings(
    db: sqlite_utils.Database, event_ids: Iterable[str]
) -> dict[str, list[Sighting]]:
    """The current sightings of these events, as they were normalised when last seen."""
    ids = list(event_ids)
    out: dict[str, list[Sighting]] = {i: [] for i in ids}
    for chunk_start in range(0, len(ids), 500):
        chunk = ids[chunk_start : chunk_start + 500]
        marks = ",".join("?" for _ in chunk)
        for row in db.query(
            f"select * from event_sources where removed_at is null and event_id in ({marks})",
            chunk,
        ):
            out[row["event_id"]].append(sighting_from_row(row))
    return out


def stored_event(db: sqlite_utils.Database, event_id: str) -> dict[str, Any] | None:
    rows = list(db.query("select * from events where id = ?", [event_id]))
    return rows[0] if rows else None


def event_from_row(row: dict[str, Any]) -> Event:
    values = {f.name: row.get(f.name) for f in fields(Event)}
    values["all_day"] = bool(values["all_day"])
    values["topics"] = json.loads(row.get("topics") or "[]")
    values["description"] = values["description"] or ""
    values["description_text"] = values["description_text"] or ""
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
    """Changes exactly when a published field changes; drives ``updated`` and iCal SEQUENCE."""
    data = {name: getattr(event, name) for name in PUBLISHED_FIELDS}
    return hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()[:20]


def event_row(
    event_id: str,
    event: Event,
    *,
    digital: bool,
    now: str,
    previous: dict[str, Any] | None,
) -> tuple[dict[str, Any], str]:
    """The row to store and whether the event is ``new``, ``updated`` or ``unchanged``."""
    digest = content_hash(event)
    row = asdict(event)
    row.update(
        id=event_id,
        all_day=int(event.all_day),
        topics=json.dumps(event.topics, ensure_ascii=False),
        digital=int(digital),
        start_utc=_utc(event.start),
        last_day=(event.end or event.start)[:10],
        last_seen=now,
        content_hash=digest,
        removed_at=None,
    )
    if previous is None:
        row.update(first_seen=now, updated=now, sequence=0)
        return row, "new"
    row["first_seen"] = previous["first_seen"]
    if previous["content_hash"] == digest and not previous.get("removed_at"):
        row.update(updated=previous["updated"], sequence=previous["sequence"])
        return row, "unchanged"
    row.update(updated=now, sequence=(previous["sequence"] or 0) + 1)
    return row, "updated"


def sighting_row(sighting: Sighting, event_id: str, now: str, first_seen: str | None) -> dict:
    return {
        "source": sighting.source,
        "key": sighting.key,
        "event_id": event_id,
        "url": sighting.url,
        "fetched_at": sighting.fetched_at,
        "first_seen": first_seen or now,
        "last_seen": now,
        "removed_at": None,
        "event": json.dumps(asdict(sighting.event), ensure_ascii=False),
        "raw": json.dumps(sighting.raw, ensure_ascii=False, default=str),
    }


def _utc(value: str) -> str:
    """A sortable UTC instant (all-day events sort at the start of their first day)."""
    if len(value) == 10:
        return value + "T00:00:00"
    from datetime import UTC

    return datetime.fromisoformat(value).astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S")


def save_sources(db: sqlite_utils.Database, sources: Iterable[Any]) -> None:
    """Keep the sources table in step with sources.toml (health columns are left as they are)."""
    for source in sources:
        db["sources"].upsert(
            {
                "name": source.name,
                "url": source.url,
                "kind": source.kind,
                "organizer": source.organizer,
                "region": source.region,
                "topics": json.dumps(list(source.topics), ensure_ascii=False),
                "verified": None if source.verified is None else int(source.verified),
            },
            pk="name",
            alter=True,
        )


def record_source_result(
    db: sqlite_utils.Database,
    name: str,
    *,
    ok: bool,
    pages: int,
    events: int,
    failure: str | None,
    run_id: str,
    http_errors: int = 0,
    dropped: dict[str, int] | None = None,
) -> str | None:
    """Update a source's health; returns a warning an operator should act on, if any.

    ``dropped`` counts the items that could not be read, by reason, as JSON in ``last_dropped``.
    """
    previous = stored_source(db, name) or {}
    failures = 0 if ok else (previous.get("consecutive_failures") or 0) + 1
    before = previous.get("last_events") or 0
    warning = None
    # A source that fell to zero stays flagged while it remains at zero (a failed run says nothing
    # about its events), so the warning does not vanish after one run while nobody has acted.
    still_zero = (previous.get("warning") or "").startswith(ZERO_WARNING) and not (ok and events)
    if ok and events == 0 and before > 0:
        warning = f"{ZERO_WARNING} (had {before}): the site may have changed"
    elif failures >= 3:
        warning = f"failed {failures} runs in a row"
    elif still_zero:
        warning = previous["warning"]
    db["sources"].upsert(
        {
            "name": name,
            "last_run": run_id,
            "last_status": "ok" if ok else "failed",
            "last_failure": failure,
            "last_pages": pages,
            "last_http_errors": http_errors,
            "last_dropped": json.dumps(dict(sorted((dropped or {}).items())), ensure_ascii=False),
            "last_events": events if ok else before,
            "previous_events": before,
            "consecutive_failures": failures,
            "warning": warning,
        },
        pk="name",
        alter=True,
    )
    return warning


def stored_source(db: sqlite_utils.Database, name: str) -> dict[str, Any] | None:
    rows = list(db.query("select * from sources where name = ?", [name]))
    return rows[0] if rows else None


def record_run(db: sqlite_utils.Database, row: dict[str, Any]) -> None:
    db["runs"].upsert(row, pk="id", alter=True)
