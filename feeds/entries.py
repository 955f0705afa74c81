"""Atom and RSS share one feedgen description of the feed; only the output call differs."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from feedgen.feed import FeedGenerator

from feeds.selection import Selection, headline, place_label, when_label

GENERATOR = "digital-events-aggregator"
FALLBACK_UPDATED = "2026-01-01T00:00:00+00:00"


def build(
    events: list[dict[str, Any]], selection: Selection, base_url: str, self_path: str, fmt: str
) -> FeedGenerator:
    feed = FeedGenerator()
    feed.id(_absolute(base_url, f"{selection.slug}.atom"))
    feed.title(selection.title)
    feed.subtitle("Konferenzen, Workshops und Meetups zur Digitalisierung")
    feed.author({"name": "Digital Events Aggregator"})
    feed.link(href=_absolute(base_url, self_path), rel="self")
    feed.link(href=_absolute(base_url, "index.html"), rel="alternate")
    feed.language("de")
    feed.generator(GENERATOR)
    newest = max((e["updated"] for e in events), default=FALLBACK_UPDATED)
    feed.updated(_instant(newest))
    if fmt == "rss":
        feed.lastBuildDate(_instant(newest))
    for event in reversed(events):  # feedgen prepends entries; keep soonest first
        entry = feed.add_entry()
        entry.id(f"urn:event:{event['id']}")
        entry.guid(f"urn:event:{event['id']}", permalink=False)
        entry.title(headline(event))
        if event.get("url"):
            entry.link(href=event["url"], rel="alternate")
        entry.updated(_instant(event["updated"]))
        entry.published(_instant(event["first_seen"]))
        entry.author({"name": event.get("organizer") or "Unbekannter Veranstalter"})
        entry.content(_content(event), type="html")
        for topic in event["topics"]:
            entry.category(term=topic)
    return feed


def _content(event: dict[str, Any]) -> str:
    """Already-sanitised description after a summary of when and where (escaped here)."""
    from html import escape

    lines = [f"<p><strong>{escape(when_label(event))}</strong>"]
    place = place_label(event)
    if place:
        lines.append(f"<br>{escape(place)}")
    if event.get("organizer"):
        lines.append(f"<br>Veranstalter: {escape(event['organizer'])}")
    lines.append("</p>")
    return "".join(lines) + (event.get("description") or "")


def _instant(value: str) -> datetime:
    parsed = datetime.fromisoformat(value)
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def _absolute(base_url: str, path: str) -> str:
    return base_url.rstrip("/") + "/" + path
