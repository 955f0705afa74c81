"""A small events database for the feed and page tests, written with the store's own functions.

The events are fictional but shaped like real ones: timed and all-day, several days, online,
cancelled and postponed, in Saxony, Thuringia, Saxony-Anhalt and Vienna, one with a description
that tries to run script and carries a control character, one in the past, one announced more than
a year ahead (beyond a horizon, when one is set), one off-topic and one that its source no longer
lists. Reports on past events: one on the past event, with markup characters in its title, one on
digitalisation about the off-topic event (which has no page), and one whose event is not in the
database.
"""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date
from pathlib import Path

import sqlite_utils

from aggregator import store
from aggregator.model.event import Event
from aggregator.model.report import Report
from aggregator.model.vocabulary import ReportKind
from aggregator.sources import parse_sources

FIRST_SEEN = "2026-11-01T03:15:00+00:00"
CHANGED = "2026-11-20T03:15:00+00:00"
HOSTILE = (
    '<p onclick="steal()">Programm mit <strong>Keynote</strong>\x0b und Workshops.</p>'
    "<script>alert('x')</script><img src=x onerror=alert(1)>"
    '<a href="javascript:alert(1)">Anmelden</a> <a href="https://forum.example.org/">Infos</a>'
)

FORUM = Event(
    title="Forum Sachsen Digital",
    start="2027-03-17T09:00:00+01:00",
    end="2027-03-17T17:00:00+01:00",
    description=HOSTILE,
    description_text="Programm mit Keynote\x0b und Workshops.\nInfos",
    venue="Internationales Congress Center",
    street="Ostra-Ufer 2",
    postcode="01067",
    city="Dresden",
    region="Sachsen",
    country="DE",
    latitude=51.0566,
    longitude=13.7276,
    url="https://forum.example.org/2027",
    organizer="Digitalagentur Sachsen",
    topics=["digitalisierung", "ki"],
    hashtags=["smartKMU", "FSD27"],
    social_links=[
        "https://mastodon.social/@forumsachsendigital",
        "https://www.youtube.com/watch?v=fsd2027live",
        "javascript:alert('social')",
    ],
    app_links=["https://app.swapcard.com/event/forum-sachsen-digital-2027"],
)
WERKSTATT = Event(
    title="KI-Werkstatt für Handwerksbetriebe",
    start="2027-04-08T18:00:00+02:00",
    end="2027-04-08T20:30:00+02:00",
    venue="Handwerkskammer zu Leipzig",
    postcode="04103",
    city="Leipzig",
    region="Sachsen",
    country="DE",
    status="cancelled",
    url="https://hwk.example.org/ki-werkstatt",
    organizer="Handwerkskammer zu Leipzig",
    topics=["ki"],
)
CLOUDTAG = Event(
    title="Cloud-Tag Thüringen",
    start="2027-05-05",
    end="2027-05-06",
    all_day=True,
    venue="Messe Erfurt",
    city="Erfurt",
    region="Thüringen",
    country="DE",
    url="https://cloudtag.example.org/",
    organizer="Cloud-Netzwerk Thüringen e. V.",
    topics=["cloud"],
)
WEBINAR = Event(
    title="IT-Sicherheit im Mittelstand (Webinar)",
    start="2027-02-10T10:00:00+01:00",
    end="2027-02-10T11:30:00+01:00",
    attendance="online",
    status="postponed",
    url="javascript:alert('nope')",
    organizer="IHK Chemnitz",
    topics=["it-sicherheit"],
)
PRAXISTAG = Event(
    title="Industrie 4.0 Praxistag",
    start="2027-09-22",
    all_day=True,
    venue="Smart Systems Hub",
    city="Chemnitz",
    region="Sachsen",
    country="DE",
    attendance="mixed",
    organizer="Smart Systems Hub",
    topics=["industrie-4-0"],
)
WIEN = Event(
    title="Digital Days Wien",
    start="2027-06-02T09:30:00+02:00",
    end="2027-06-03T16:00:00+02:00",
    timezone="Europe/Vienna",
    city="Wien",
    country="AT",
    organizer="Digital Days",
    topics=["digitalisierung"],
)
PAST = Event(
    title="Datenstrategie-Workshop",
    start="2026-10-01T14:00:00+02:00",
    city="Halle (Saale)",
    region="Sachsen-Anhalt",
    topics=["daten"],
)
FAR = Event(
    title="Forum Sachsen Digital 2028",
    start="2028-06-01T09:00:00+02:00",
    city="Dresden",
    region="Sachsen",
    topics=["digitalisierung"],
)
OFF_TOPIC = Event(title="Frühjahrsputz im Vereinsheim", start="2027-03-20", all_day=True)
GONE = Event(
    title="Abgesetzter KI-Stammtisch",
    start="2027-03-03T19:00:00+01:00",
    city="Dresden",
    region="Sachsen",
    topics=["ki"],
)

EVENTS = {
    "forum": FORUM,
    "werkstatt": WERKSTATT,
    "cloudtag": CLOUDTAG,
    "webinar": WEBINAR,
    "praxistag": PRAXISTAG,
    "wien": WIEN,
    "past": PAST,
    "far": FAR,
    "offtopic": OFF_TOPIC,
    "gone": GONE,
}
UPCOMING = ["webinar", "forum", "werkstatt", "cloudtag", "wien", "praxistag", "far"]
"""The ids the main feeds hold, soonest first."""


def _report(
    slug: str,
    title: str,
    kinds: tuple[ReportKind, ...],
    text: str,
    day: str,
    published: str,
    city: str | None,
    topic: str,
) -> Report:
    """A report of the agency's news, on digitalisation, on the event of ``day``."""
    return Report(
        source="digitalagentur", key=f"digitalagentur:{slug}",
        url=f"https://digitalagentur.example.org/aktuelles/{slug}/", title=title,
        kind=kinds[0], kinds=kinds, reason="report: says so", fetched_at=CHANGED, text=text,
        published=published, event_start=day, event_end=day, city=city, topics=[topic],
        digital=True,
    )  # fmt: skip


REPORTS = {
    "past": _report(
        "rueckblick-datenstrategie",
        "Rückblick: Datenstrategie-Workshop <Daten & Recht>",
        (ReportKind.REPORT, ReportKind.SLIDES, ReportKind.RECORDING),
        "Am 1. Oktober kamen 30 Gäste nach Halle. Folien und Aufzeichnung stehen bereit.",
        "2026-10-01",
        "2026-10-05",
        "Halle (Saale)",
        "daten",
    ),
    None: _report(
        "folien-cloud-stammtisch",
        "Folien vom Cloud-Stammtisch",
        (ReportKind.SLIDES,),
        "Die Folien vom Cloud-Stammtisch am 12. November.",
        "2026-11-12",
        "2026-11-16",
        "Bautzen",
        "cloud",
    ),
    "offtopic": _report(
        "impressionen-fruehjahrsputz",
        "Impressionen vom Frühjahrsputz: neues WLAN im Vereinsheim",
        (ReportKind.REPORT,),
        "Beim Frühjahrsputz bekam das Vereinsheim ein neues WLAN.",
        "2027-03-20",
        "2027-03-22",
        None,
        "digitalisierung",
    ),
}
"""The reports, by the event they are about (None: not in the database)."""

SOURCES = """
[[source]]
name = "digitalagentur"
url = "https://digitalagentur.example.org/termine/"
kind = "jsonld"
organizer = "Digitalagentur Sachsen"

[[source]]
name = "hwk-leipzig"
url = "https://hwk.example.org/termine.ics"
kind = "ical"
"""


def save(db: sqlite_utils.Database, event_id: str, event: Event, now: str, **extra) -> dict:
    """Store an event as ingest does: through ``store.event_row``, keeping its history."""
    previous = store.stored_events(db, [event_id]).get(event_id)
    row, _ = store.event_row(
        event_id, event, digital=bool(event.topics), now=now, previous=previous, source_count=1
    )
    row.update(extra)
    db["events"].upsert(row, pk="id", alter=True)
    return row


SIGHTINGS = [
    ("digitalagentur", "forum", "https://digitalagentur.example.org/termine/forum-2027", None),
    ("hwk-leipzig", "forum", "https://hwk.example.org/termine/forum", None),
    ("digitalagentur", "webinar", "javascript:alert('seen')", "https://meet.example.org/it-sicher"),
]
"""(source, event, page it was read from, the online link the source gave)."""


def build(path: Path) -> sqlite_utils.Database:
    db = store.open_db(path)
    with db.conn:
        for event_id, event in EVENTS.items():
            save(db, event_id, event, FIRST_SEEN)
        # The organiser moved the forum's end: updated and SEQUENCE move on, the id does not.
        save(db, "forum", replace(FORUM, end="2027-03-17T18:00:00+01:00"), CHANGED)
        db["events"].update("gone", {"removed_at": CHANGED})
        store.save_sources(db, parse_sources(SOURCES, "test"))
        for source, event_id, url, online_url in SIGHTINGS:
            db["event_sources"].insert(
                {"source": source, "key": f"{source}:{event_id}", "event_id": event_id,
                 "url": url, "first_seen": FIRST_SEEN, "last_seen": CHANGED,
                 "raw": json.dumps({"online_url": online_url})},
            )  # fmt: skip
        store.write_reports(
            db,
            [store.report_row(r, event_id, FIRST_SEEN, None) for event_id, r in REPORTS.items()],
        )
        store.record_source_result(
            db, "digitalagentur", ok=True, pages=3, events=4, failure=None,
            run_id="20261120T031500Z",
        )  # fmt: skip
        store.record_source_result(
            db, "hwk-leipzig", ok=False, pages=0, events=0, failure="HTTP 503",
            run_id="20261120T031500Z",
        )  # fmt: skip
        store.record_run(
            db,
            {"id": "20261120T031500Z", "started": "2026-11-20T03:15:00+00:00",
             "finished": "2026-11-20T03:21:40+00:00", "status": "done"},
        )  # fmt: skip
    return db


def published(root: Path, base_url: str, today: date = date(2026, 11, 27)) -> Path:
    """The test database, built under ``root`` and published to ``root/public`` for ``base_url``."""
    from feeds.publish import PublishOptions, publish

    db = build(root / "events.db")
    publish(db, root / "public", today, PublishOptions(base_url=base_url))
    return root / "public"
