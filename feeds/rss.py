"""RSS 2.0 feed of upcoming events."""

from __future__ import annotations

from typing import Any

from feeds import entries
from feeds.selection import Selection


def render(events: list[dict[str, Any]], selection: Selection, base_url: str) -> bytes:
    path = f"{selection.slug}.rss"
    feed = entries.build(events, selection, base_url, path, "rss")
    feed.description("Konferenzen, Workshops und Meetups zur Digitalisierung")
    return feed.rss_str(pretty=True)
