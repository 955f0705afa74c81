"""The other digitalisation events in an event's city on its days: the line "Am selben Tag in
Dresden: …" on the event's page, so that a visitor sees what else is on (and an organiser what the
date competes with).

Counted as in ``aggregator clashes`` and ``wochen.html``: events still announced and neither
cancelled nor postponed; cities compared by their slug (``Halle (Saale)`` = ``Halle Saale``).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

import sqlite_utils

from aggregator.folding import slug
from aggregator.model.vocabulary import Status
from feeds import labels, sanitise, urls

MAX_DAYS = 14
"""A long exhibition's every day is not "the same day" as everything in town: its first 14."""


@dataclass(frozen=True)
class Neighbour:
    id: str
    title: str
    when: str
    href: str
    """Relative to the event pages' folder."""


@dataclass(frozen=True)
class SameDay:
    heading: str
    """``Am selben Tag in Dresden:``, or ``An denselben Tagen in Leipzig:`` for several days."""
    events: list[Neighbour]


def index(db: sqlite_utils.Database) -> dict[str, SameDay]:
    """Event id -> the other events in its city on its days, soonest first (one query)."""
    rows = db.execute(
        """select id, title, start, "end", last_day, city, status, removed_at from events
           where digital = 1 and city is not null and city != '' order by start_utc, id"""
    ).fetchall()
    by_day: dict[tuple[str, date], list[int]] = defaultdict(list)
    days_of: list[list[date]] = []
    for number, (_, _, start, _, last_day, city, status, removed) in enumerate(rows):
        days = _days(start, last_day)
        days_of.append(days)
        if removed is None and (status or Status.SCHEDULED) == Status.SCHEDULED:
            for day in days:
                by_day[(slug(city), day)].append(number)
    out: dict[str, SameDay] = {}
    for number, (event_id, _, _, _, _, city, _, _) in enumerate(rows):
        others = sorted(
            {n for day in days_of[number] for n in by_day[(slug(city), day)]} - {number}
        )
        if others:
            several = len(days_of[number]) > 1
            heading = "An denselben Tagen in" if several else "Am selben Tag in"
            out[event_id] = SameDay(
                f"{heading} {sanitise.line(city)}:", [_neighbour(rows[n]) for n in others]
            )
    return out


def _days(start: str, last_day: str | None) -> list[date]:
    first = date.fromisoformat(start[:10])
    last = date.fromisoformat(last_day) if last_day else first
    count = min(max((last - first).days + 1, 1), MAX_DAYS)
    return [first + timedelta(days=n) for n in range(count)]


def _neighbour(row: tuple[str, ...]) -> Neighbour:
    event_id, title, start, end = row[0], row[1], row[2], row[3]
    when = labels.date_label({"start": start, "end": end})
    return Neighbour(
        event_id, sanitise.line(title), when, urls.event_path(event_id).rsplit("/", 1)[-1]
    )
