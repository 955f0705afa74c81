"""The feed of a search (``/events/feed.ics?q=KI`` in Datasette): the upcoming events that match
a full-text search, in the same Atom, RSS and iCalendar as ``public/``, made by the same writers.

``fts_query`` turns any typed text into a valid SQLite FTS5 query: every word is quoted (so
``IT-Sicherheit``, ``C++`` or a stray ``"`` are words, not syntax errors) and a trailing ``*``
stays a prefix search (``cyber*``).
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import sqlite_utils

from feeds.atom import AtomFeeds
from feeds.entries import EntryTexts
from feeds.ical import Calendars
from feeds.rss import RssFeeds
from feeds.selection import ALL, Selection, decoded

FORMATS = ("atom", "rss", "ics")
DEFAULT_LIMIT = 500
_WORD = re.compile(r'[^\s"]+')


def fts_query(text: str | None) -> str:
    """Quoted words, a trailing ``*`` kept as FTS5's prefix operator; ``""`` (which matches
    nothing) when there is no word at all."""
    terms = []
    for word in _WORD.findall(text or ""):
        stem = word.rstrip("*")
        if stem:
            terms.append(f'"{stem}"' + ("*" if stem != word else ""))
    return " ".join(terms) or '""'


def matching(
    db: sqlite_utils.Database, today: date, text: str, limit: int = DEFAULT_LIMIT
) -> list[dict[str, Any]]:
    """Published events that have not ended and match the search (all of them for no text),
    soonest first."""
    search = ""
    params: list[Any] = [today.isoformat()]
    if (text or "").strip():
        search = "and rowid in (select rowid from events_fts where events_fts match ?)"
        params.append(fts_query(text))
    rows = db.query(
        f"""select * from events where digital = 1 and removed_at is null and last_day >= ?
            {search} order by start_utc, id limit {int(limit)}""",
        params,
    )
    return [decoded(row) for row in rows]


def render(
    events: list[dict[str, Any]], fmt: str, text: str, base_url: str, self_url: str, page: str
) -> bytes:
    """The search's feed in ``fmt``; entries link the events' pages below ``base_url``."""
    title = f"{ALL.title} – Suche: {text.strip()}" if text.strip() else ALL.title
    selection = Selection("all", "suche", text.strip() or ALL.name, title)
    fallback = max((e["updated"] for e in events), default="1970-01-01T00:00:00+00:00")
    if fmt == "ics":
        return Calendars(base_url).render(
            events, selection, fallback, self_url=self_url, page_link=page
        )
    writer = AtomFeeds if fmt == "atom" else RssFeeds
    return writer(base_url, EntryTexts(base_url)).render(
        events, selection, fallback, self_url=self_url, page_link=page
    )
