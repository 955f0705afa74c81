"""Atom 1.0 (RFC 4287) feeds."""

from __future__ import annotations

from feedgen.feed import FeedGenerator

from feeds.entries import FeedWriter


class AtomFeeds(FeedWriter):
    fmt = "atom"

    def serialise(self, feed: FeedGenerator) -> bytes:
        xml: bytes = feed.atom_str(pretty=True)
        return xml
