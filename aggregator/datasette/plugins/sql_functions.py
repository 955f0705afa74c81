"""SQL functions for ``aggregator serve`` (a Datasette ``--plugins-dir`` plugin).

``today()`` is the pipeline's own calendar (``AGGREGATOR_TODAY`` pins it, as in the demo and the
tests), so "upcoming" in Datasette means what it means in the feeds; the canned queries call it
once, for an empty ``today`` parameter, never once per row. ``escape_fts(q)``, which
Datasette's search box runs every typed text through, and ``search_terms(q)`` for the canned
queries, are the feeds' ``fts_query``: any text is a valid search (a stray ``"`` included) and a
trailing ``*`` searches by prefix (``cyber*``), which Datasette's own escaping turns into a
literal word. ``prefix_terms(q)`` makes every word a prefix: the organiser's query finds
``Digitalagentur Sachsen`` by ``digitalagentur``. ``slug(text)`` spells a name as the feeds'
addresses do (``Thüringen`` -> ``thueringen``), for the canned query ``clashes``
(``store.CLASHES_SQL``).
"""

from __future__ import annotations

import sqlite3

from datasette import hookimpl

from aggregator import clock, store
from feeds.search_feed import fts_query


@hookimpl(trylast=True)  # type: ignore[untyped-decorator]  # datasette ships no type information
def prepare_connection(conn: sqlite3.Connection) -> None:
    """Runs after Datasette's own, so that this ``escape_fts`` replaces Datasette's."""
    conn.create_function("today", 0, lambda: clock.today().isoformat())
    conn.create_function("search_terms", 1, fts_query, deterministic=True)
    conn.create_function("escape_fts", 1, fts_query, deterministic=True)
    for name, function in store.SQL_FUNCTIONS.items():
        conn.create_function(name, 1, function, deterministic=True)
    conn.create_function("prefix_terms", 1, _prefix_terms, deterministic=True)


def _prefix_terms(text: str | None) -> str:
    return fts_query(text, prefix=True)
