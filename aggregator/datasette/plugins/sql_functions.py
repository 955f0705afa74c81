"""SQL functions the canned queries of ``aggregator serve`` use (a Datasette ``--plugins-dir`` plugin).

``today()`` is the pipeline's own calendar (``AGGREGATOR_TODAY`` pins it, as in the demo and the
tests), so "upcoming" in Datasette means what it means in the feeds. ``search_terms(q)`` makes any
text a safe FTS5 query, the way Datasette's own search box does, so a feed URL with ``?q=`` never
fails on a quote or a hyphen.
"""

from __future__ import annotations

import sqlite3

from datasette import hookimpl
from datasette.utils import escape_fts

from aggregator import clock


@hookimpl  # type: ignore[untyped-decorator]  # datasette ships no type information
def prepare_connection(conn: sqlite3.Connection) -> None:
    conn.create_function("today", 0, lambda: clock.today().isoformat())
    conn.create_function("search_terms", 1, lambda q: escape_fts(q or ""), deterministic=True)
