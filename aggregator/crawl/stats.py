"""Inside the crawl: Scrapy's figures of each source turned into its ``CrawlStats`` on close, and
what the network really answered (before the HTTP cache turns a 304 into the stored page)."""

from __future__ import annotations

import json
from typing import Any

from scrapy import signals
from scrapy.http import Request, Response

from aggregator import clock
from aggregator.crawl.partial import reasons
from aggregator.crawl.rawfile import RAW_LINES, RAW_SHA256
from aggregator.model.crawl_stats import CrawlStats, stats_path

LIMIT_REASONS = {
    "closespider_pagecount": "max_pages",
    "closespider_itemcount": "max_events",
    "closespider_timeout": "max_seconds",
    "max_events": "max_events",
}
"""Scrapy's reasons for closing a spider early, as the names of the limits they enforce."""


def _prefixed(values: dict[str, Any], prefix: str) -> dict[str, int]:
    return {k.removeprefix(prefix): v for k, v in values.items() if k.startswith(prefix)}


def summarise(values: dict[str, Any], source: str, kind: str, reason: str | None) -> CrawlStats:
    """Turn Scrapy's flat stats dict into the figures the run report shows."""
    statuses = {
        int(k.rsplit("/", 1)[-1]): v
        for k, v in values.items()
        if k.startswith("downloader/response_status_count/")
    }
    for key, count in values.items():  # robots.txt is not one of the source's pages
        if key.startswith("robotstxt/response_status_count/"):
            status = int(key.rsplit("/", 1)[-1])
            statuses[status] = statuses.get(status, 0) - count
    # Error pages the spider expected are no errors of the site: a listing that ends with one
    # (The Events Calendar past its last page), an address tried while looking for an API.
    expected = _prefixed(values, "aggregator/expected_status/")
    for code, count in expected.items():
        statuses[int(code)] = statuses.get(int(code), 0) - count
    good = sum(v for status, v in statuses.items() if status < 400)
    bad = sum(v for status, v in statuses.items() if status >= 400)
    exceptions = values.get("spider_exceptions/count", 0)
    # Every failed try: error answers and network errors (each retry is one); the spider's own
    # count of pages it gave up on is a part of these, so it only counts when it is the larger.
    errors = max(
        bad + values.get("downloader/exception_count", 0), values.get("aggregator/http_errors", 0)
    )
    failure = values.get("aggregator/failure")
    if failure is None and good == 0 and not expected:
        failure = "no page could be fetched"
    if failure is None and exceptions and not values.get("item_scraped_count"):
        failure = f"{exceptions} errors while reading pages"
    partial = reasons(values)
    if exceptions and failure is None:
        partial.append(f"unreadable ×{exceptions} (errors while reading pages, see the log)")
    limit = LIMIT_REASONS.get(reason or "")
    if limit and not any(line.startswith(limit) for line in partial):
        partial.append(f"{limit} ({reason})")
    return CrawlStats(
        source=source,
        kind=kind,
        ok=failure is None and (reason in ("finished", None) or limit is not None),
        pages=good,
        http_errors=errors,
        events=values.get("item_scraped_count", 0),
        dropped=_prefixed(values, "aggregator/dropped/"),
        repaired=_prefixed(values, "aggregator/repaired/"),
        failure=failure or (None if reason == "finished" or limit else f"crawl ended: {reason}"),
        finish_reason=reason,
        discovered_kind=values.get("aggregator/discovered_kind"),
        cached=values.get("httpcache/hit", 0),
        not_modified=values.get("aggregator/wire_status/304", 0),
        wire_bytes=values.get("aggregator/wire_bytes", 0),
        page_limit_reached=bool(values.get("aggregator/page_limit_reached")),
        finished_at=clock.now_iso(),
        error_urls=values.get("aggregator/error_urls", 0),
        error_kinds=_error_kinds(values, expected),
        partial=sorted(partial),
        raw_lines=values.get(RAW_LINES),
        raw_sha256=values.get(RAW_SHA256),
    )


def _error_kinds(values: dict[str, Any], expected: dict[str, int]) -> dict[str, int]:
    """Failed tries by kind, less the error pages the spider expected."""
    kinds = _prefixed(values, "aggregator/error_kind/")
    for code, count in expected.items():
        kinds[f"HTTP {code}"] = kinds.get(f"HTTP {code}", 0) - count
    return {kind: count for kind, count in sorted(kinds.items()) if count > 0}


EXCEPTION_WORDS = (
    ("Refused", "connection refused"),
    ("DNS", "host not found"),
    ("Resolve", "host not found"),
    ("Time", "timeout"),
    ("ConnectionLost", "connection lost"),
    ("NeverReceived", "no response"),
)
"""Parts of Twisted's and Scrapy's exception names (``DownloadConnectionRefusedError``,
``DNSLookupError``, ``TCPTimedOutError``) and what an operator reads for them in the run line."""


def _error_word(exception: Exception) -> str:
    name = type(exception).__name__
    return next((word for part, word in EXCEPTION_WORDS if part in name), name)


class WireStats:
    """Downloader middleware: what the network really answered, before the HTTP cache turns a 304
    into the stored page (Scrapy's own status counts only ever see the page), and at how many
    addresses the failed tries happened, so that the run line can explain its error count."""

    def __init__(self, crawler: Any) -> None:
        self.stats = crawler.stats
        self.failed_urls: set[str] = set()

    def _failed(self, request: Request, kind: str) -> None:
        self.failed_urls.add(request.url)
        self.stats.set_value("aggregator/error_urls", len(self.failed_urls))
        self.stats.inc_value(f"aggregator/error_kind/{kind}")

    def process_exception(self, request: Request, exception: Exception, spider: Any = None) -> None:
        self._failed(request, _error_word(exception))

    @classmethod
    def from_crawler(cls, crawler: Any) -> WireStats:
        return cls(crawler)

    def process_response(self, request: Request, response: Response, spider: Any = None) -> Any:
        self.stats.inc_value("aggregator/wire_bytes", len(response.body))
        if not request.meta.get("dont_obey_robotstxt"):  # robots.txt is not one of the pages
            self.stats.inc_value(f"aggregator/wire_status/{response.status}")
            if response.status >= 400:
                self._failed(request, f"HTTP {response.status}")
        return response


class SourceStats:
    """Scrapy extension: on close, write ``<raw dir>/<run>/<source>.stats.json``."""

    def __init__(self, crawler: Any) -> None:
        self.crawler = crawler
        self.raw_dir = crawler.settings.get("AGGREGATOR_RAW_DIR", "data/raw")

    @classmethod
    def from_crawler(cls, crawler: Any) -> SourceStats:
        ext = cls(crawler)
        crawler.signals.connect(ext.spider_closed, signal=signals.spider_closed)
        return ext

    def spider_closed(self, spider: Any, reason: str) -> None:
        source = getattr(spider, "source_name", spider.name)
        kind = getattr(getattr(spider, "source", None), "kind", spider.name)
        summary = summarise(self.crawler.stats.get_stats(), source, kind, reason)
        path = stats_path(self.raw_dir, spider.run_id, source)
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps(summary.to_dict(), indent=1), encoding="utf-8")
        tmp.replace(path)
