"""The SQLite file, through sqlite-utils: its schema and migrations (``schema``), events and their
sightings (``events``), the search index and topics table derived from the events (``derived``),
and the health of sources and runs (``health``).

The package is used as one thing (``from aggregator import store``); each name below lives in the
module that owns it.
"""

from aggregator.model.event import SightingKey
from aggregator.store.derived import BULK_THRESHOLD, bulk_load
from aggregator.store.events import (
    KnownSighting,
    StoredEvent,
    active_sighting_keys,
    assign_events,
    candidate_events,
    content_hash,
    event_dict,
    event_from_row,
    event_row,
    known_sightings,
    mark_events_removed,
    mark_sightings_removed,
    raw_json,
    sighting_from_row,
    sighting_row,
    stored_events,
    stored_sightings,
    touch_events,
    touch_sightings,
    vanished_sightings,
    write_events,
    write_sightings,
)
from aggregator.store.health import (
    ZERO_WARNING,
    record_run,
    record_source_result,
    save_sources,
    stored_source,
)
from aggregator.store.schema import (
    CURRENT_EVENT_COLUMNS,
    EVENT_COLUMNS,
    FTS_COLUMNS,
    MIGRATIONS,
    SCHEMA_VERSION,
    SchemaError,
    migrate,
    open_db,
    schema_version,
)

__all__ = [
    "BULK_THRESHOLD",
    "CURRENT_EVENT_COLUMNS",
    "EVENT_COLUMNS",
    "FTS_COLUMNS",
    "MIGRATIONS",
    "SCHEMA_VERSION",
    "ZERO_WARNING",
    "KnownSighting",
    "SchemaError",
    "SightingKey",
    "StoredEvent",
    "active_sighting_keys",
    "assign_events",
    "bulk_load",
    "candidate_events",
    "content_hash",
    "event_dict",
    "event_from_row",
    "event_row",
    "known_sightings",
    "mark_events_removed",
    "mark_sightings_removed",
    "migrate",
    "open_db",
    "raw_json",
    "record_run",
    "record_source_result",
    "save_sources",
    "schema_version",
    "sighting_from_row",
    "sighting_row",
    "stored_events",
    "stored_sightings",
    "stored_source",
    "touch_events",
    "touch_sightings",
    "vanished_sightings",
    "write_events",
    "write_sightings",
]
