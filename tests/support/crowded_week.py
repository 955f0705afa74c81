"""A crowded week in Dresden around Tuesday 23 March 2027, and what lies just outside it, written
with the store's own functions: for ``aggregator clashes``, its canned query in Datasette, the
week heatmap and the events' "on the same day" lines."""

from __future__ import annotations

from pathlib import Path

import sqlite_utils

from aggregator import store
from aggregator.model.event import Event
from tests.support.feeds_db import FIRST_SEEN, save

DAY = "2027-03-23"


def _event(title: str, start: str, city: str, topics: list[str], **fields: object) -> Event:
    region = {"Dresden": "Sachsen", "Leipzig": "Sachsen", "Erfurt": "Thüringen"}[city]
    return Event(title=title, start=start, city=city, region=region, topics=topics, **fields)


EVENTS = {
    "smartkmu": _event(
        "smartKMU – Digitalkonferenz für kleine Unternehmen",
        "2027-03-23T09:00:00+01:00",
        "Dresden",
        ["digitalisierung", "ki"],
        end="2027-03-23T17:00:00+01:00",
    ),
    "barcamp": _event(
        "KI-Barcamp Dresden", "2027-03-26", "Dresden", ["ki"], end="2027-03-26", all_day=True
    ),
    "readiness": _event(
        "KI-Readiness-Check für KMU", "2027-03-22T18:00:00+01:00", "Dresden", ["ki"]
    ),
    "handwerk": _event(
        "IT-Sicherheit im Handwerk – Infoabend",
        "2027-03-24T18:00:00+01:00",
        "Dresden",
        ["it-sicherheit"],
    ),
    "stammtisch": _event(
        "Digital-Stammtisch Dresden", "2027-03-23T19:00:00+01:00", "Dresden", ["digitalisierung"]
    ),
    "fair": _event(
        "Fachmesse Digitale Verwaltung",
        "2027-03-17",
        "Dresden",
        ["ki"],
        end="2027-03-20",
        all_day=True,
    ),
    "cancelled": _event(
        "Sprachmodelle im Mittelstand",
        "2027-03-24T18:00:00+01:00",
        "Dresden",
        ["ki"],
        status="cancelled",
    ),  # fmt: skip
    "leipzig": _event("KI-Sprechstunde Leipzig", "2027-03-23T10:00:00+01:00", "Leipzig", ["ki"]),
    "later": _event("KI-Stammtisch Dresden", "2027-03-30T19:00:00+02:00", "Dresden", ["ki"]),
    "erfurt": _event("Cloud-Tag Thüringen", "2027-03-23", "Erfurt", ["cloud"], all_day=True),
    "offtopic": _event("Frühjahrsputz im Vereinsheim", "2027-03-23", "Dresden", [], all_day=True),
    "gone": _event("Abgesetzter KI-Abend", "2027-03-23T19:00:00+01:00", "Dresden", ["ki"]),
}


def build(path: Path) -> sqlite_utils.Database:
    db = store.open_db(path)
    with db.conn:
        for event_id, event in EVENTS.items():
            save(db, event_id, event, FIRST_SEEN)
        db["events"].update("gone", {"removed_at": FIRST_SEEN})
    return db
