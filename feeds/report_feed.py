"""``nachberichte.atom``: the newest reports on past events, for those who follow what remains
of the events (the Nachbericht, the slides, the recording) rather than what is coming.

Each entry links the report itself and, when its event is known, the event's page. Its id is made
from the report's address (``identity.report_entry_id``) and never changes. Only reports on
digitalisation are listed: by their own words, or by the event they are about. Like every feed
here, it depends on the database only, never on the time of the publish.
"""

from __future__ import annotations

import json
import uuid
from html import escape
from typing import Any

import sqlite_utils
from feedgen.feed import FeedGenerator

from aggregator.model.vocabulary import ReportKind
from feeds import identity, labels, sanitise, urls
from feeds.entries import FEED_AUTHOR, GENERATOR, BuiltOnce, instant

FILE = "nachberichte.atom"
TITLE = "Nachberichte, Folien und Aufzeichnungen – Digitalisierungs-Veranstaltungen"
SUBTITLE = "Was von vergangenen Veranstaltungen zur Digitalisierung bleibt"
LIMIT = 100
"""Entries at most, the newest."""
SUMMARY_CHARS = 400
EPOCH = "1970-01-01T00:00:00+00:00"


def render(db: sqlite_utils.Database, base_url: str) -> bytes:
    rows = newest(db)
    feed = FeedGenerator()
    feed.id(uuid.uuid5(identity.NAMESPACE, "feed:nachberichte").urn)
    feed.title(TITLE)
    feed.subtitle(SUBTITLE)
    feed.author({"name": FEED_AUTHOR})
    feed.link(href=urls.absolute(base_url, FILE), rel="self", type=urls.FORMATS["atom"])
    feed.link(href=urls.absolute(base_url, "index.html"), rel="alternate", type="text/html")
    feed.language("de")
    feed.generator(GENERATOR)
    feed.updated(instant(max((r["first_seen"] for r in rows), default=EPOCH)))
    for row in rows:
        feed.add_entry(_entry(row, base_url), order="append")
    xml: bytes = feed.atom_str(pretty=True)
    return xml


def newest(db: sqlite_utils.Database) -> list[dict[str, Any]]:
    """The newest reports on digitalisation (first seen last first), with their event's title,
    start and city when it is known."""
    if "reports" not in db.table_names():
        return []
    return list(
        db.query(
            """select r.*, coalesce(nullif(src.organizer, ''), r.source) as publisher,
                      e.title as event_title, e.start as event_start_at, e."end" as event_end_at,
                      e.city as event_city, e.attendance as event_attendance,
                      e.digital as event_digital
               from reports r
               left join events e on e.id = r.event_id
               left join sources src on src.name = r.source
               where r.digital = 1 or e.digital = 1
               order by r.first_seen desc, coalesce(r.published, '') desc, r.url
               limit ?""",
            [LIMIT],
        )
    )


def _entry(row: dict[str, Any], base_url: str) -> BuiltOnce:
    """``BuiltOnce`` for feedgen's entry: it keeps the links' ``rel``, which feedgen drops."""
    entry = BuiltOnce()
    entry.id(identity.report_entry_id(row["url"]))
    entry.title(sanitise.line(row["title"]))
    link = sanitise.url(row["url"])
    if link:
        entry.link(href=link, rel="alternate", type="text/html")
    if row["event_id"] and row["event_digital"]:
        page = urls.absolute(base_url, urls.event_path(row["event_id"]))
        entry.link(href=page, rel="related", type="text/html")
    entry.updated(instant(row["first_seen"]))
    if row["published"]:
        entry.published(instant(f"{row['published']}T00:00:00+00:00"))
    entry.author({"name": sanitise.line(row["publisher"]) or FEED_AUTHOR})
    entry.content(_content(row, base_url), type="html")
    kind = ReportKind(row["kind"])
    entry.category(term=kind.value, label=labels.REPORT_WORD[kind])
    return entry


def _content(row: dict[str, Any], base_url: str) -> str:
    """What it is and which event it is about, then the start of its text."""
    kind = ReportKind(row["kind"])
    offers = [labels.REPORT_WORD[ReportKind(k)] for k in json.loads(row["kinds"]) if k != kind]
    what = f"<strong>{labels.REPORT_WORD[kind]}</strong>"
    if offers:
        what += " mit " + escape(" und ".join(offers))
    if row["event_id"] and row["event_digital"]:
        event = {"start": row["event_start_at"], "end": row["event_end_at"]}
        page = urls.absolute(base_url, urls.event_path(row["event_id"]))
        where = sanitise.line(row["event_city"])
        what += (
            f' zu <a href="{escape(page)}">{escape(sanitise.line(row["event_title"]))}</a>'
            f" ({escape(labels.date_label(event))}{', ' + escape(where) if where else ''})"
        )
    text = sanitise.line(row["text"])
    if len(text) > SUMMARY_CHARS:
        text = text[: SUMMARY_CHARS - 1].rsplit(" ", 1)[0] + " …"
    return f"<p>{what}</p>" + (f"<p>{escape(text)}</p>" if text else "")
