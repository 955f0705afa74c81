"""Kind ``jsonld``: schema.org Events on a listing page, its detail pages and its next pages.

``follow`` (a selector on the listing page) names the detail pages to read as well, ``next`` the
next listing page. An event on the listing whose own page is followed is completed by that page:
the detail page's values win where it has them, the listing's stay where it has none, and the
listing's event survives if the detail page cannot be fetched.
"""

from __future__ import annotations

import dataclasses
import html
import json
from collections import Counter
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

from scrapy.http import Response
from twisted.python.failure import Failure

from aggregator.model.raw import RawEvent
from spiders.base import SourceSpider, failed_request
from spiders.schemaorg import MAX_NESTING, extract_events

IDENTITY_FIELDS = {"source", "kind", "key", "url", "fetched_at"}


class JsonLdSpider(SourceSpider):
    name = "jsonld"
    kind = "jsonld"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.seen_keys: set[str] = set()
        self.followed: set[str] = set()

    def parse(
        self, response: Response, listing: bool = True, pending: list[RawEvent] | None = None
    ) -> Iterator[Any]:
        assert self.source is not None
        if not hasattr(response, "text"):
            if response.meta.get("is_start"):
                self.fail(f"not an HTML page ({_content_type(response)}) at {response.url}")
            else:
                self.drop("not-html", response.url)
            yield from self._emit(pending or [])
            return
        items = self.events_on(response)
        if pending:
            items = _complete(pending, items)
        if not listing:
            yield from self._emit(items)
            return
        detail_requests: dict[str, list[RawEvent]] = {}
        selectors = self.source.selectors
        if selectors.follow:
            for href in response.css(selectors.follow).getall():
                url = response.urljoin(href.strip())
                if url in self.followed or url == response.url:
                    continue
                self.followed.add(url)
                detail_requests[url] = []
        for item in items:
            target = next((u for u in detail_requests if same_page(item.event_url, u)), None)
            if target is not None:
                detail_requests[target].append(item)
            else:
                yield from self._emit([item])
        for url, waiting in detail_requests.items():
            request = self.page(
                url,
                self.parse,
                cb_kwargs={"listing": False, "pending": waiting},
                errback=self.detail_failed,
            )
            if request is None:
                yield from self._emit(waiting)
            else:
                yield request
        yield from self.next_page(response)

    def events_on(self, response: Response) -> list[RawEvent]:
        found = extract_events(
            response.text, response.url, self.settings.getint("JSONLD_MAX_DEPTH", MAX_NESTING)
        )
        if found.repaired:
            self.repaired("jsonld", found.repaired)
        for problem in found.problems:
            self.drop("invalid-jsonld", response.url, problem)
        if found.too_deep:
            self.incomplete("max_depth", f"{found.too_deep} scripts left unread at {response.url}")
        elif found.problems and not found.events:
            self.incomplete("unreadable", f"no readable JSON-LD at {response.url}")
        urls = Counter(_text(e.get("url")) for e in found.events if _text(e.get("url")))
        alone = len(found.events) == 1
        items = []
        for data in found.events:
            item = event_from_schemaorg(self, response, data, unique_url=urls, alone=alone)
            if item is not None:
                if alone:
                    item.page_links = main_links(response)
                items.append(item)
        return items

    def detail_failed(self, failure: Failure) -> Iterator[Any]:
        """The listing's events stand on their own when their detail page cannot be read."""
        self.on_error(failure)
        yield from self._emit(failed_request(failure).cb_kwargs.get("pending") or [])

    def _emit(self, items: list[RawEvent]) -> Iterator[RawEvent]:
        for item in items:
            if item.key not in self.seen_keys:
                self.seen_keys.add(item.key)
                yield item


MAIN_CONTENT = "main a::attr(href), [role=main] a::attr(href), article a::attr(href)"
"""Where a page's own links are: not its header, navigation or footer, which every page of the
site shares."""


def main_links(response: Response) -> list[str]:
    """The absolute http(s) links of the page's main content, once each, in page order."""
    links: dict[str, None] = {}
    for href in response.css(MAIN_CONTENT).getall():
        url = response.urljoin(href.strip())
        if url.startswith(("http://", "https://")) and url.split("#")[0] != response.url:
            links.setdefault(url)
    return list(links)


def _complete(pending: list[RawEvent], found: list[RawEvent]) -> list[RawEvent]:
    """Join the listing's events with the detail page's: matched by URL, or one to one."""
    out: list[RawEvent] = []
    rest = list(found)
    for item in pending:
        match = next(
            (f for f in rest if any(same_page(item.event_url, u) for u in (f.event_url, f.url))),
            None,
        )
        if match is None and len(pending) == 1 and len(rest) == 1:
            match = rest[0]
        if match is None:
            out.append(item)
            continue
        rest.remove(match)
        out.append(_merge(item, match))
    return out + rest


def same_page(first: str | None, second: str | None) -> bool:
    """Whether two addresses name the same event page. Markup often names the canonical host
    (``www.`` or not, the production domain on a staging copy), so paths are compared, and one
    may end with the other when a site lives below a folder."""
    if not first or not second:
        return False
    a, b = urlsplit(first), urlsplit(second)
    if a.query != b.query:
        return False
    path_a, path_b = a.path.rstrip("/"), b.path.rstrip("/")
    if not path_a or not path_b:
        return path_a == path_b and a.netloc == b.netloc
    return path_a.endswith(path_b) or path_b.endswith(path_a)


def _merge(listing: RawEvent, detail: RawEvent) -> RawEvent:
    """The detail page's values where it has them; the listing's key, so the event keeps its
    identity whether or not the detail page could be read."""
    changes = {
        f.name: getattr(detail, f.name)
        for f in dataclasses.fields(RawEvent)
        if f.name not in IDENTITY_FIELDS and getattr(detail, f.name) not in (None, "", [])
    }
    if isinstance(listing.raw, dict) and isinstance(detail.raw, dict):
        changes["raw"] = {**listing.raw, **detail.raw}
    changes["url"] = detail.url
    changes["fetched_at"] = detail.fetched_at
    return dataclasses.replace(listing, **changes)


def event_from_schemaorg(
    spider: SourceSpider,
    response: Response,
    data: dict[str, Any],
    unique_url: Counter[str] | None = None,
    alone: bool = False,
) -> RawEvent | None:
    """Copy a schema.org Event's fields into a RawEvent, unchanged in meaning."""
    name = html.unescape(_text(data.get("name")))
    start = _text(data.get("startDate"))
    if not name or not start:
        spider.drop("missing-name-or-start", response.url, name)
        return None
    place, virtual_url = _location(data.get("location"))
    address = place.get("address")
    if isinstance(address, list):  # several addresses: the first one that says something
        address = next((a for a in address if isinstance(a, dict | str) and a), None)
    postal = address if isinstance(address, dict) else {}
    geo = place.get("geo")
    if not isinstance(geo, dict):
        geo = {}
    url = _text(data.get("url")) or None
    event_url = response.urljoin(url) if url else None
    attendance = _enum(data.get("eventAttendanceMode"))
    status = _enum(data.get("eventStatus"))
    if attendance is None and status and status.endswith("EventMovedOnline"):
        attendance = "https://schema.org/OnlineEventAttendanceMode"
    return spider.raw_event(
        response,
        key=_key(data, response.url, event_url, start, name, unique_url or Counter(), alone),
        title=name,
        description=_text(data.get("description")) or None,
        start=start,
        end=_text(data.get("endDate")) or None,
        venue=html.unescape(_text(place.get("name"))) or None,
        street=_text(postal.get("streetAddress")) or None,
        postcode=_text(postal.get("postalCode")) or None,
        city=_text(postal.get("addressLocality")) or None,
        region=_text(postal.get("addressRegion")) or None,
        country=_text(postal.get("addressCountry")) or None,
        place_text=_text(address) if isinstance(address, str) else None,
        latitude=_number(geo.get("latitude")),
        longitude=_number(geo.get("longitude")),
        attendance=attendance,
        online_url=virtual_url,
        status=status,
        organizer=_organizer(data.get("organizer")),
        event_url=event_url,
        categories=_categories(data),
        raw=json.loads(json.dumps(data, default=str)),
    )


def _key(
    data: dict[str, Any],
    page_url: str,
    event_url: str | None,
    start: str,
    name: str,
    urls: Counter[str],
    alone: bool = False,
) -> str:
    """Stable identity: the node's ``@id``, else its own URL, else the page when it is the only
    event there; a URL that several events share (a series on one page) is told apart by date and
    name."""
    node_id = _text(data.get("@id"))
    if node_id and not node_id.startswith("_:"):
        return node_id
    url = _text(data.get("url"))
    if event_url and urls.get(url, 0) <= 1:
        return event_url
    if alone and not event_url:
        return page_url
    return f"{event_url or page_url}#{start}#{name}"


def _location(value: Any) -> tuple[dict[str, Any], str | None]:
    """The physical place and the online URL; hybrid events list both."""
    place: dict[str, Any] = {}
    virtual: str | None = None
    for item in value if isinstance(value, list) else [value]:
        if isinstance(item, str) and item.strip():
            if item.strip().startswith(("http://", "https://")):
                virtual = virtual or item.strip()
            else:
                place = place or {"name": item.strip()}
        elif isinstance(item, dict):
            types = [str(t).rsplit("/", 1)[-1] for t in _list(item.get("@type"))]
            if "VirtualLocation" in types:
                virtual = _text(item.get("url")) or virtual or "online"
            elif not place:
                place = item
    return place, virtual


def _text(value: Any) -> str:
    if isinstance(value, list):
        value = next((v for v in value if v not in (None, "")), "")
    if isinstance(value, dict):
        value = value.get("@value") or value.get("name") or value.get("legalName")
    return str(value).strip() if value is not None else ""


def _enum(value: Any) -> str | None:
    """A schema.org enumeration member, written as text or as ``{"@id": ...}``."""
    if isinstance(value, dict) and not _text(value):
        value = value.get("@id")
    return _text(value) or None


def _number(value: Any) -> float | None:
    try:
        return float(str(value).replace(",", "."))
    except (TypeError, ValueError):
        return None


def _organizer(value: Any) -> str | None:
    names = [html.unescape(_text(item)) for item in _list(value) if item]
    return ", ".join(dict.fromkeys(n for n in names if n)) or None


def _categories(data: dict[str, Any]) -> list[str]:
    """``keywords`` (a list or a comma-separated text) and ``about`` topics."""
    out: list[str] = []
    for value in _list(data.get("keywords")):
        parts = value.split(",") if isinstance(value, str) else [_text(value)]
        out.extend(p.strip() for p in parts if p and p.strip())
    out.extend(_text(v) for v in _list(data.get("about")) if _text(v))
    return list(dict.fromkeys(out))


def _list(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _content_type(response: Response) -> str:
    return (response.headers.get(b"Content-Type") or b"unknown type").decode("latin-1")
