"""Reports on past events: kept, and linked to their event by the dedupe stage's rules.

They are matched once this ingest's events are stored, so that a report finds an event read in
the same run (a news feed that announced it and now reports on it), and every report still
without its event is matched again: its event may have been read since.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from datetime import date

import sqlite_utils

from aggregator import dedupe, store
from aggregator.ingest.report import IngestReport
from aggregator.model.event import Event
from aggregator.model.report import Report


def store_reports(
    db: sqlite_utils.Database, reports: Mapping[str, Report], now: str, counts: IngestReport
) -> None:
    """Write this ingest's reports (by address) with their events; link waiting ones."""
    before = store.stored_reports(db, reports)
    waiting = [r for r in store.unmatched_reports(db) if r.url not in reports]
    pending = [*reports.values(), *waiting]
    near = _Candidates(
        store.candidate_events(db, {d for r in pending for d in dedupe.report_days(r)})
    )
    found = {r.url: dedupe.event_of(r, near(dedupe.report_days(r))) for r in pending}
    rows = [store.report_row(r, found[r.url], now, before.get(r.url)) for r in reports.values()]
    store.write_reports(db, rows)
    store.link_reports(db, [(event_id, r.url) for r in waiting if (event_id := found[r.url])])
    for row in rows:
        counts.reports[row["url"]] = "seen" if row["url"] in before else "new"
        if row["event_id"]:
            counts.linked.add(row["url"])


class _Candidates:
    """The stored events by day, so that each report is compared with those of its days only."""

    def __init__(self, events: Iterable[tuple[str, Event]]) -> None:
        self._by_day: dict[date, list[tuple[str, Event]]] = defaultdict(list)
        for event_id, event in events:
            for day in dedupe.event_days(event):
                self._by_day[day].append((event_id, event))

    def __call__(self, days: Iterable[date]) -> list[tuple[str, Event]]:
        found = {event_id: event for day in days for event_id, event in self._by_day.get(day, ())}
        return sorted(found.items())
