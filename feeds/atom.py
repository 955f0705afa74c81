"""Atom 1.0 feed of upcoming events."""

from __future__ import annotations

from typing import Any

from feeds import entries
from feeds.selection import Selection


def render(events: list[dict[str, Any]], selection: Selection, base_url: str) -> bytes:
    path = f"{selection.slug}.atom"
    return entries.build(events, selection, base_url, path, "atom").atom_str(pretty=True)
