"""The event rows of clustered sightings: merging, done in worker processes when there are many.

Merging a cluster's sightings and building its event row is a third of a first ingest's main
process and can only begin once clustering has decided every cluster; on one core the other
core waited for it. A batch of clusters therefore crosses to a worker as the stored texts of its
sightings (pickling a string is a copy; decoding them is part of the work) and comes back as
rows of values in one column order, so that the main process only reads, sends and writes.
A small ingest does the same here, without a pool.
"""

from __future__ import annotations

from dataclasses import dataclass
from operator import itemgetter
from typing import Any

from aggregator import dedupe, store
from aggregator.model.event import Sighting
from aggregator.normalise.topics import is_digital


@dataclass(frozen=True, slots=True)
class Group:
    """One cluster as merging needs it."""

    event_id: str
    stored: list[dict[str, Any]]
    """This ingest's sightings of it as ``store.stored_sighting_rows`` reads them back."""
    others: list[Sighting]
    """Its stored, still listed sightings that this ingest did not bring."""


@dataclass(frozen=True, slots=True)
class MergeBatch:
    groups: list[Group]
    previous: dict[str, store.StoredEvent]
    """The stored events of these groups, where there are any."""
    now: str


@dataclass(frozen=True, slots=True)
class EventRows:
    """The rows of a batch: every row has the same keys, so they travel as values."""

    columns: tuple[str, ...]
    values: list[tuple[Any, ...]]
    changes: list[tuple[str, str]]
    """(event id, ``new``, ``updated`` or ``unchanged``), in the order of the rows."""


def merged_rows(batch: MergeBatch) -> EventRows:
    rows: list[dict[str, Any]] = []
    changes: list[tuple[str, str]] = []
    for group in batch.groups:
        sightings = [store.sighting_from_row(row) for row in group.stored] + group.others
        row, change = merged_row(group.event_id, sightings, batch.previous, batch.now)
        rows.append(row)
        changes.append((group.event_id, change))
    if not rows:
        return EventRows((), [], [])
    columns = tuple(rows[0])
    return EventRows(columns, list(map(itemgetter(*columns), rows)), changes)


def merged_row(
    event_id: str,
    sightings: list[Sighting],
    previous: dict[str, store.StoredEvent],
    now: str,
) -> tuple[dict[str, Any], str]:
    """The event merged from all its listed sightings, as a row, and what changed."""
    event = dedupe.merge(sightings)
    return store.event_row(
        event_id,
        event,
        digital=is_digital(event.topics),
        now=now,
        previous=previous.get(event_id),
        source_count=len(sightings),
    )


def ready() -> None:
    """Nothing: a worker that has run it has imported what merging needs (sent while the main
    process clusters, so that starting the workers overlaps it)."""
