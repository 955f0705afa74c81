"""Kind ``tribe``: WordPress sites running The Events Calendar, through its REST API.

The API is the organiser's own structured data, so it beats scraping the theme's HTML: it pages with
``next_rest_url`` (absent on the last page) and answers a page past the end with an error.
"""

from __future__ import annotations

import html
import json
from collections.abc import Iterator
from typing import Any

from scrapy.http import Response

from spiders.base import SourceSpider

API_PATH = "wp-json/tribe/events/v1/events"


class TribeSpider(SourceSpider):
    name = "tribe"
    kind = "tribe"

    def start_url(self) -> str:
        assert self.source is not None
        url = self.source.url
        if "/wp-json/" in url or "rest_route=" in url:
            return url
        return url.rstrip("/") + "/" + API_PATH + "?per_page=50"

    def parse(self, response: Response) -> Iterator[Any]:
        try:
            data = json.loads(response.text)
        except (ValueError, AttributeError):
            self.drop("invalid-json", response.url)
            return
        events = data.get("events") if isinstance(data, dict) else None
        if not isinstance(events, list):
            self.drop("not-a-tribe-listing", response.url)
            return
        for event in events:
            if isinstance(event, dict):
                item = self._event(response, event)
                if item is not None:
                    yield item
        next_url = data.get("next_rest_url")
        if isinstance(next_url, str) and next_url:
            request = self.page(response.urljoin(next_url), self.parse)
            if request is not None:
                yield request

    def _event(self, response: Response, event: dict[str, Any]) -> Any:
        title = event.get("title")
        start = event.get("start_date")
        if not title or not start:
            self.drop("missing-title-or-start", response.url, str(event.get("id")))
            return None
        venue = event.get("venue") if isinstance(event.get("venue"), dict) else {}
        organizers = event.get("organizer") if isinstance(event.get("organizer"), list) else []
        terms = [*(event.get("categories") or []), *(event.get("tags") or [])]
        return self.raw_event(
            response,
            key=str(event.get("id") or event.get("global_id") or event.get("url")),
            title=str(title),
            description=event.get("description") or event.get("excerpt") or None,
            start=str(start),
            end=str(event["end_date"]) if event.get("end_date") else None,
            all_day=bool(event.get("all_day")),
            timezone=event.get("timezone") or None,
            venue=_str(venue.get("venue")),
            street=_str(venue.get("address")),
            postcode=_str(venue.get("zip")),
            city=_str(venue.get("city")),
            region=_str(venue.get("province") or venue.get("state")),
            country=_str(venue.get("country")),
            latitude=_float(venue.get("geo_lat")),
            longitude=_float(venue.get("geo_lng")),
            attendance="online" if event.get("is_virtual") else None,
            status=_str(event.get("status")),
            organizer=", ".join(
                html.unescape(str(o.get("organizer")))
                for o in organizers
                if isinstance(o, dict) and o.get("organizer")
            )
            or None,
            event_url=_str(event.get("url")),
            categories=[str(t.get("name")) for t in terms if isinstance(t, dict) and t.get("name")],
            raw=event,
        )


def _str(value: Any) -> str | None:
    return str(value).strip() or None if value not in (None, "", [], {}) else None


def _float(value: Any) -> float | None:
    try:
        return float(value)
    except (TypeError, ValueError):
        return None
