"""The ingest step: raw JSON-lines -> normalise -> dedupe -> the database, in one transaction.

Ingest is the single writer of the database. A source's health decides what its absence means: an
event missing from a healthy source is marked removed; a failed source changes nothing.

A re-ingest of unchanged raw items is cheap: a sighting whose digest (what it says, and the rules
that read it) is unchanged and whose event gained or lost no sighting leaves its event as it is, and
only ``last_seen`` moves.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, fields
from datetime import date
from functools import lru_cache
from pathlib import Path

import sqlite_utils

from aggregator import clock
from aggregator.crawl.stats import CrawlStats
from aggregator.dedupe import matching as dedupe
from aggregator.model.event import Sighting
from aggregator.model.raw import RawEvent
from aggregator.normalise import dates, places, status, text, timezones, topics
from aggregator.normalise import item as normalise_module
from aggregator.normalise.item import Dropped, normalise
from aggregator.store import events as store


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


class RawFiles:
    """The raw items of JSON-lines files, read while being iterated, never all held at once.

    A line that is not valid JSON (a crawl killed mid-write) is skipped, not fatal.
    """

    def __init__(self, files: list[Path]) -> None:
        self.files = files

    def __iter__(self) -> Iterator[RawEvent]:
        for file in self.files:
            with file.open(encoding="utf-8") as handle:
                for line in handle:
                    try:
                        yield RawEvent.from_dict(json.loads(line))
                    except (ValueError, TypeError):
                        continue


def read_raw(paths: Iterable[str | Path]) -> tuple[RawFiles, dict[str, CrawlStats]]:
    """Raw items from files or run directories, with the crawl figures found beside them."""
    files: list[Path] = []
    for path in map(Path, paths):
        files.extend(sorted(path.glob("*.jsonl")) if path.is_dir() else [path])
    stats: dict[str, CrawlStats] = {}
    for file in files:
        stats_file = file.with_name(file.name.removesuffix(".jsonl") + ".stats.json")
        if stats_file.exists():
            data = CrawlStats.from_dict(json.loads(stats_file.read_text("utf-8")))
            stats[data.source] = data
    return RawFiles(files), stats


def ingest(
    db: sqlite_utils.Database,
    raws: Iterable[RawEvent],
    healthy_sources: Iterable[str] = (),
    reference: date | None = None,
) -> IngestReport:
    """Store the raw items; mark events of ``healthy_sources`` that were not seen as removed.

    Everything is written in one transaction (a savepoint when the caller holds one already).
    """
    reference = reference or clock.today()
    now = clock.now_iso()
    report = IngestReport()
    with db.atomic():
        known = store.known_sightings(db)
        batch = _prepare_all(db, raws, reference, known, now, report)
        _store(db, batch, known, now, report)
        seen = set(batch.changed) | set(batch.quiet)
        for source in healthy_sources:
            _remove_vanished(db, source, seen, reference, now, report)
    return report


@dataclass
class Batch:
    """The raw items of one ingest: those that say something new, normalised (their sighting rows
    are written as they are read, so the raw items are never all held in memory), and those that
    say exactly what they said last time (by digest), which are not normalised again."""

    changed: dict[tuple[str, str], Sighting] = field(default_factory=dict)
    """``sighting.raw`` is cut down to what merging reads (``dedupe.RAW_KEYS``)."""
    quiet: dict[tuple[str, str], str] = field(default_factory=dict)
    """(source, key) -> when it was fetched this time."""


def _prepare_all(
    db: sqlite_utils.Database,
    raws: Iterable[RawEvent],
    reference: date,
    known: dict[tuple[str, str], store.KnownSighting],
    now: str,
    report: IngestReport,
) -> Batch:
    """Normalise what is new and write its sighting row (new sightings get their event once
    clustered). A source that lists an event twice (listing and detail page) keeps the last."""
    batch = Batch()

    def rows() -> Iterator[dict]:
        for raw in raws:
            key = (raw.source, raw.key)
            said = _said(raw)
            digest = raw_digest(said)
            before = known.get(key)
            repeated = key in batch.changed or key in batch.quiet
            if before and before.removed_at is None and before.digest == digest and not repeated:
                batch.quiet[key] = raw.fetched_at
                report.sources[raw.source].events += 1
                continue
            try:
                result = normalise(raw, reference)
            except Exception as exc:  # one odd item must not stop the run; the report names it
                result = Dropped(raw.source, raw.key, f"unreadable ({type(exc).__name__})")
            if isinstance(result, Dropped):
                report.sources[raw.source].dropped[result.reason] += 1
                continue
            report.sources[raw.source].events += 1
            said["fetched_at"] = raw.fetched_at
            result.raw = {k: said.get(k) for k in dedupe.RAW_KEYS}
            batch.quiet.pop(key, None)
            batch.changed[key] = result
            yield store.sighting_row(
                result,
                before.event_id if before else None,
                now,
                before.first_seen if before else None,
                digest,
                store.raw_json(said),
            )

    store.write_sightings(db, rows())
    return batch


RAW_FIELDS = tuple(f.name for f in fields(RawEvent))


def _said(raw: RawEvent) -> dict[str, object]:
    """The raw item as a dict without its fetch time (a shallow copy; ``asdict`` is slow)."""
    return {name: getattr(raw, name) for name in RAW_FIELDS if name != "fetched_at"}


def raw_digest(said: dict[str, object]) -> str:
    """Changes when the raw item says something new (its fetch time aside) or when the code that
    reads it changes (``rules_version``)."""
    text = json.dumps(said, ensure_ascii=False, default=str)
    return hashlib.sha1((rules_version() + text).encode()).hexdigest()


@lru_cache(maxsize=1)
def rules_version() -> str:
    """A fingerprint of the code that turns a raw item into a stored event: after a parser or a
    dedupe rule improves, every raw item is read again once; until then an unchanged raw item keeps
    the event it was read as (also for texts without a year, read relative to the day they were
    first seen)."""
    digest = hashlib.sha1()
    for module in (normalise_module, dates, places, topics, status, text, timezones, dedupe):
        digest.update(Path(module.__file__).read_bytes())
    return digest.hexdigest()[:12]


def _store(
    db: sqlite_utils.Database,
    batch: Batch,
    known: dict[tuple[str, str], store.KnownSighting],
    now: str,
    report: IngestReport,
) -> None:
    new_days = {
        day
        for key, sighting in batch.changed.items()
        if key not in known
        for day in dedupe.event_days(sighting.event)
    }
    present: dict[str, set[str]] = defaultdict(set)
    for source, key in batch.quiet:
        present[known[(source, key)].event_id].add(source)
    clusters = dedupe.cluster(
        batch.changed.values(),
        {key: k.event_id for key, k in known.items()},
        store.candidate_events(db, new_days),
        present,
    )
    previous = store.stored_events(db, [c.event_id for c in clusters])
    others = _other_sightings(db, clusters, known)

    def event_rows() -> Iterator[dict]:
        for group in clusters:
            everyone = group.sightings + others.get(group.event_id, [])
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
            yield row

    store.write_events(db, event_rows())
    event_of = {s_key(s): c.event_id for c in clusters for s in c.sightings}
    store.assign_events(
        db, ((event_id, key) for key, event_id in event_of.items() if key not in known)
    )
    quiet_events = {known[key].event_id for key in batch.quiet} - set(event_of.values())
    report.outcomes.update((event_id, "unchanged") for event_id in quiet_events)
    store.touch_events(db, quiet_events, now)
    store.touch_sightings(db, batch.quiet.items(), now)


def s_key(sighting: Sighting) -> tuple[str, str]:
    return (sighting.source, sighting.key)


def _other_sightings(
    db: sqlite_utils.Database,
    groups: list[dedupe.Cluster],
    known: dict[tuple[str, str], store.KnownSighting],
) -> dict[str, list[Sighting]]:
    """The stored, still listed sightings of these events that this ingest did not bring."""
    wanted = {g.event_id: {s_key(s) for s in g.sightings} for g in groups}
    keys = [
        key
        for key, k in known.items()
        if k.removed_at is None and k.event_id in wanted and key not in wanted[k.event_id]
    ]
    others: dict[str, list[Sighting]] = defaultdict(list)
    for sighting in store.stored_sightings(db, keys):
        others[known[s_key(sighting)].event_id].append(sighting)
    return others


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
