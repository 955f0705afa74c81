"""Spiders in-process on recorded responses, the ``file_response`` pattern of city-scrapers-core.

``file_response`` builds the Scrapy response a crawl would receive for a file under tests/sites
(the class Scrapy picks for its Content-Type, the request it answers). ``make_spider`` creates a
spider for a sources.toml row through ``scrapy.utils.test.get_crawler``, so the spider has its
crawler, settings and stats as in a crawl. ``Replay`` goes one step further for the spiders that
follow links (detail pages, next pages, API pages): it answers each request the spider yields from
the recorded files, hands the response to the request's callback, or an ``HttpError`` to its
errback as Scrapy's HttpErrorMiddleware would, and drops repeated requests as Scrapy's duplicate
filter would. No server, no reactor, no network: what only a real crawl shows (robots.txt, the
downloader, the HTTP cache, rendering) is in tests/integration.
"""

from __future__ import annotations

import asyncio
from collections import deque
from collections.abc import Iterable
from typing import Any
from urllib.parse import urlsplit

import scrapy
from scrapy.http import Response
from scrapy.responsetypes import responsetypes
from scrapy.spidermiddlewares.httperror import HttpError
from scrapy.utils.test import get_crawler
from twisted.internet.error import DNSLookupError
from twisted.python.failure import Failure

from aggregator.crawl.kinds import source_kinds, spider_for
from aggregator.model.raw import RawEvent
from aggregator.ops.demoserver import content_type, resolve
from aggregator.sources import Source, parse_sources
from spiders.base import SourceSpider
from tests.support import SITES

BASE = "https://recorded.example"
"""Where the recorded sites are taken to live (``{base}`` in a test's sources)."""
NOT_FOUND = b"<h1>404 Seite nicht gefunden</h1>"


def file_response(
    path: str,
    url: str | None = None,
    request: scrapy.Request | None = None,
    status: int = 200,
) -> Response:
    """The response for the recorded file ``tests/sites/<path>``, at ``url`` (by default where the
    file lies below :data:`BASE`)."""
    file = SITES / path
    body = file.read_bytes()
    url = url or (request.url if request is not None else f"{BASE}/{path}")
    headers = {"Content-Type": content_type(file, body)}
    return _response(url, body, headers, request, status)


def _response(
    url: str,
    body: bytes,
    headers: dict[str, str],
    request: scrapy.Request | None,
    status: int,
) -> Response:
    cls = responsetypes.from_args(headers=headers, url=url, body=body)
    return cls(
        url=url, status=status, headers=headers, body=body, request=request or scrapy.Request(url)
    )


def source(toml: str) -> Source:
    """The one source of a sources.toml text whose ``{base}`` is :data:`BASE`."""
    (row,) = parse_sources(toml.replace("{base}", BASE), "test sources.toml", source_kinds())
    return row


def make_spider(row: Source | str, **settings: Any) -> SourceSpider:
    """The spider of the row's kind, created by its crawler (``get_crawler``) as Scrapy does."""
    row = source(row) if isinstance(row, str) else row
    crawler = get_crawler(spider_for(row.kind), settings)
    spider = crawler.spidercls.from_crawler(crawler, source=row, run_id="R1")
    assert isinstance(spider, SourceSpider)
    return spider


def stats(spider: SourceSpider, prefix: str) -> dict[str, int]:
    """The spider's figures under ``aggregator/<prefix>/``, e.g. ``dropped`` or ``repaired``."""
    values = spider.crawler.stats.get_stats()
    return {
        key.removeprefix(f"aggregator/{prefix}/"): value
        for key, value in values.items()
        if key.startswith(f"aggregator/{prefix}/")
    }


def outputs(result: Iterable[Any] | None) -> list[Any]:
    return list(result) if result is not None else []


def items_of(result: Iterable[Any] | None) -> list[RawEvent]:
    return [out for out in outputs(result) if isinstance(out, RawEvent)]


def requests_of(result: Iterable[Any] | None) -> list[scrapy.Request]:
    return [out for out in outputs(result) if isinstance(out, scrapy.Request)]


def start_requests(spider: SourceSpider) -> list[scrapy.Request]:
    async def collect() -> list[Any]:
        return [request async for request in spider.start()]

    return asyncio.run(collect())


class Replay:
    """Answer a spider's requests from tests/sites until it asks for no more.

    ``files`` maps a URL path to a recorded file that answers it instead (a page as the browser
    leaves it, for ``render = true`` sources).
    """

    def __init__(self, spider: SourceSpider, files: dict[str, str] | None = None) -> None:
        self.spider = spider
        self.files = files or {}
        self.requests: list[str] = []
        """Every URL the spider asked for, in order (repeats dropped by the filter not included)."""
        self.statuses: dict[str, int] = {}

    def run(self) -> list[RawEvent]:
        queue: deque[scrapy.Request] = deque(start_requests(self.spider))
        seen: set[str] = set()
        items: list[RawEvent] = []
        while queue:
            request = queue.popleft()
            if not request.dont_filter and request.url in seen:
                continue
            seen.add(request.url)
            self.requests.append(request.url)
            for out in outputs(self._deliver(request)):
                if isinstance(out, scrapy.Request):
                    queue.append(out)
                elif isinstance(out, RawEvent):
                    items.append(out)
                else:
                    raise AssertionError(f"a spider yielded {out!r}")
        return items

    def by_title(self) -> dict[str, RawEvent]:
        items = self.run()
        titles = [item.title for item in items]
        assert len(titles) == len(set(titles)), f"an event was yielded twice: {titles}"
        return {item.title: item for item in items if item.title is not None}

    def _deliver(self, request: scrapy.Request) -> Iterable[Any] | None:
        parts = urlsplit(request.url)
        if f"{parts.scheme}://{parts.netloc}" != BASE:
            failure = Failure(DNSLookupError(f"no such host in a test: {parts.netloc}"))
            failure.request = request  # type: ignore[attr-defined]
            return request.errback(failure) if request.errback else None
        target = parts.path + (f"?{parts.query}" if parts.query else "")
        if parts.path in self.files:
            response = file_response(self.files[parts.path], request=request)
        elif (file := resolve(SITES, target)) is not None:
            response = file_response(str(file.relative_to(SITES)), request=request)
        else:
            response = _response(
                request.url, NOT_FOUND, {"Content-Type": "text/html"}, request, 404
            )
        self.statuses[request.url] = response.status
        if not self._allowed(request, response):
            failure = Failure(HttpError(response, "Ignoring non-200 response"))
            failure.request = request  # type: ignore[attr-defined]
            return request.errback(failure) if request.errback else None
        callback = request.callback or self.spider.parse
        return callback(response, **request.cb_kwargs)

    def _allowed(self, request: scrapy.Request, response: Response) -> bool:
        """As Scrapy's HttpErrorMiddleware decides which responses reach a callback."""
        if 200 <= response.status < 300 or request.meta.get("handle_httpstatus_all"):
            return True
        allowed = request.meta.get(
            "handle_httpstatus_list", getattr(self.spider, "handle_httpstatus_list", [])
        )
        return response.status in allowed
