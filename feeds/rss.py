"""RSS 2.0 feeds; entry titles lead with the event's date, as in Atom."""

from __future__ import annotations

from feedgen.feed import FeedGenerator

from feeds.entries import FeedWriter


class RssFeeds(FeedWriter):
    fmt = "rss"

    def serialise(self, feed: FeedGenerator) -> bytes:
        xml: bytes = feed.rss_str(pretty=True)
        return xml
