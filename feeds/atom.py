"""Atom 1.0 (RFC 4287) feeds."""

from __future__ import annotations

from typing import Any

from feeds import entries
from feeds.selection import Selection


def render(
    events: list[dict[str, Any]], selection: Selection, base_url: str, fallback_updated: str
) -> bytes:
    feed = entries.build(events, selection, base_url, "atom", fallback_updated)
    return feed.atom_str(pretty=True)
