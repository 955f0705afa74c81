"""RSS 2.0 feeds; the entry text leads with the event's date, as in Atom."""

from __future__ import annotations

from typing import Any

from feeds import entries
from feeds.selection import Selection


def render(
    events: list[dict[str, Any]], selection: Selection, base_url: str, fallback_updated: str
) -> bytes:
    feed = entries.build(events, selection, base_url, "rss", fallback_updated)
    return feed.rss_str(pretty=True)
