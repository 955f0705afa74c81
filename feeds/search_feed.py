"""The feed of a search (``/events/feed.ics?q=KI`` in Datasette): the upcoming events that match
a full-text search, in the same Atom, RSS and iCalendar as ``public/``, made by the same writers.

``fts_query`` turns any typed text into a valid SQLite FTS5 query: every word is quoted (so
``IT-Sicherheit``, ``C++`` or a stray ``"`` are words, not syntax errors) and a trailing ``*``
stays a prefix search (``cyber*``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import sqlite_utils

from aggregator.store import search_plan
from feeds.atom import AtomFeeds
from feeds.entries import EntryTexts
from feeds.ical import Calendars
from feeds.rss import RssFeeds
from feeds.selection import ALL, Selection, decoded

FORMATS = ("atom", "rss", "ics")
DEFAULT_LIMIT = 500
ONE_DAY = timedelta(days=1)
_WORD = re.compile(r'[^\s"]+')
MATCHES = "select rowid from events_fts where events_fts match :search"


def fts_query(text: str | None, prefix: bool = False) -> str:
    """Quoted words, a trailing ``*`` kept as FTS5's prefix operator (``prefix``: every word is a
    prefix, as when a name is looked for by its beginning); ``""`` (which matches nothing) when
    there is no word at all."""
    terms = []
    for word in _WORD.findall(text or ""):
        stem = word.rstrip("*")
        if stem:
            terms.append(f'"{stem}"' + ("*" if prefix or stem != word else ""))
    return " ".join(terms) or '""'


def matching(
    db: sqlite_utils.Database, today: date, text: str, limit: int = DEFAULT_LIMIT
) -> list[dict[str, Any]]:
    """Published events that have not ended and match the search (all of them for no text),
    soonest first.

    Read in two parts, each in the order of an index, so that a million past events cost
    nothing: those starting from yesterday on (``idx_events_upcoming``, walked in order and left
    after ``limit`` hits; any start that is today somewhere on earth is no earlier than
    yesterday in UTC), and those that began before and last several days (``idx_events_ongoing``,
    a few). A word found in many events is probed while the indexes are walked and met early;
    a rare one is looked up (``aggregator.store.search_plan``), not probed in every upcoming
    event."""
    search = ""
    params: dict[str, Any] = {"today": today.isoformat(), "since": (today - ONE_DAY).isoformat()}
    if (text or "").strip():
        params["search"] = fts_query(text)
        count = search_plan.match_count(db.conn, params["search"])
        search = "and " + search_plan.membership(count, MATCHES)
    rows = db.query(
        f"""select * from events
            where start_utc >= :since and +last_day >= :today and digital = 1
              and removed_at is null {search}
            union all
            select * from events
            where last_day >= :today and last_day > substr(start, 1, 10) and +start_utc < :since
              and digital = 1 and removed_at is null {search}
            order by start_utc, id limit {int(limit)}""",
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
    writers = _writers(base_url)
    writer = writers.calendars if fmt == "ics" else writers.atom if fmt == "atom" else writers.rss
    return writer.render(events, selection, fallback, self_url=self_url, page_link=page)


@dataclass
class _Writers:
    texts: EntryTexts
    atom: AtomFeeds
    rss: RssFeeds
    calendars: Calendars


_WRITERS: dict[str, _Writers] = {}
KEPT_ENTRIES = 20_000
"""Events whose entries a server keeps between requests (each a few KB): a feed reader that
asks again, or another search that finds the same events, reuses them."""


def _writers(base_url: str) -> _Writers:
    """The writers of one base URL, kept between requests; their caches are keyed by each
    event's published state, and started afresh when they hold more than ``KEPT_ENTRIES``."""
    writers = _WRITERS.get(base_url)
    if writers is None or len(writers.texts) + len(writers.calendars) > KEPT_ENTRIES:
        texts = EntryTexts(base_url)
        writers = _WRITERS[base_url] = _Writers(
            texts, AtomFeeds(base_url, texts), RssFeeds(base_url, texts), Calendars(base_url)
        )
    return writers
