"""How a full-text search joins the events, chosen per search so that it stays fast at a million.

SQLite answers ``rowid in (select rowid from events_fts where events_fts match …)`` by looking
up every matching event; ordered by start, it then sorts them all before it can return the first
page. That is right for a rare word (a few lookups) and wrong for a common one: 'KI' matches a
thirtieth of a million events, and looking them up and sorting them took most of a second under
load. The other plan walks the index of the order (start, or the upcoming events) and tests each
event for membership in the matches (``+rowid in …``: the ``+`` keeps SQLite from using the
membership for lookups); it stops after a page of hits, which come early when the matches are
many. FTS5 counts a search's matches from its own index in a millisecond or few, so the choice is
made for each search: up to ``LOOKUP_MAX`` matches are looked up, more are probed.
"""

from __future__ import annotations

import sqlite3

LOOKUP_MAX = 2000
"""Matches looked up one by one; above it, a walk meets a page of 100 hits within about
100 × 1,000,000 / 2,000 = 50,000 index entries, each one probe: a few milliseconds either way."""
PROBED = "+rowid in ("
"""The probe: the ``+`` keeps SQLite from using the membership to look rows up."""


def match_count(conn: sqlite3.Connection, query: str, fts_table: str = "events_fts") -> int:
    """Rows the FTS5 query matches; an invalid query counts as none (SQLite reports it when the
    search itself runs)."""
    sql = f"select count(*) from [{fts_table}] where [{fts_table}] match ?"
    try:
        count: int = conn.execute(sql, [query]).fetchone()[0]
    except sqlite3.OperationalError:
        return 0
    return count


def probed(count: int) -> bool:
    """Whether ``count`` matches are too many to look up (and to count row by row)."""
    return count > LOOKUP_MAX


def membership(count: int, matches_sql: str) -> str:
    """The condition "the event is among the matches" for ``count`` matches, ``matches_sql``
    selecting their rowids: a lookup of each match, or a probe of each row the index walks."""
    return f"{PROBED if probed(count) else 'rowid in ('}{matches_sql})"


def looked_up(sql: str) -> str:
    """``sql`` with its probed matches looked up instead: for counting rows up to a bound, where
    no order is walked and the first matches in rowid order do."""
    return sql.replace(PROBED, "rowid in (")
