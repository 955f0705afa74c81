"""Which events a feed holds, and how an event is introduced in a feed entry."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

import sqlite_utils

WEEKDAYS = ("Mo", "Di", "Mi", "Do", "Fr", "Sa", "So")
DEFAULT_HORIZON_DAYS = 365
DEFAULT_LIMIT = 500
STATUS_PREFIX = {"cancelled": "ABGESAGT: ", "postponed": "VERSCHOBEN: "}


@dataclass(frozen=True)
class Selection:
    """A named subset of upcoming events, e.g. all of them, one region or one topic."""

    slug: str
    """Path of the output files without extension, e.g. ``events`` or ``region/sachsen``."""
    title: str
    where: str = "1 = 1"
    params: tuple[Any, ...] = ()


ALL = Selection("events", "Digitalisierungs-Veranstaltungen")


def upcoming(
    db: sqlite_utils.Database,
    today: date,
    selection: Selection = ALL,
    horizon_days: int = DEFAULT_HORIZON_DAYS,
    limit: int = DEFAULT_LIMIT,
) -> list[dict[str, Any]]:
    """Upcoming digitalisation events, soonest first; removed and off-topic events are left out."""
    last = today + timedelta(days=horizon_days)
    rows = db.query(
        f"""select * from events
            where digital = 1 and removed_at is null and last_day >= ? and substr(start, 1, 10) <= ?
            and ({selection.where})
            order by start_utc, id limit ?""",
        [today.isoformat(), last.isoformat(), *selection.params, limit],
    )
    out = []
    for row in rows:
        row = dict(row)
        row["topics"] = json.loads(row.get("topics") or "[]")
        out.append(row)
    return out


def headline(event: dict[str, Any]) -> str:
    """``Mi 17.03.2027 · Dresden · Forum Sachsen Digital``: readers show when an entry was
    published, not when the event happens, so the date leads the title."""
    parts = [when_label(event)]
    place = event.get("city") or ("Online" if event.get("attendance") == "online" else None)
    if place:
        parts.append(place)
    parts.append(event["title"])
    return STATUS_PREFIX.get(event.get("status") or "", "") + " · ".join(parts)


def when_label(event: dict[str, Any]) -> str:
    start = _parse(event["start"])
    label = f"{WEEKDAYS[start.weekday()]} {start:%d.%m.%Y}"
    if isinstance(start, datetime):
        label += f", {start:%H:%M} Uhr"
    end = _parse(event["end"]) if event.get("end") else None
    if end is not None and end.isoformat()[:10] != start.isoformat()[:10]:
        label += f" – {WEEKDAYS[end.weekday()]} {end:%d.%m.%Y}"
    return label


def place_label(event: dict[str, Any]) -> str:
    if event.get("attendance") == "online":
        return "Online"
    parts = [event.get("venue"), event.get("street")]
    town = " ".join(p for p in (event.get("postcode"), event.get("city")) if p)
    parts.append(town)
    label = ", ".join(p for p in parts if p)
    if event.get("attendance") == "mixed":
        label = f"{label} und online" if label else "Hybrid"
    return label


def _parse(value: str) -> date | datetime:
    return date.fromisoformat(value) if len(value) == 10 else datetime.fromisoformat(value)
