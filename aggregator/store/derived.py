"""What the database derives from the ``events`` table: the full-text index (``events_fts``) and the
topics table (``event_topics``, one row per listed event and topic, for Datasette's queries by
topic); and from ``event_sources``: each source's count of sightings (``source_sightings``, for
the health of the sources).

Triggers keep both in step with every write, which suits a nightly ingest that changes a few
thousand rows. A first ingest of hundreds of thousands of events would fire them once per row, so
``bulk_load`` sets them aside for the length of the load and rebuilds both tables once at its end,
in the caller's transaction: a reader never sees the tables out of step, and a failed load rolls
the triggers back too.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import sqlite_utils

TOPIC_ROWS = """select t.value, coalesce({row}.start_utc, {row}.start), {row}.id, n.value,
    {row}.last_day
  from {table}json_each(coalesce({row}.topics, '[]')) t
  left join json_each(coalesce({row}.topic_names, '[]')) n on n.key = t.key
  where {row}.removed_at is null"""
"""The ``event_topics`` rows of one event (``{row}``: ``new`` in a trigger; ``events`` with
``{table}`` ``events,`` for all),
as schema step 7 made its triggers: a change to it is a new step."""
TOPIC_COLUMNS = "(topic, start_utc, event_id, name, last_day)"
BULK_THRESHOLD = 20_000
"""Event rows from which a write may be cheaper with the triggers set aside and the derived tables
rebuilt (``worth_bulk_load``)."""


def worth_bulk_load(db: sqlite_utils.Database, rows: int) -> bool:
    """A rebuild reads every stored event once, the triggers work per written row: the rebuild
    pays when the write is large and at least as large as what is stored already (a first
    ingest, not a nightly one into a full database)."""
    if rows < BULK_THRESHOLD:
        return False
    stored: int = db.execute("select count(*) from events").fetchone()[0]
    return rows >= stored


def rebuild_topics(db: sqlite_utils.Database) -> None:
    db.execute("delete from event_topics")
    db.execute(
        f"insert or ignore into event_topics {TOPIC_COLUMNS} "
        + TOPIC_ROWS.format(row="events", table="events, ")
    )


def rebuild_search_index(db: sqlite_utils.Database) -> None:
    """FTS5's own rebuild of an external-content index: one pass over ``events``."""
    db.execute("insert into events_fts (events_fts) values ('rebuild')")


def rebuild_source_counts(db: sqlite_utils.Database) -> None:
    db.execute("delete from source_sightings")
    db.execute(
        """insert into source_sightings (source, active, removed)
           select source, sum(removed_at is null), sum(removed_at is not null)
           from event_sources group by source"""
    )


@contextmanager
def bulk_load(db: sqlite_utils.Database) -> Iterator[None]:
    """Writes to ``events`` and ``event_sources`` inside the block fire no trigger; the search
    index, the topics table and the counts of sightings are rebuilt when it ends. The caller holds the transaction (``db.atomic()``), so that an
    error inside the block takes the dropped triggers back with everything else."""
    if not db.conn.in_transaction:
        raise RuntimeError("bulk_load needs a transaction: call it inside db.atomic()")
    triggers = db.execute(
        """select name, sql from sqlite_master
           where type = 'trigger' and tbl_name in ('events', 'event_sources')"""
    ).fetchall()
    if not triggers:  # inside another bulk load (a first ingest in a caller's): it rebuilds
        yield
        return
    for name, _ in triggers:
        db.execute(f"drop trigger [{name}]")
    yield
    rebuild_search_index(db)
    if "event_topics" in db.table_names():
        rebuild_topics(db)
    if "source_sightings" in db.table_names():
        rebuild_source_counts(db)
    for _, sql in triggers:
        db.execute(sql)
