"""Datasette's pages stay fast when the events, their sightings and the topics table hold a million
rows (``benchmarks/bench_datasette.py`` measures every page and canned query).

- **No facet suggestions on the large tables.** On every table page Datasette tries a facet on
  each column to suggest one (a ``group by`` over all rows each, about 3 s of the 4 s a page took
  at 100,000 events); the pages of the large tables ask it not to (``_nosuggest``).
- **Facets where they are cheap.** The facets the metadata names are ``bounded`` (a column) and
  ``bounded_array`` (a JSON list): counted like Datasette's own, but only once a search or filter
  leaves at most ``facet_max_rows`` rows (the plugin setting in the metadata). Counting a
  facet reads every row it counts; over a million events one facet alone takes longer than the
  whole page may. The table's description says so; a facet asked for in the address
  (``_facet=city``) is Datasette's own, within its time limit.
- **Reads through mmap.** Every connection maps the file (``PRAGMA mmap_size``), which halves the
  time of a search that looks up each matching row (no copy of each page out of the OS's cache).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from typing import Any

from datasette import hookimpl
from datasette.facets import ArrayFacet, ColumnFacet

from aggregator.ops.datasette_query import SEARCH_MATCHES, ASGIApp, Query, with_defaults
from aggregator.store.search_plan import looked_up

LARGE_TABLES = frozenset({"events", "event_sources", "event_topics"})
DEFAULT_FACET_MAX_ROWS = 5000
BOUNDED_COUNTS = "bounded row counts"
"""The key in a request's ASGI scope under which its facets share their counts."""
MMAP_SIZE = 1 << 31
"""Bytes of the file mapped; SQLite's own ceiling on Linux is just under 2 GiB."""


@hookimpl  # type: ignore[untyped-decorator]  # datasette ships no type information
def prepare_connection(conn: sqlite3.Connection) -> None:
    conn.execute(f"PRAGMA mmap_size={MMAP_SIZE}")


@hookimpl  # type: ignore[untyped-decorator]  # datasette ships no type information
def asgi_wrapper(datasette: Any) -> Callable[[ASGIApp], ASGIApp]:
    def no_suggestions(query: Query) -> Query:
        return [] if any(key == "_nosuggest" for key, _ in query) else [("_nosuggest", "1")]

    return lambda app: with_defaults(
        app, lambda path: _is_large_table(datasette, path), no_suggestions
    )


def _is_large_table(datasette: Any, path: str) -> bool:
    parts = path.strip("/").split("/")
    if len(parts) != 2 or parts[0] not in datasette.databases:
        return False
    return parts[1].rsplit(".", 1)[0] in LARGE_TABLES


class _Bounded:
    """Counts the facet only when the rows it would count are few; reports itself under the
    type it extends, so that Datasette's page shows it like its own."""

    shown_as = ""

    async def facet_results(self) -> tuple[list[dict[str, Any]], list[str]]:
        facet: Any = self
        config = facet.ds.plugin_config("aggregator") or {}
        limit = int(config.get("facet_max_rows", DEFAULT_FACET_MAX_ROWS))
        if await self._more_rows_than(limit):
            return [], []
        results, timed_out = await super().facet_results()  # type: ignore[misc]
        for result in results:
            result["type"] = self.shown_as
        return results, timed_out

    async def _more_rows_than(self, limit: int) -> bool:
        """The table's count when the page made one; the search's matches when nothing else
        narrows them or they are within the limit anyway; else rows counted only up to the
        limit (once for all the page's facets), so that a search or filter with a million rows
        costs a few thousand lookups."""
        facet: Any = self
        if facet.row_count is not None:
            return bool(facet.row_count > limit)
        matches = facet.request.scope.get(SEARCH_MATCHES)
        if matches is not None and (matches <= limit or not _filtered(facet.request.args)):
            return bool(matches > limit)
        counted: dict[str, int] = facet.request.scope.setdefault(BOUNDED_COUNTS, {})
        if facet.sql not in counted:
            sql = f"select count(*) from (select 1 from ({looked_up(facet.sql)}) limit {limit + 1})"
            rows = await facet.ds.execute(facet.database, sql, facet.params)
            counted[facet.sql] = rows.first()[0]
        return counted[facet.sql] > limit


def _filtered(args: Any) -> bool:
    """Whether a table page has conditions beside ``_search`` (Datasette's rule for its filter
    arguments, and the conditions of ``_where``, ``_through`` and a search in one column)."""
    return any(
        not key.startswith("_") or "__" in key or key.startswith(("_where", "_through", "_search_"))
        for key in args
    )


class BoundedColumnFacet(_Bounded, ColumnFacet):  # type: ignore[misc]
    type = "bounded"
    shown_as = "column"

    async def suggest(self) -> list[dict[str, Any]]:
        return []


class BoundedArrayFacet(_Bounded, ArrayFacet):  # type: ignore[misc]
    type = "bounded_array"
    shown_as = "array"

    async def suggest(self) -> list[dict[str, Any]]:
        return []


@hookimpl  # type: ignore[untyped-decorator]  # datasette ships no type information
def register_facet_classes() -> list[type]:
    return [BoundedColumnFacet, BoundedArrayFacet]
