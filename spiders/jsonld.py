"""Kind ``jsonld``: schema.org Events on a listing page, its detail pages and its next pages."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from scrapy.http import Response

from spiders.base import SourceSpider
from spiders.schemaorg import extract_events


class JsonLdSpider(SourceSpider):
    name = "jsonld"
    kind = "jsonld"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.seen_keys: set[str] = set()

    def parse(self, response: Response, listing: bool = True) -> Iterator[Any]:
        assert self.source is not None
        if not hasattr(response, "text"):
            self.drop("not-html", response.url)
            return
        found = extract_events(response.text, response.url)
        if found.repaired:
            self.crawler.stats.inc_value("aggregator/jsonld_repaired", found.repaired)
        for problem in found.problems:
            self.drop("invalid-jsonld", response.url, problem)
        for data in found.events:
            item = event_from_schemaorg(self, response, data)
            if item is not None and item.key not in self.seen_keys:
                self.seen_keys.add(item.key)
                yield item
        if not listing:
            return
        selectors = self.source.selectors
        if selectors.follow:
            for href in response.css(selectors.follow).getall():
                request = self.page(
                    response.urljoin(href.strip()), self.parse, cb_kwargs={"listing": False}
                )
                if request is not None:
                    yield request
        if selectors.next:
            href = response.css(selectors.next).get()
            if href:
                request = self.page(response.urljoin(href.strip()), self.parse)
                if request is not None:
                    yield request


def event_from_schemaorg(spider: SourceSpider, response: Response, data: dict[str, Any]) -> Any:
    """Copy a schema.org Event's fields into a RawEvent, unchanged in meaning."""
    name = _text(data.get("name"))
    start = _text(data.get("startDate"))
    if not name or not start:
        spider.drop("missing-name-or-start", response.url)
        return None
    place, virtual_url = _location(data.get("location"))
    address = place.get("address") if isinstance(place.get("address"), dict) else {}
    geo = place.get("geo") if isinstance(place.get("geo"), dict) else {}
    url = _text(data.get("url")) or None
    key = _text(data.get("@id")) or (response.urljoin(url) if url else response.url)
    if key == response.url or not data.get("@id"):
        key = f"{key}#{start}#{name}"
    return spider.raw_event(
        response,
        key=key,
        title=name,
        description=_text(data.get("description")) or None,
        start=start,
        end=_text(data.get("endDate")) or None,
        venue=_text(place.get("name")) or None,
        street=_text(address.get("streetAddress")) or None,
        postcode=_text(address.get("postalCode")) or None,
        city=_text(address.get("addressLocality")) or None,
        region=_text(address.get("addressRegion")) or None,
        country=_country(address.get("addressCountry")),
        place_text=_text(place.get("address")) if isinstance(place.get("address"), str) else None,
        latitude=_number(geo.get("latitude")),
        longitude=_number(geo.get("longitude")),
        attendance=_text(data.get("eventAttendanceMode")) or None,
        online_url=virtual_url,
        status=_text(data.get("eventStatus")) or None,
        organizer=_organizer(data.get("organizer")),
        event_url=response.urljoin(url) if url else None,
        categories=[_text(k) for k in _keywords(data.get("keywords")) if _text(k)],
        raw=json.loads(json.dumps(data, default=str)),
    )


def _location(value: Any) -> tuple[dict[str, Any], str | None]:
    """The physical place and the online URL; hybrid events list both."""
    place: dict[str, Any] = {}
    virtual: str | None = None
    for item in value if isinstance(value, list) else [value]:
        if isinstance(item, str):
            place = place or {"name": item}
        elif isinstance(item, dict):
            types = item.get("@type")
            types = types if isinstance(types, list) else [types]
            if "VirtualLocation" in types:
                virtual = _text(item.get("url")) or "online"
            elif not place:
                place = item
    return place, virtual


def _text(value: Any) -> str:
    if isinstance(value, dict):
        value = value.get("@value") or value.get("name") or value.get("@id")
    if isinstance(value, list):
        value = value[0] if value else ""
    return str(value).strip() if value is not None else ""


def _number(value: Any) -> float | None:
    try:
        return float(str(value).replace(",", "."))
    except (TypeError, ValueError):
        return None


def _country(value: Any) -> str | None:
    return _text(value) or None


def _organizer(value: Any) -> str | None:
    items = value if isinstance(value, list) else [value]
    names = [_text(item) for item in items if item]
    return ", ".join(n for n in names if n) or None


def _keywords(value: Any) -> list[Any]:
    if isinstance(value, str):
        return [k for k in value.split(",")]
    return value if isinstance(value, list) else []
