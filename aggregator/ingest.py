"""The ingest step: raw JSON-lines -> normalise -> dedupe -> the database, in one transaction.

Ingest is the single writer of the database. A source's health decides what its absence means: an
event missing from a healthy source is marked removed; a failed source changes nothing.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import sqlite_utils

from aggregator import clock, dedupe, store, topics
from aggregator.crawlstats import CrawlStats
from aggregator.event import Sighting
from aggregator.items import RawEvent
from aggregator.normalise import Dropped, normalise


@dataclass
class SourceIngest:
    events: int = 0
    dropped: Counter[str] = field(default_factory=Counter)
    removed: int = 0


@dataclass
class IngestReport:
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    removed: int = 0
    sources: dict[str, SourceIngest] = field(default_factory=lambda: defaultdict(SourceIngest))

    @property
    def dropped(self) -> int:
        return sum(sum(s.dropped.values()) for s in self.sources.values())


def read_raw(paths: Iterable[str | Path]) -> tuple[list[RawEvent], dict[str, CrawlStats]]:
    """Raw items from files or run directories, with the crawl figures found beside them.

    A line that is not valid JSON (a crawl killed mid-write) is skipped, not fatal.
    """
    items: list[RawEvent] = []
    stats: dict[str, CrawlStats] = {}
    files: list[Path] = []
    for path in map(Path, paths):
        files.extend(sorted(path.glob("*.jsonl")) if path.is_dir() else [path])
    for file in files:
        with file.open(encoding="utf-8") as handle:
            for line in handle:
                try:
                    items.append(RawEvent.from_dict(json.loads(line)))
                except (ValueError, TypeError):
                    continue
        stats_file = file.with_name(file.name.removesuffix(".jsonl") + ".stats.json")
        if stats_file.exists():
            data = CrawlStats.from_dict(json.loads(stats_file.read_text("utf-8")))
            stats[data.source] = data
    return items, stats


def ingest(
    db: sqlite_utils.Database,
    raws: list[RawEvent],
    healthy_sources: Iterable[str] = (),
    reference: date | None = None,
) -> IngestReport:
    """Store the raw items; mark events of ``healthy_sources`` that were not seen as removed."""
    reference = reference or clock.today()
    now = clock.now_iso()
    report = IngestReport()
    sightings: list[Sighting] = []
    for raw in raws:
        result = normalise(raw, reference)
        if isinstance(result, Dropped):
            report.sources[raw.source].dropped[result.reason] += 1
        else:
            sightings.append(result)
            report.sources[raw.source].events += 1
    sightings = _latest_per_key(sightings)
    with db.conn:
        known = store.known_keys(db)
        existing = _candidates(db, sightings)
        clusters = dedupe.cluster(sightings, known, existing)
        stored = store.stored_sightings(db, [c.event_id for c in clusters])
        for group in clusters:
            fresh = {(s.source, s.key) for s in group.sightings}
            others = [s for s in stored[group.event_id] if (s.source, s.key) not in fresh]
            event = dedupe.merge(group.sightings + others)
            previous = store.stored_event(db, group.event_id)
            row, change = store.event_row(
                group.event_id,
                event,
                digital=topics.is_digital(event.topics),
                now=now,
                previous=previous,
            )
            setattr(report, change, getattr(report, change) + 1)
            db["events"].upsert(row, pk="id", alter=True)
            first_seen = _first_seen(db, group.sightings)
            db["event_sources"].upsert_all(
                [
                    store.sighting_row(s, group.event_id, now, first_seen.get((s.source, s.key)))
                    for s in group.sightings
                ],
                pk=("source", "key"),
                alter=True,
            )
        seen = {(s.source, s.key) for s in sightings}
        for source in healthy_sources:
            report.sources[source].removed = _mark_removed(db, source, seen, reference, now)
            report.removed += report.sources[source].removed
    return report


def _latest_per_key(sightings: list[Sighting]) -> list[Sighting]:
    """A source may list an event twice (listing and detail page): keep the last one."""
    latest: dict[tuple[str, str], Sighting] = {}
    for sighting in sightings:
        latest[(sighting.source, sighting.key)] = sighting
    return list(latest.values())


def _candidates(db: sqlite_utils.Database, sightings: list[Sighting]) -> list:
    if not sightings:
        return []
    first = min(date.fromisoformat(s.event.start[:10]) for s in sightings)
    last = max(date.fromisoformat((s.event.end or s.event.start)[:10]) for s in sightings)
    return store.events_between(db, first, last)


def _first_seen(db: sqlite_utils.Database, sightings: list[Sighting]) -> dict:
    out = {}
    for s in sightings:
        rows = list(
            db.query(
                "select first_seen from event_sources where source = ? and key = ?",
                [s.source, s.key],
            )
        )
        if rows:
            out[(s.source, s.key)] = rows[0]["first_seen"]
    return out


def _mark_removed(
    db: sqlite_utils.Database, source: str, seen: set[tuple[str, str]], today: date, now: str
) -> int:
    """Upcoming events the source no longer lists; past events simply age out of listings."""
    rows = list(
        db.query(
            """select s.key, s.event_id from event_sources s join events e on e.id = s.event_id
               where s.source = ? and s.removed_at is null and e.last_day >= ?""",
            [source, today.isoformat()],
        )
    )
    gone = [row for row in rows if (source, row["key"]) not in seen]
    for row in gone:
        db.execute(
            "update event_sources set removed_at = ? where source = ? and key = ?",
            [now, source, row["key"]],
        )
    removed = 0
    for event_id in {row["event_id"] for row in gone}:
        remaining = db.execute(
            "select count(*) from event_sources where event_id = ? and removed_at is null",
            [event_id],
        ).fetchone()[0]
        if remaining == 0:
            db.execute(
                "update events set removed_at = ?, updated = ? where id = ?", [now, now, event_id]
            )
            removed += 1
    return removed
