"""The events around a date in a city or state: what an organiser choosing a date competes with.

One query for ``aggregator clashes`` and for the canned query of the same name in Datasette, so
that both always agree. Its parameters are the canned query's form fields, every one optional
there: ``:date`` (YYYY-MM-DD; empty: today), ``:days`` (how many days before and after; empty:
``CLASH_DAYS``), ``:city`` or ``:region`` (a name, spelt as the database or its slug spells it:
``Dresden``, ``sachsen``, ``Thüringen``), ``:topic`` (a topic's slug; its events come first).
It counts what takes place: digitalisation events, still announced, neither cancelled nor
postponed, whose days overlap the window. It needs the SQL functions ``today()`` and ``slug()``
(``SQL_FUNCTIONS``, and ``today()`` from whoever knows the day).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import date
from typing import Any

import sqlite_utils

from aggregator.folding import slug

CLASH_DAYS = 3
"""Three days either side: the week around the date."""

CLASHES_SQL = f"""\
with asked as (
  select coalesce(nullif(trim(:date), ''), today()) as day,
         coalesce(cast(nullif(trim(:days), '') as integer), {CLASH_DAYS}) as days,
         slug(:city) as city, slug(:region) as region, slug(:topic) as topic
), span as (
  select asked.*, date(day, '-' || days || ' days') as first_day,
         date(day, '+' || days || ' days') as last_day
  from asked
)
select e.id, e.start, e."end", e.title, e.city, e.region, e.topic_names,
  span.topic != '' and exists (
    select 1 from json_each(e.topics) t where t.value = span.topic) as same_topic,
  e.organizer, e.url, e.topics, span.first_day as window_first, span.last_day as window_last
from events e, span
where e.digital = 1 and e.removed_at is null and e.status = 'scheduled'
  and substr(e.start, 1, 10) <= span.last_day and e.last_day >= span.first_day
  and (span.city = '' or slug(e.city) = span.city)
  and (span.region = '' or slug(e.region) = span.region)
order by same_topic desc, e.start_utc, e.id"""


def _slug(value: Any) -> str:
    return slug(value) if isinstance(value, str) else ""


SQL_FUNCTIONS: dict[str, Callable[..., Any]] = {"slug": _slug}
"""The query's deterministic SQL functions (Datasette's plugin registers them too)."""


def register_sql_functions(conn: sqlite3.Connection, today: date) -> None:
    """The query's functions on a connection that is not Datasette's."""
    for name, function in SQL_FUNCTIONS.items():
        conn.create_function(name, 1, function, deterministic=True)
    conn.create_function("today", 0, today.isoformat)


def clashes_around(
    db: sqlite_utils.Database,
    day: date,
    days: int = CLASH_DAYS,
    city: str = "",
    region: str = "",
    topic: str = "",
) -> list[dict[str, Any]]:
    """The query's rows for these parameters (``db`` has the functions registered)."""
    params = {"date": day.isoformat(), "days": str(days), "city": city, "region": region}
    return list(db.query(CLASHES_SQL, {**params, "topic": topic}))


def spelt_as_stored(db: sqlite_utils.Database, column: str, name: str) -> str | None:
    """How the database spells a city or state given in any spelling (None: no event names it)."""
    assert column in ("city", "region")
    row = db.execute(
        f"select {column} from events where slug({column}) = slug(?) "
        f"group by {column} order by count(*) desc, {column} limit 1",
        [name],
    ).fetchone()
    return row[0] if row else None
