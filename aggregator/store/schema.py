"""The schema of the SQLite file and its migrations.

WAL lets Datasette read while a run writes. Each migration step brings a file from one
``PRAGMA user_version`` to the next, in one transaction, and is never edited once released: a file
written by a newer program is refused rather than damaged.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import fields
from pathlib import Path

import sqlite_utils
from sqlite_utils import Migrations

from aggregator.model.event import Event
from aggregator.model.topics import label_de
from aggregator.store import derived

EVENT_FIELDS = tuple(f.name for f in fields(Event))
PUBLISHED_FIELDS = tuple(name for name in EVENT_FIELDS if name != "description_text")
FTS_COLUMNS = ["title", "description", "venue", "city", "organizer"]
FTS_TOKENIZER = "unicode61 remove_diacritics 2"
PAGE_SIZE = 16384
"""A sighting row (raw item and normalised event as JSON) is 1-3 KB: with SQLite's default 4 KB
pages a new file would be half empty; set before the first table exists."""

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


class SchemaError(RuntimeError):
    """The file was written by a newer version of the program."""


def open_db(path: str | Path) -> sqlite_utils.Database:
    """Open the database in WAL mode, creating it or migrating it to the current schema."""
    db = sqlite_utils.Database(path)
    db.execute("PRAGMA busy_timeout=10000")
    if schema_version(db) == 0 and not db.table_names():
        db.execute(f"PRAGMA page_size={PAGE_SIZE}")
    db.enable_wal()
    migrate(db)
    return db


def schema_version(db: sqlite_utils.Database) -> int:
    version: int = db.execute("PRAGMA user_version").fetchone()[0]
    return version


def _v1_spine(db: sqlite_utils.Database) -> None:
    """The first schema: events, their sightings, sources, runs; FTS5 kept in sync by triggers."""
    events = db.table("events")
    if not events.exists():
        events.create(EVENT_COLUMNS, pk="id", not_null={"title", "start"})
    sightings = db.table("event_sources")
    if not sightings.exists():
        sightings.create(
            SIGHTING_COLUMNS, pk=("source", "key"), foreign_keys=[("event_id", "events", "id")]
        )
    for name, columns, pk in (("sources", SOURCE_COLUMNS, "name"), ("runs", RUN_COLUMNS, "id")):
        if not db.table(name).exists():
            db.table(name).create(columns, pk=pk)
    for column in ("start", "start_utc", "last_day", "city", "region", "status"):
        events.create_index([column], if_not_exists=True)
    sightings.create_index(["event_id"], if_not_exists=True)
    if not events.detect_fts():
        events.enable_fts(FTS_COLUMNS, create_triggers=True, tokenize=FTS_TOKENIZER)


def _v2_cheap_reingest(db: sqlite_utils.Database) -> None:
    """Unchanged sightings are recognised by a digest; the search index is rewritten only when a
    searched column changes (sqlite-utils' trigger rewrites it on every update, even ``last_seen``);
    ``source_count`` says on how many sites an event is announced."""
    events = db.table("events")
    if not events.detect_fts():
        events.enable_fts(FTS_COLUMNS, create_triggers=True, tokenize=FTS_TOKENIZER)
    if "digest" not in db.table("event_sources").columns_dict:
        db.table("event_sources").add_column("digest", str)
    if "source_count" not in events.columns_dict:
        events.add_column("source_count", int)
    db.execute(
        """update events set source_count = (select count(*) from event_sources s
           where s.event_id = events.id and s.removed_at is null)"""
    )
    changed = " or ".join(f"old.[{c}] is not new.[{c}]" for c in FTS_COLUMNS)
    columns = ", ".join(f"[{c}]" for c in FTS_COLUMNS)
    old_values = ", ".join(f"old.[{c}]" for c in FTS_COLUMNS)
    new_values = ", ".join(f"new.[{c}]" for c in FTS_COLUMNS)
    db.execute("drop trigger if exists [events_au]")
    db.execute(
        f"""create trigger [events_au] after update on [events] when {changed} begin
              insert into [events_fts] ([events_fts], rowid, {columns})
                values ('delete', old.rowid, {old_values});
              insert into [events_fts] (rowid, {columns}) values (new.rowid, {new_values});
            end"""
    )
    events.create_index(["attendance"], if_not_exists=True)


def topic_names(topics: list[str]) -> str:
    """The topics by their German names (JSON list): what Datasette's facet shows and its search
    finds (``IT-Sicherheit``), where ``topics`` keeps the slugs the feeds' addresses use."""
    return json.dumps([label_de(slug) for slug in topics], ensure_ascii=False)


SEARCHED_COLUMNS = [*FTS_COLUMNS, "topic_names"]
"""What the full-text search finds from schema version 3 on: the topics by name too."""
CONVERSATION_COLUMNS = ("hashtags", "social_links", "app_links")
"""Step 4's columns: JSON lists, as the event's fields of the same names hold them."""
SEARCHED_COLUMNS_V4 = [*SEARCHED_COLUMNS, "hashtags"]
"""From schema version 4 on the search finds an event by its hashtags (``smartKMU``) too."""
CURRENT_EVENT_COLUMNS = (*EVENT_COLUMNS, "source_count", "topic_names", *CONVERSATION_COLUMNS)
"""The events table's columns after every step: the first step's, then those later steps add."""


def _v3_topic_names(db: sqlite_utils.Database) -> None:
    """``topic_names``: the topics by their German names, for Datasette's facet and rows; the
    search index covers them, so ``IT-Sicherheit`` finds what the topic facet counts."""
    events = db.table("events")
    if "topic_names" not in events.columns_dict:
        events.add_column("topic_names", str)
    names = {
        row_id: topic_names(json.loads(topics or "[]"))
        for row_id, topics in db.execute("select id, topics from events").fetchall()
    }
    db.conn.executemany(
        "update events set topic_names = ? where id = ?", [(v, k) for k, v in names.items()]
    )
    events.enable_fts(SEARCHED_COLUMNS, create_triggers=True, tokenize=FTS_TOKENIZER, replace=True)
    _only_when_searched_columns_change(db, SEARCHED_COLUMNS)


def _v4_hashtags_and_social_links(db: sqlite_utils.Database) -> None:
    """``hashtags``, ``social_links`` and ``app_links``: the conversation around an event, as JSON
    lists; the search index covers the hashtags. Existing events get theirs when their sources
    are next read (the new rules make every raw item be read again once)."""
    events = db.table("events")
    for column in CONVERSATION_COLUMNS:
        if column not in events.columns_dict:
            events.add_column(column, str)
    events.enable_fts(
        SEARCHED_COLUMNS_V4, create_triggers=True, tokenize=FTS_TOKENIZER, replace=True
    )
    _only_when_searched_columns_change(db, SEARCHED_COLUMNS_V4)


def _only_when_searched_columns_change(db: sqlite_utils.Database, columns: list[str]) -> None:
    """sqlite-utils' update trigger rewrites the search index on every update, ``last_seen``
    included; this one only when a searched column changes."""
    changed = " or ".join(f"old.[{c}] is not new.[{c}]" for c in columns)
    names = ", ".join(f"[{c}]" for c in columns)
    old_values = ", ".join(f"old.[{c}]" for c in columns)
    new_values = ", ".join(f"new.[{c}]" for c in columns)
    db.execute("drop trigger if exists [events_au]")
    db.execute(
        f"""create trigger [events_au] after update on [events] when {changed} begin
              insert into [events_fts] ([events_fts], rowid, {names})
                values ('delete', old.rowid, {old_values});
              insert into [events_fts] (rowid, {names}) values (new.rowid, {new_values});
            end"""
    )


def _v5_partial_sources(db: sqlite_utils.Database) -> None:
    """A source can be read only in part (a limit reached, a page that failed): ``last_partial``
    says why (a JSON list, empty when it was read completely), ``sources_partial`` counts such
    sources of a run (they are among ``sources_ok``: they were crawled)."""
    if "last_partial" not in db.table("sources").columns_dict:
        db.table("sources").add_column("last_partial", str)
    if "sources_partial" not in db.table("runs").columns_dict:
        db.table("runs").add_column("sources_partial", int)


REPORT_COLUMNS: dict[str, type] = {
    "url": str,
    "event_id": str,
    "title": str,
    "kind": str,
    "kinds": str,
    "published": str,
    "source": str,
    "key": str,
    "event_start": str,
    "event_end": str,
    "city": str,
    "topics": str,
    "digital": int,
    "reason": str,
    "text": str,
    "fetched_at": str,
    "first_seen": str,
    "last_seen": str,
}
"""Step 6's table: a report (``aggregator.model.report``) by its address, the event it is about
(null until one is found), and what matching reads (the day, town and words it names)."""
REPORT_SEARCHED_COLUMNS = ["title", "text"]
RUN_REPORT_COLUMNS = ("reports", "reports_new", "reports_linked")


def _v6_reports(db: sqlite_utils.Database) -> None:
    """``reports``: news items and pages about events that are over (a Nachbericht, the slides,
    a recording), kept instead of dropped and linked to their event; searchable. The runs count
    them (``reports``, ``reports_new``, ``reports_linked``), and each source its last run's
    (``last_reports``). Reports dropped before this step come back when their sources are next
    read."""
    reports = db.table("reports")
    if not reports.exists():
        reports.create(
            REPORT_COLUMNS,
            pk="url",
            foreign_keys=[("event_id", "events", "id")],
            not_null={"title", "kind", "source"},
        )
    for column in ("event_id", "first_seen", "published"):
        reports.create_index([column], if_not_exists=True)
    if not reports.detect_fts():
        reports.enable_fts(REPORT_SEARCHED_COLUMNS, create_triggers=True, tokenize=FTS_TOKENIZER)
    for table, columns in (("runs", RUN_REPORT_COLUMNS), ("sources", ("last_reports",))):
        for column in columns:
            if column not in db.table(table).columns_dict:
                db.table(table).add_column(column, int)


def _v7_topics_and_upcoming_indexes(db: sqlite_utils.Database) -> None:
    """What keeps Datasette's pages and queries fast at a million events.

    ``event_topics``: one row per listed (not removed) event and topic, ordered by topic and
    start, so "upcoming events on a topic" reads only that topic's rows from today on, and the
    number of upcoming events per topic is counted in an index (topic, last day) rather than by
    reading every event's JSON; triggers keep it in step with ``events``. ``idx_events_ongoing``: the events
    that last several days, the only ones that can have begun before yesterday and still be on,
    so that "upcoming" is read from the start index onwards from yesterday plus this small set.
    ``idx_events_upcoming``: the start index carries what "upcoming and published" asks, so a
    search's feed walks it in order without reading the events it passes over. The single-column
    indexes of the places and states become (column, start): a chosen facet value is listed in
    Datasette's order straight from the index. ``event_sources`` by source (counts of active and
    removed sightings, the last one seen) and by ``last_seen`` (the table's order in Datasette)."""
    db.execute(
        """create table if not exists event_topics (
             topic text not null, start_utc text not null, event_id text not null,
             name text, last_day text,
             primary key (topic, start_utc, event_id)) without rowid"""
    )
    db.execute("create index if not exists idx_event_topics_event_id on event_topics (event_id)")
    db.execute(
        "create index if not exists idx_event_topics_topic_last_day on event_topics "
        "(topic, last_day)"
    )
    db.execute(
        "create index if not exists idx_events_ongoing on events (last_day, start_utc) "
        "where last_day > substr(start, 1, 10)"
    )
    db.execute("drop index if exists idx_events_start_utc")
    db.execute(
        "create index if not exists idx_events_upcoming on events "
        "(start_utc, last_day, digital, removed_at)"
    )
    for column in ("city", "region", "status", "attendance"):
        db.execute(f"drop index if exists idx_events_{column}")
        db.execute(
            f"create index if not exists idx_events_{column}_start on events ({column}, start)"
        )
    for name, columns in (
        ("source_removed", "source, removed_at"),
        ("source_last_seen", "source, last_seen"),
        ("last_seen", "last_seen"),
    ):
        db.execute(
            f"create index if not exists idx_event_sources_{name} on event_sources ({columns})"
        )
    rows = derived.TOPIC_ROWS.format(row="new", table="")
    insert = f"insert or ignore into event_topics {derived.TOPIC_COLUMNS} {rows};"
    changed = " or ".join(
        f"old.[{c}] is not new.[{c}]"
        for c in ("id", "topics", "topic_names", "start", "start_utc", "last_day", "removed_at")
    )
    db.execute(
        f"create trigger if not exists events_topics_ai after insert on events begin {insert} end"
    )
    db.execute(
        f"""create trigger if not exists events_topics_au after update on events when {changed}
            begin delete from event_topics where event_id = old.id; {insert} end"""
    )
    db.execute(
        """create trigger if not exists events_topics_ad after delete on events
           begin delete from event_topics where event_id = old.id; end"""
    )
    derived.rebuild_topics(db)


def _v8_source_sighting_counts(db: sqlite_utils.Database) -> None:
    """``source_sightings``: each source's active and removed sightings, kept by triggers on
    ``event_sources``, so the health of the sources reads one row per source instead of counting
    a million sightings (even through the index by source that took over 100 ms per page)."""
    db.execute(
        """create table if not exists source_sightings (
             source text primary key,
             active integer not null default 0,
             removed integer not null default 0)"""
    )
    derived.rebuild_source_counts(db)
    counted = """insert into source_sightings (source, active, removed)
                 values (new.source, new.removed_at is null, new.removed_at is not null)
                 on conflict (source) do update set active = active + excluded.active,
                   removed = removed + excluded.removed;"""
    uncounted = """update source_sightings set active = active - (old.removed_at is null),
                     removed = removed - (old.removed_at is not null)
                   where source = old.source;"""
    db.execute(
        f"""create trigger if not exists event_sources_counts_ai after insert on event_sources
            begin {counted} end"""
    )
    db.execute(
        f"""create trigger if not exists event_sources_counts_ad after delete on event_sources
            begin {uncounted} end"""
    )
    db.execute(
        f"""create trigger if not exists event_sources_counts_au
            after update of source, removed_at on event_sources
            when old.source is not new.source
              or (old.removed_at is null) is not (new.removed_at is null)
            begin {uncounted} {counted} end"""
    )


STEPS: tuple[Callable[[sqlite_utils.Database], None], ...] = (
    _v1_spine,
    _v2_cheap_reingest,
    _v3_topic_names,
    _v4_hashtags_and_social_links,
    _v5_partial_sources,
    _v6_reports,
    _v7_topics_and_upcoming_indexes,
    _v8_source_sighting_counts,
)
"""Step N brings a file from schema version N-1 to N; steps are never edited once released (the
column lists above are the first step's, as released)."""
SCHEMA_VERSION = len(STEPS)
MIGRATIONS = Migrations("digital-events-aggregator")
"""sqlite-utils' migration set: each step runs in one transaction with the record of it in
``_sqlite_migrations``; ``PRAGMA user_version`` follows the number of steps, as before."""
for _step in STEPS:
    MIGRATIONS(name=_step.__name__.lstrip("_"))(_step)
STEP_NAMES = tuple(step.__name__.lstrip("_") for step in STEPS)


def migrate(db: sqlite_utils.Database) -> int:
    """Bring the file to ``SCHEMA_VERSION``; returns the version it had."""
    version = schema_version(db)
    applied = [migration.name for migration in MIGRATIONS.applied(db)]
    if version > SCHEMA_VERSION or set(applied) - set(STEP_NAMES):
        raise SchemaError(
            f"{db.conn} has schema version {version} ({', '.join(applied) or 'no steps'}); "
            f"this program knows up to {SCHEMA_VERSION}"
        )
    if version and not applied:
        _record_steps_before_the_migrations_table(db, STEP_NAMES[:version])
    MIGRATIONS.apply(db)
    if version != SCHEMA_VERSION:
        db.execute(f"PRAGMA user_version={SCHEMA_VERSION}")
    return version


def _record_steps_before_the_migrations_table(
    db: sqlite_utils.Database, names: tuple[str, ...]
) -> None:
    """Files written before sqlite-utils kept the record say how far they are in user_version."""
    with db.atomic():
        MIGRATIONS.ensure_migrations_table(db)
        table = db.table(Migrations.migrations_table)
        for name in names:
            table.insert(
                {"migration_set": MIGRATIONS.name, "name": name, "applied_at": "before-record"}
            )
