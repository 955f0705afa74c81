"""JSON Feed 1.1 (https://jsonfeed.org/version/1.1) feeds.

Items carry the same id, title and content as the Atom entries; an ``_event`` extension object
(JSON Feed's way to extend items) gives the event's structured dates and place for programs.
"""

from __future__ import annotations

import json
from typing import Any

from aggregator.model.address import ADDRESS_FIELDS
from feeds import entries, identity, labels, sanitise, urls
from feeds.selection import Selection

VERSION = "https://jsonfeed.org/version/1.1"


class JsonFeeds:
    """Renders the JSON Feed of each selection; an event's item is encoded once per publish and
    the encoded items are joined into each feed that lists it."""

    def __init__(self, base_url: str, texts: entries.EntryTexts) -> None:
        self.base_url = base_url
        self.texts = texts
        self._items: dict[entries.EventKey, str] = {}

    def render(
        self, events: list[dict[str, Any]], selection: Selection, fallback_updated: str
    ) -> bytes:
        feed = {
            "version": VERSION,
            "title": selection.title,
            "home_page_url": entries.page_url(self.base_url, selection),
            "feed_url": urls.absolute(self.base_url, urls.file_path(selection.slug, "json")),
            "description": entries.SUBTITLE,
            "language": "de",
            "authors": [{"name": entries.FEED_AUTHOR}],
        }
        head = json.dumps(feed, ensure_ascii=False)[:-1]  # without the closing brace
        items = ",".join(self._item(event) for event in events)
        return f'{head}, "items": [{items}]}}\n'.encode()

    def _item(self, event: dict[str, Any]) -> str:
        key = entries.event_key(event)
        item = self._items.get(key)
        if item is None:
            encoded = json.dumps(json_item(event, self.texts(event)), ensure_ascii=False)
            item = self._items[key] = encoded
        return item


def json_item(event: dict[str, Any], text: entries.EntryText) -> dict[str, Any]:
    item: dict[str, Any] = {
        "id": text.id,
        "url": text.link,
        **({"external_url": text.organizer_link} if text.organizer_link else {}),
        "title": text.title,
        "content_html": text.content,
        "summary": text.summary,
        "date_published": entries.instant(event["first_seen"]).isoformat(),
        "date_modified": entries.instant(event["updated"]).isoformat(),
        "authors": [{"name": text.author}],
        "language": "de",
        "_event": {
            "title": sanitise.line(event["title"]),
            "start": event["start"],
            "end": event.get("end"),
            "all_day": bool(event.get("all_day")),
            "timezone": event.get("timezone"),
            "status": event.get("status"),
            "attendance": event.get("attendance"),
            **_address(event),
            "organizer": sanitise.line(event.get("organizer")) or None,
            "calendar_uid": identity.calendar_uid(event["id"]),
            "topics": list(event["topics"]),
            "hashtags": [tag[1:] for tag in labels.hashtags(event)],
            "social_links": _links(event.get("social_links")),
            "app_links": _links(event.get("app_links")),
        },
    }
    tags = [*(labels.topic_label(t) for t in event["topics"]), *labels.hashtags(event)]
    if tags:
        item["tags"] = tags
    return item


def _links(values: list[str] | None) -> list[str]:
    return [url for url in (sanitise.url(v) for v in values or []) if url]


def _address(event: dict[str, Any]) -> dict[str, Any]:
    """The event's ``Address`` fields, texts as single clean lines, coordinates as numbers."""
    return {
        name: value if isinstance(value, float | None) else (sanitise.line(value) or None)
        for name, value in ((name, event.get(name)) for name in ADDRESS_FIELDS)
    }
