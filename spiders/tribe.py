"""Kind ``tribe``: WordPress sites running The Events Calendar, through its REST API.

The API is the organiser's own structured data, so it beats scraping the theme's HTML. It pages with
``next_rest_url`` (absent on the last page) and answers a page past the end (and, in older
versions, an empty calendar) with a 404 whose JSON says ``event-archive-page-not-found``: that is
the end of the listing, not an error.

``url`` may be the API itself, the WordPress root, or any page of the site. The spider tries the
pretty-permalink API path, then ``?rest_route=`` (sites without pretty permalinks), then reads the
page itself for the API root its ``tec-api-origin`` meta tag or ``api.w.org`` link names.
"""

from __future__ import annotations

import html
import json
from collections.abc import Callable, Iterator
from typing import Any
from urllib.parse import parse_qs, urlsplit

from parsel import Selector
from scrapy.http import Request, Response
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.python.failure import Failure
from w3lib.url import add_or_replace_parameter

from aggregator.model.vocabulary import Attendance
from spiders.base import SourceSpider, failed_request

API_ROUTE = "tribe/events/v1/events"
API_PATH = "wp-json/" + API_ROUTE
PER_PAGE = 50
"""The Events Calendar's default cap; sites that allow more still answer 50 happily."""
END_OF_LISTING = "event-archive-page-not-found"


def api_urls(url: str) -> list[str]:
    """Where the events API of the site at ``url`` may be, most likely first. The page itself is
    one of them: it names the API when WordPress lives elsewhere than ``url`` suggests."""
    if "/wp-json/" in url or "rest_route=" in url:
        return [_paged(url)]
    root = url.split("?")[0].rstrip("/") + "/"
    return [_paged(root + API_PATH), url, _paged(root + "?rest_route=/" + API_ROUTE)]


def api_url_from_page(page_html: str, page_url: str) -> str | None:
    """The API a WordPress page announces: TEC's ``tec-api-origin`` or the ``api.w.org`` link."""
    page = Selector(text=page_html)
    api_root = page.css('link[rel="https://api.w.org/"]::attr(href)').get()
    if api_root:  # the REST root itself, with or without pretty permalinks
        api_root = _join(page_url, api_root)
        if "rest_route=" in api_root:
            return _paged(api_root.split("rest_route=")[0] + "rest_route=/" + API_ROUTE)
        return _paged(api_root.rstrip("/") + "/" + API_ROUTE)
    origin = page.css('meta[name="tec-api-origin"]::attr(content)').get()
    if origin:
        return _paged(_join(page_url, origin.rstrip("/") + "/" + API_PATH))
    return None


class TribeSpider(SourceSpider):
    name = "tribe"
    kind = "tribe"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.seen_ids: set[str] = set()
        self.attempts: list[str] = []

    def start_url(self) -> str:
        assert self.source is not None
        self.attempts = api_urls(self.source.url)
        return self.attempts.pop(0)

    def page(self, url: str, callback: Callable[..., Any], **kwargs: Any) -> Request | None:
        """API pages are read even when they answer 400/404: that is how the listing ends."""
        meta = dict(kwargs.pop("meta", None) or {})
        meta.setdefault("handle_httpstatus_list", [400, 404])
        return super().page(url, callback, meta=meta, **kwargs)

    def parse(self, response: Response) -> Iterator[Any]:
        data = _json(response)
        if response.status >= 400:
            yield from self._error_page(response, data)
            return
        events = data.get("events") if isinstance(data, dict) else None
        if not isinstance(events, list):
            yield from self._not_an_api(response)
            return
        for event in events:
            if not isinstance(event, dict):
                continue
            event_id = str(event.get("id") or event.get("global_id") or event.get("url"))
            if event_id in self.seen_ids:  # events shift between pages while we read them
                continue
            self.seen_ids.add(event_id)
            item = self._event(response, event, event_id)
            if item is not None:
                yield item
        next_url = _next_page(response.url, data)
        if next_url:
            request = self.page(response.urljoin(next_url), self.parse)
            if request is not None:
                yield request

    def _error_page(self, response: Response, data: Any) -> Iterator[Any]:
        code = data.get("code") if isinstance(data, dict) else None
        if code == END_OF_LISTING or (not response.meta.get("is_start") and code):
            self.expected_error(response, "end of the listing")
            return
        if response.meta.get("is_start"):
            self.expected_error(response, "no events API here")
            yield from self._not_an_api(response)
            return
        self.crawler.stats.inc_value("aggregator/http_errors")
        self.incomplete("page-failed", f"HTTP {response.status} at {response.url}")

    def _not_an_api(self, response: Response) -> Iterator[Any]:
        """The start URL was not the API: try the next place it may be, then give up."""
        if not response.meta.get("is_start"):  # a page of the listing that is not one: cut
            self.drop("not-a-tribe-listing", response.url)
            self.incomplete("unreadable", f"not a listing page of the API at {response.url}")
            return
        announced = api_url_from_page(response.text, response.url) if _is_html(response) else None
        if announced and announced not in self.attempts and announced != response.url:
            self.attempts.insert(0, announced)
        if self.attempts:
            request = self.page(self.attempts.pop(0), self.parse, is_start=True)
            if request is not None:
                self.logger.info(
                    "%s: no events API at %s, trying %s",
                    self.source_name,
                    response.url,
                    request.url,
                )
                yield request
                return
        self.fail(
            f"no The Events Calendar API found (HTTP {response.status} at {response.url}); "
            "is this a WordPress site with The Events Calendar?"
        )

    def on_error(self, failure: Failure) -> Iterator[Any] | None:
        request = failed_request(failure)
        if request.meta.get("is_start") and self.attempts and isinstance(failure.value, HttpError):
            retry = self.page(self.attempts.pop(0), self.parse, is_start=True)
            return iter([retry] if retry is not None else [])
        super().on_error(failure)
        return None

    def _event(self, response: Response, event: dict[str, Any], event_id: str) -> Any:
        title = html.unescape(str(event.get("title") or "")).strip()
        start = event.get("start_date")
        if not title or not start:
            self.drop("missing-title-or-start", response.url, event_id)
            return None
        venue = _dict(event.get("venue"))
        organizers = _list(event.get("organizer"))
        terms = [*_list(event.get("categories")), *_list(event.get("tags"))]
        json_ld = _dict(event.get("json_ld"))
        all_day = bool(event.get("all_day"))
        end = event.get("end_date")
        return self.raw_event(
            response,
            key=event_id,
            title=title,
            description=event.get("description") or event.get("excerpt") or None,
            # All-day events run from 00:00:00 of the first to 23:59:59 of the last day.
            start=str(start)[:10] if all_day else str(start),
            end=(str(end)[:10] if all_day else str(end)) if end else None,
            all_day=all_day,
            timezone=self.wall_time_zone(_str(event.get("timezone"))),
            venue=_unescaped(venue.get("venue")),
            street=_unescaped(venue.get("address")),
            postcode=_str(venue.get("zip")),
            city=_unescaped(venue.get("city")),
            region=_unescaped(
                venue.get("stateprovince") or venue.get("province") or venue.get("state")
            ),
            country=_unescaped(venue.get("country")),
            latitude=_float(venue.get("geo_lat")),
            longitude=_float(venue.get("geo_lng")),
            attendance=_attendance(event, json_ld, bool(venue)),
            online_url=_str(event.get("virtual_url")),
            status=_str(json_ld.get("eventStatus")),
            organizer=", ".join(
                html.unescape(str(o.get("organizer")))
                for o in organizers
                if isinstance(o, dict) and o.get("organizer")
            )
            or None,
            event_url=_str(event.get("url")),
            categories=[
                html.unescape(str(t.get("name")))
                for t in terms
                if isinstance(t, dict) and t.get("name")
            ],
            raw=event,
        )


def _next_page(url: str, data: dict[str, Any]) -> str | None:
    """``next_rest_url`` when given; else the next page while ``total_pages`` says there is one."""
    next_url = data.get("next_rest_url")
    if isinstance(next_url, str) and next_url:
        return next_url
    try:
        total = int(data.get("total_pages") or 0)
        current = int(parse_qs(urlsplit(url).query).get("page", ["1"])[0])
    except ValueError:
        return None
    if current < total:
        return add_or_replace_parameter(url, "page", str(current + 1))
    return None


def _attendance(event: dict[str, Any], json_ld: dict[str, Any], has_venue: bool) -> str | None:
    mode = _str(json_ld.get("eventAttendanceMode"))
    if mode:
        return mode
    if event.get("is_virtual"):
        return Attendance.MIXED if has_venue else Attendance.ONLINE
    return None


def _paged(url: str) -> str:
    if "per_page=" in url:
        return url
    return f"{url}{'&' if '?' in url else '?'}per_page={PER_PAGE}"


def _join(base: str, href: str) -> str:
    from urllib.parse import urljoin

    return urljoin(base, href.strip())


def _json(response: Response) -> Any:
    try:
        return json.loads(response.text)
    except (ValueError, AttributeError):
        return None


def _is_html(response: Response) -> bool:
    kind = (response.headers.get(b"Content-Type") or b"").decode("latin-1").lower()
    return "html" in kind and hasattr(response, "text")


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _str(value: Any) -> str | None:
    if value in (None, "", [], {}) or isinstance(value, bool):
        return None
    return str(value).strip() or None


def _unescaped(value: Any) -> str | None:
    text = _str(value)
    return html.unescape(text) if text else None


def _float(value: Any) -> float | None:
    try:
        return float(value)
    except (TypeError, ValueError):
        return None
