"""The events table as Datasette first shows it: one event per short row (title, start, end,
city, organiser, topics by name, status, attendance, link, and the point for the map).

Datasette has no setting for a table's default columns, so this ASGI wrapper adds ``_col`` for
them to a request of the table's page that chooses no columns itself. Every column is one click
away: each row's link opens the whole record, and the table's description links the table with
all columns. The topics' names, stored as a JSON list, are shown as words.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from typing import Any
from urllib.parse import parse_qsl, urlencode

from datasette import hookimpl

DEFAULT_COLUMNS = (
    "title", "start", "end", "city", "organizer", "topic_names", "status", "attendance", "url",
    "latitude", "longitude",
)  # fmt: skip
ASGIApp = Callable[[dict[str, Any], Any, Any], Awaitable[None]]


@hookimpl  # type: ignore[untyped-decorator]  # datasette ships no type information
def asgi_wrapper(datasette: Any) -> Callable[[ASGIApp], ASGIApp]:
    def wrap(app: ASGIApp) -> ASGIApp:
        async def default_columns(scope: dict[str, Any], receive: Any, send: Any) -> None:
            if scope["type"] == "http" and _is_events_page(datasette, scope["path"]):
                query = parse_qsl(scope["query_string"].decode("latin-1"), keep_blank_values=True)
                if not any(key in ("_col", "_nocol") for key, _ in query):
                    query += [("_col", column) for column in DEFAULT_COLUMNS]
                    scope = dict(scope, query_string=urlencode(query).encode("latin-1"))
            await app(scope, receive, send)

        return default_columns

    return wrap


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
