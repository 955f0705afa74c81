"""Kind ``rss``: RSS/Atom feeds of event announcements.

A feed entry's publication date is when the news was posted, never when the event happens: it is
passed on as ``published``, the day that ``heute`` or ``morgen`` in the entry means. The event date
is read from the entry's own title and text by the normaliser. Only the RSS event module
(``ev:startdate``, ``ev:enddate``, ``ev:location``) is taken as a structured event date, because it
says exactly that.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import feedparser
from scrapy.http import Response

from spiders.base import SourceSpider


class RssSpider(SourceSpider):
    name = "rss"
    kind = "rss"

    def parse(self, response: Response) -> Iterator[Any]:
        feed = feedparser.parse(response.body)
        if not feed.entries and (feed.bozo or not feed.get("version")):
            reason = f"not an RSS/Atom feed at {response.url}"
            if response.meta.get("is_start"):
                self.fail(reason)
            else:
                self.drop("invalid-feed", response.url, str(feed.get("bozo_exception", "")))
            return
        if feed.bozo:
            self.repaired("feed-markup")
        for entry in feed.entries:
            title = (entry.get("title") or "").strip()
            if not title:
                self.drop("missing-title", response.url)
                continue
            description = _entry_html(entry)
            link = entry.get("link")
            yield self.raw_event(
                response,
                key=entry.get("id") or link or title,
                title=title,
                description=description or None,
                start=entry.get("ev_startdate") or None,
                end=entry.get("ev_enddate") or None,
                published=_published(entry),
                place_text=entry.get("ev_location") or None,
                organizer=entry.get("ev_organizer") or None,
                event_url=response.urljoin(link) if link else None,
                categories=[t.get("term") for t in entry.get("tags", []) if t.get("term")],
                raw={
                    k: entry.get(k)
                    for k in ("id", "title", "link", "published", "summary", "ev_startdate")
                    if entry.get(k)
                },
            )


def _published(entry: Any) -> str | None:
    """The entry's publication (else update) time in ISO 8601, UTC, as feedparser parsed it from
    RFC 822 or W3C dates."""
    for key in ("published_parsed", "updated_parsed"):
        parsed = entry.get(key)
        if parsed:
            return datetime.fromtimestamp(calendar.timegm(parsed), UTC).isoformat()
    return None


def _entry_html(entry: Any) -> str:
    content = entry.get("content")
    if content:
        value: str = content[0].get("value", "")
        return value
    return entry.get("summary", "") or ""
