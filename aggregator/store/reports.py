"""Reports on past events (``reports``): written as each ingest reads them, linked to their
event when the dedupe stage finds it, and read back for matching again while they have none.

A report is kept by its address: read again, it keeps its ``first_seen`` (what the report feed
orders by) and, when its event is not found this time, the event found before.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import sqlite_utils

from aggregator.model.report import Report
from aggregator.model.vocabulary import ReportKind


@dataclass(frozen=True, slots=True)
class StoredReport:
    event_id: str | None
    first_seen: str


def stored_reports(db: sqlite_utils.Database, urls: Iterable[str]) -> dict[str, StoredReport]:
    """The reports among these addresses that were stored before (one query)."""
    rows = db.execute(
        """select url, event_id, first_seen from reports
           where url in (select value from json_each(?))""",
        [json.dumps(sorted(set(urls)))],
    )
    return {url: StoredReport(event_id, first_seen) for url, event_id, first_seen in rows}


def unmatched_reports(db: sqlite_utils.Database) -> list[Report]:
    """The reports whose event has not been found yet: it may have been read since."""
    return [
        report_from_row(row) for row in db.query("select * from reports where event_id is null")
    ]


def report_from_row(row: dict[str, Any]) -> Report:
    kinds = tuple(ReportKind(k) for k in json.loads(row["kinds"] or "[]")) or (
        ReportKind(row["kind"]),
    )
    return Report(
        source=row["source"],
        key=row["key"],
        url=row["url"],
        title=row["title"],
        kind=ReportKind(row["kind"]),
        kinds=kinds,
        reason=row["reason"] or "",
        fetched_at=row["fetched_at"] or "",
        text=row["text"] or "",
        published=row["published"],
        event_start=row["event_start"],
        event_end=row["event_end"],
        city=row["city"],
        topics=json.loads(row["topics"] or "[]"),
        digital=bool(row["digital"]),
    )


def report_row(
    report: Report, event_id: str | None, now: str, before: StoredReport | None
) -> dict[str, Any]:
    return {
        "url": report.url,
        "event_id": event_id or (before.event_id if before else None),
        "title": report.title,
        "kind": report.kind,
        "kinds": json.dumps(list(report.kinds)),
        "published": report.published,
        "source": report.source,
        "key": report.key,
        "event_start": report.event_start,
        "event_end": report.event_end,
        "city": report.city,
        "topics": json.dumps(report.topics),
        "digital": int(report.digital),
        "reason": report.reason,
        "text": report.text,
        "fetched_at": report.fetched_at,
        "first_seen": before.first_seen if before else now,
        "last_seen": now,
    }


def write_reports(db: sqlite_utils.Database, rows: Iterable[dict[str, Any]]) -> None:
    db.table("reports").upsert_all(rows, pk="url", batch_size=500)


def link_reports(db: sqlite_utils.Database, links: Iterable[tuple[str, str]]) -> None:
    """Stored reports whose event was found now: (event id, report address)."""
    db.conn.executemany("update reports set event_id = ? where url = ?", links)
