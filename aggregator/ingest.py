"""The ingest step: raw JSON-lines -> normalise -> dedupe -> the database, in one transaction.

Ingest is the single writer of the database. A source's health decides what its absence means: an
event missing from a healthy source is marked removed; a failed source changes nothing.

A re-ingest of unchanged raw items is cheap: a sighting whose digest (what it says, and the rules
that read it) is unchanged and whose event gained or lost no sighting leaves its event as it is, and
only ``last_seen`` moves.
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

RULES_VERSION = "dedupe-2"
"""Part of every sighting's digest: changing the merge rules re-merges every event once."""


@dataclass
class SourceIngest:
    events: int = 0
    dropped: Counter[str] = field(default_factory=Counter)
    removed: int = 0


@dataclass
class IngestReport:
    outcomes: dict[str, str] = field(default_factory=dict)
    """Event id -> new, updated, unchanged or removed."""
    sources: dict[str, SourceIngest] = field(default_factory=lambda: defaultdict(SourceIngest))

    @property
    def new(self) -> int:
        return self._count("new")

    @property
    def updated(self) -> int:
        return self._count("updated")

    @property
    def unchanged(self) -> int:
        return self._count("unchanged")

    @property
    def removed(self) -> int:
        return self._count("removed")

    @property
    def dropped(self) -> int:
        return sum(sum(s.dropped.values()) for s in self.sources.values())

    def _count(self, outcome: str) -> int:
        return sum(1 for o in self.outcomes.values() if o == outcome)


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
    """Store the raw items; mark events of ``healthy_sources`` that were not seen as removed.

    Everything is written in one transaction (a savepoint when the caller holds one already).
    """
    reference = reference or clock.today()
    now = clock.now_iso()
    report = IngestReport()
    sightings = _latest_per_key(_normalise_all(raws, reference, report))
    with db.atomic():
        _store(db, sightings, now, report)
        seen = {(s.source, s.key) for s in sightings}
        for source in healthy_sources:
            _remove_vanished(db, source, seen, reference, now, report)
    return report


def _normalise_all(raws: list[RawEvent], reference: date, report: IngestReport) -> list[Sighting]:
    sightings = []
    for raw in raws:
        try:
            result = normalise(raw, reference)
        except Exception as exc:  # one odd item must not stop the run; the report names it
            result = Dropped(raw.source, raw.key, f"unreadable ({type(exc).__name__})")
        if isinstance(result, Dropped):
            report.sources[raw.source].dropped[result.reason] += 1
        else:
            sightings.append(result)
            report.sources[raw.source].events += 1
    return sightings


def _latest_per_key(sightings: list[Sighting]) -> list[Sighting]:
    """A source may list an event twice (listing and detail page): keep the last one."""
    latest: dict[tuple[str, str], Sighting] = {}
    for sighting in sightings:
        latest[(sighting.source, sighting.key)] = sighting
    return list(latest.values())


def _store(
    db: sqlite_utils.Database, sightings: list[Sighting], now: str, report: IngestReport
) -> None:
    known = store.known_sightings(db)
    digests = {(s.source, s.key): store.sighting_digest(s, RULES_VERSION) for s in sightings}
    new_days = {
        day
        for s in sightings
        if (s.source, s.key) not in known
        for day in dedupe.event_days(s.event)
    }
    clusters = dedupe.cluster(
        sightings,
        {key: k.event_id for key, k in known.items()},
        store.candidate_events(db, new_days),
    )
    previous = store.stored_events(db, [c.event_id for c in clusters])
    members: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for key, k in known.items():
        if k.removed_at is None:
            members[k.event_id].add(key)

    def changed(s: Sighting) -> bool:
        k = known.get((s.source, s.key))
        return k is None or k.removed_at is not None or k.digest != digests[(s.source, s.key)]

    to_merge: list[dedupe.Cluster] = []
    quiet_events: list[str] = []
    for group in clusters:
        before = previous.get(group.event_id)
        if before is None or before.removed_at or any(changed(s) for s in group.sightings):
            to_merge.append(group)
        else:
            quiet_events.append(group.event_id)
            report.outcomes[group.event_id] = "unchanged"
    other_keys = {
        key
        for group in to_merge
        for key in members[group.event_id] - {(s.source, s.key) for s in group.sightings}
    }
    others: dict[str, list[Sighting]] = defaultdict(list)
    for sighting in store.stored_sightings(db, other_keys):
        others[known[(sighting.source, sighting.key)].event_id].append(sighting)

    event_rows = []
    for group in to_merge:
        everyone = group.sightings + others[group.event_id]
        event = dedupe.merge(everyone)
        row, change = store.event_row(
            group.event_id,
            event,
            digital=topics.is_digital(event.topics),
            now=now,
            previous=previous.get(group.event_id),
            source_count=len(everyone),
        )
        report.outcomes[group.event_id] = change
        event_rows.append(row)
    store.write_events(db, event_rows)
    store.touch_events(db, quiet_events, now)

    event_of = {(s.source, s.key): c.event_id for c in clusters for s in c.sightings}
    store.write_sightings(
        db,
        [
            store.sighting_row(
                s,
                event_of[(s.source, s.key)],
                now,
                known[(s.source, s.key)].first_seen if (s.source, s.key) in known else None,
                digests[(s.source, s.key)],
            )
            for s in sightings
            if changed(s)
        ],
    )
    store.touch_sightings(db, [s for s in sightings if not changed(s)], now)


def _remove_vanished(
    db: sqlite_utils.Database,
    source: str,
    seen: set[tuple[str, str]],
    today: date,
    now: str,
    report: IngestReport,
) -> None:
    """Upcoming events the source no longer lists lose its sighting; an event no source lists any
    more is marked removed, one still listed elsewhere is merged again from what remains."""
    gone = store.vanished_sightings(db, source, seen, today)
    if not gone:
        return
    store.mark_sightings_removed(db, source, [key for key, _ in gone], now)
    remaining = store.active_sighting_keys(db, {event_id for _, event_id in gone})
    removed = sorted(event_id for event_id, keys in remaining.items() if not keys)
    store.mark_events_removed(db, removed, now)
    report.sources[source].removed += len(removed)
    report.outcomes.update((event_id, "removed") for event_id in removed)
    still_listed = {event_id: keys for event_id, keys in remaining.items() if keys}
    previous = store.stored_events(db, still_listed)
    by_event: dict[str, list[Sighting]] = defaultdict(list)
    keys_to_event = {key: event_id for event_id, keys in still_listed.items() for key in keys}
    for sighting in store.stored_sightings(db, keys_to_event):
        by_event[keys_to_event[(sighting.source, sighting.key)]].append(sighting)
    rows = []
    for event_id, sightings in sorted(by_event.items()):
        event = dedupe.merge(sightings)
        row, change = store.event_row(
            event_id,
            event,
            digital=topics.is_digital(event.topics),
            now=now,
            previous=previous.get(event_id),
            source_count=len(sightings),
        )
        if change != "unchanged":
            report.outcomes[event_id] = change
        rows.append(row)
    store.write_events(db, rows)
