"""The events table as Datasette first shows it: one event per short row (title, start, end,
city, organiser, topics by name, status, attendance, link, and the point for the map).

Datasette has no setting for a table's default columns, so this ASGI wrapper adds ``_col`` for
them to a request of the table's page that chooses no columns itself. Every column is one click
away: each row's link opens the whole record, and the table's description links the table with
all columns. The topics' names, stored as a JSON list, are shown as words.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from datasette import hookimpl

from aggregator.ops.datasette_query import ASGIApp, Query, with_defaults

DEFAULT_COLUMNS = (
    "title", "start", "end", "city", "organizer", "topic_names", "status", "attendance", "url",
    "latitude", "longitude",
)  # fmt: skip


@hookimpl  # type: ignore[untyped-decorator]  # datasette ships no type information
def asgi_wrapper(datasette: Any) -> Callable[[ASGIApp], ASGIApp]:
    def columns(query: Query) -> Query:
        if any(key in ("_col", "_nocol") for key, _ in query):
            return []
        return [("_col", column) for column in DEFAULT_COLUMNS]

    return lambda app: with_defaults(app, lambda path: _is_events_page(datasette, path), columns)


def _is_events_page(datasette: Any, path: str) -> bool:
    parts = path.strip("/").split("/")
    return len(parts) == 2 and parts[1] == "events" and parts[0] in datasette.databases


@hookimpl  # type: ignore[untyped-decorator]  # datasette ships no type information
def render_cell(value: Any, column: str) -> str | None:
    """``["Cloud", "IT-Sicherheit"]`` as ``Cloud, IT-Sicherheit`` (Datasette escapes it)."""
    if column != "topic_names" or not isinstance(value, str):
        return None
    try:
        names = json.loads(value)
    except ValueError:
        return None
    return ", ".join(str(name) for name in names) if isinstance(names, list) else None
