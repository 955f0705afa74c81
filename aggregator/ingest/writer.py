"""Raw items -> normalise -> dedupe -> the database, in one transaction.

Ingest is the single writer of the database. A source's health decides what its absence means: an
event missing from a healthy source is marked removed; a failed source changes nothing.

A re-ingest of unchanged raw items is cheap: a sighting whose digest (``digest``) is unchanged and
whose event gained or lost no sighting leaves its event as it is, and only ``last_seen`` moves.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from contextlib import nullcontext
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import sqlite_utils

from aggregator import clock, dedupe, store
from aggregator.collection import cycles_collected_afterwards
from aggregator.ingest import merging, parallel
from aggregator.ingest.digest import digest_of, said, said_text, stored_text
from aggregator.ingest.held import held_sightings
from aggregator.ingest.parallel import normalised
from aggregator.ingest.report import IngestReport
from aggregator.ingest.reports import store_reports
from aggregator.model.event import Sighting, SightingKey
from aggregator.model.raw import RawEvent
from aggregator.model.report import Report
from aggregator.normalise.item import Dropped, Reported


def ingest(
    db: sqlite_utils.Database,
    raws: Iterable[RawEvent],
    healthy_sources: Iterable[str] | Callable[[], Iterable[str]] = (),
    reference: date | None = None,
) -> IngestReport:
    """Store the raw items; mark events of ``healthy_sources`` that were not seen as removed.

    The first ingest into an empty database writes its rows with the triggers set aside and
    rebuilds what they keep (``store.bulk_load``): every row is new, so the rebuild reads each
    once, where the triggers would have worked per row (a fifth of the SQLite time).

    ``healthy_sources`` may be a function: it is asked once the raw items have been read, so that
    what reading revealed (a damaged raw file) can take a source off the list. Everything is
    written in one transaction (a savepoint when the caller holds one already).
    """
    reference = reference or clock.today()
    now = clock.now_iso()
    report = IngestReport()
    with cycles_collected_afterwards(), db.atomic():
        known = store.known_sightings(db)
        first = store.holds_no_events(db)
        with store.bulk_load(db) if first else nullcontext():
            batch = _prepare_all(db, raws, reference, known, now, report)
            _store(db, batch, known, now, report, bulk=first)
        store_reports(db, batch.reports, now, report)
        seen = set(batch.changed) | set(batch.quiet)
        healthy = healthy_sources() if callable(healthy_sources) else healthy_sources
        for source in healthy:
            _remove_vanished(db, source, seen, reference, now, report)
    return report


MERGED_AT_ONCE = 1000
"""Clusters whose sightings are read back from the database together for merging."""


@dataclass
class Batch:
    """The raw items of one ingest: those that say something new, normalised (their sighting rows
    are written as they are read, so the raw items are never all held in memory), and those that
    say exactly what they said last time (by digest), which are not normalised again."""

    changed: dict[SightingKey, None] = field(default_factory=dict)
    """The sightings written anew, in the order they came (a key set that keeps its order):
    clustering reads what it needs of them back from the database (``held``)."""
    quiet: dict[tuple[str, str], str] = field(default_factory=dict)
    """(source, key) -> when it was fetched this time."""
    reports: dict[str, Report] = field(default_factory=dict)
    """Items that report on a past event, by the report's address."""


def _prepare_all(
    db: sqlite_utils.Database,
    raws: Iterable[RawEvent],
    reference: date,
    known: dict[SightingKey, store.KnownSighting],
    now: str,
    report: IngestReport,
) -> Batch:
    """Normalise what is new and write its sighting row (new sightings get their event once
    clustered). A source that lists an event twice (listing and detail page) keeps the last."""
    batch = Batch()

    def read() -> Iterator[tuple[tuple[RawEvent, str, str], RawEvent | None]]:
        """Each raw item with its digest, and the item again where it may need normalising: a
        key seen before in this ingest always may (``rows`` decides for sure)."""
        seen: set[SightingKey] = set()
        for raw in raws:
            key = (raw.source, raw.key)
            text = said_text(said(raw))
            digest = digest_of(text)
            before = known.get(key)
            same = before and before.removed_at is None and before.digest == digest
            yield (raw, text, digest), None if same and key not in seen else raw
            seen.add(key)

    def rows() -> Iterator[dict[str, Any]]:
        for (raw, text, digest), result in normalised(read(), reference):
            key = (raw.source, raw.key)
            before = known.get(key)
            repeated = key in batch.changed or key in batch.quiet
            if before and before.removed_at is None and before.digest == digest and not repeated:
                batch.quiet[key] = raw.fetched_at
                report.sources[raw.source].events += 1
                continue
            assert result is not None, "read() asks for every item that is not quiet"
            if isinstance(result, Reported):
                report.sources[raw.source].reports += 1
                batch.reports[result.report.url] = result.report
                continue
            if isinstance(result, Dropped):
                report.sources[raw.source].dropped[result.reason] += 1
                continue
            report.sources[raw.source].events += 1
            batch.quiet.pop(key, None)
            batch.changed[key] = None
            yield store.sighting_row(
                raw,
                before.event_id if before else None,
                now,
                before.first_seen if before else None,
                digest,
                stored_text(text, raw.fetched_at),
                result.event_text,
            )

    store.write_sightings(db, rows())
    return batch


def _store(
    db: sqlite_utils.Database,
    batch: Batch,
    known: dict[SightingKey, store.KnownSighting],
    now: str,
    report: IngestReport,
    bulk: bool,
) -> None:
    """``bulk``: the caller set the triggers aside already (a first ingest, see ``ingest``)."""
    present: dict[str, set[str]] = defaultdict(set)
    for source, key in batch.quiet:
        present[known[(source, key)].event_id].add(source)
    with parallel.pool_for(len(batch.changed), merging.ready) as pool:
        held = list(held_sightings(db, batch.changed))
        new_days = {
            day
            for sighting in held
            if sighting.source_key not in known
            for day in dedupe.event_days(sighting.event)
        }
        clusters = dedupe.cluster(
            held,
            {key: k.event_id for key, k in known.items()},
            store.candidate_events(db, new_days),
            present,
        )
        previous = store.stored_events(db, [c.event_id for c in clusters])
        others = _other_sightings(db, clusters, known)

        def batches() -> Iterator[tuple[None, merging.MergeBatch]]:
            for first in range(0, len(clusters), MERGED_AT_ONCE):
                groups = clusters[first : first + MERGED_AT_ONCE]
                stored = {
                    (row["source"], row["key"]): row
                    for row in store.stored_sighting_rows(
                        db, (s.source_key for g in groups for s in g.sightings), dedupe.RAW_KEYS
                    )
                }
                yield (
                    None,
                    merging.MergeBatch(
                        [
                            merging.Group(
                                g.event_id,
                                [stored[s.source_key] for s in g.sightings],
                                others.get(g.event_id, []),
                            )
                            for g in groups
                        ],
                        {
                            g.event_id: previous[g.event_id]
                            for g in groups
                            if g.event_id in previous
                        },
                        now,
                    ),
                )

        merged = parallel.in_order(pool, parallel.worker_count(), merging.merged_rows, batches())
        large = not bulk and store.worth_bulk_load(db, len(clusters))
        with store.bulk_load(db) if large else nullcontext():
            for _, rows in merged:
                store.write_event_values(db, rows.columns, rows.values)
                report.outcomes.update(rows.changes)
    event_of = {s.source_key: c.event_id for c in clusters for s in c.sightings}
    # In the order the rows were written, where neighbours share pages: at 100,000 sightings
    # 0.7 s of CPU against 1.1 s in the order of the clusters.
    store.assign_events(db, ((event_of[key], key) for key in batch.changed if key not in known))
    quiet_events = {known[key].event_id for key in batch.quiet} - set(event_of.values())
    report.outcomes.update((event_id, "unchanged") for event_id in quiet_events)
    store.touch_events(db, quiet_events, now)
    store.touch_sightings(db, batch.quiet.items(), now)


def _other_sightings(
    db: sqlite_utils.Database,
    groups: list[dedupe.Cluster],
    known: dict[SightingKey, store.KnownSighting],
) -> dict[str, list[Sighting]]:
    """The stored, still listed sightings of these events that this ingest did not bring."""
    wanted = {g.event_id: {s.source_key for s in g.sightings} for g in groups}
    keys = [
        key
        for key, k in known.items()
        if k.removed_at is None and k.event_id in wanted and key not in wanted[k.event_id]
    ]
    others: dict[str, list[Sighting]] = defaultdict(list)
    for sighting in store.stored_sightings(db, keys):
        others[known[sighting.source_key].event_id].append(sighting)
    return others


def _remove_vanished(
    db: sqlite_utils.Database,
    source: str,
    seen: set[SightingKey],
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
        by_event[keys_to_event[sighting.source_key]].append(sighting)
    rows = []
    for event_id, sightings in sorted(by_event.items()):
        row, change = merging.merged_row(event_id, sightings, previous, now)
        if change != "unchanged":
            report.outcomes[event_id] = change
        rows.append(row)
    store.write_events(db, rows)
