"""The crawl's own Scrapy components in-process, each built by a crawler from ``get_crawler``: retries
that back off (the waits asserted, never waited), the wire statistics before the HTTP cache, the
cache policy that revalidates, the per-source figures written on close, and sources on one site
sharing its concurrency. (The same components in real crawls:
tests/integration/test_spider_politeness.py.)"""

from __future__ import annotations

import asyncio
import email.utils
import json
import time
from collections.abc import Coroutine
from typing import Any

import pytest
from scrapy import Spider
from scrapy.exceptions import IgnoreRequest
from scrapy.extensions.httpcache import RFC2616Policy
from scrapy.http import Request, Response
from scrapy.settings import Settings
from scrapy.utils.test import get_crawler
from twisted.internet.defer import CancelledError
from twisted.internet.error import TimeoutError as DownloadTimeout
from twisted.python.failure import Failure

from aggregator.crawl.backoff import BackoffRetryMiddleware, backoff_delay, retry_after_seconds
from aggregator.crawl.httpcache import RevalidatingPolicy
from aggregator.crawl.partial import RefusedRequest, download_problem
from aggregator.crawl.process import _pace_of_the_source, _share_the_site
from aggregator.crawl.stats import CrawlStats, SourceStats, WireStats, stats_path, summarise
from aggregator.sources import Source

URL = "https://kammer.example/termine/"


@pytest.fixture
def sleeps(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """Every ``asyncio.sleep`` the back-off awaits, recorded instead of waited."""
    delays: list[float] = []

    async def recorded(delay: float, result: Any = None) -> Any:
        delays.append(delay)
        return result

    monkeypatch.setattr(asyncio, "sleep", recorded)
    return delays


def finished(coroutine: Coroutine[Any, Any, Any]) -> Any:
    """Run a coroutine that awaits nothing but the recorded sleep: it ends on its first step."""
    try:
        coroutine.send(None)
    except StopIteration as done:
        return done.value
    coroutine.close()
    raise AssertionError("the middleware waited for something other than asyncio.sleep")


def retry_middleware(**settings: Any) -> BackoffRetryMiddleware:
    crawler = get_crawler(
        Spider, {"RETRY_BACKOFF_BASE": 2.0, "RETRY_BACKOFF_MAX": 60.0, **settings}
    )
    crawler.spider = crawler._create_spider("kammer")
    return BackoffRetryMiddleware.from_crawler(crawler)


def failing(request: Request, status: int = 503, **headers: str) -> Response:
    return Response(request.url, status=status, headers=headers, request=request)


def test_each_retry_waits_twice_as_long_until_the_retries_run_out(sleeps):
    middleware = retry_middleware(RETRY_TIMES=2)
    request = Request(URL)
    first = finished(middleware.process_response(request, failing(request)))
    assert isinstance(first, Request) and first.meta["retry_times"] == 1
    second = finished(middleware.process_response(first, failing(first, 502)))
    assert isinstance(second, Request) and second.meta["retry_times"] == 2
    given_up = failing(second)
    assert finished(middleware.process_response(second, given_up)) is given_up
    assert sleeps == [2.0, 4.0], "no wait once the retries are used up"
    assert middleware.crawler.stats.get_value("retry/backoff_seconds") == 6.0


def test_the_wait_is_capped(sleeps):
    middleware = retry_middleware(RETRY_TIMES=6, RETRY_BACKOFF_MAX=10.0)
    request = Request(URL)
    while isinstance(request, Request):
        request = finished(middleware.process_response(request, failing(request)))
    assert sleeps == [2.0, 4.0, 8.0, 10.0, 10.0, 10.0]


def test_retry_after_is_honoured_within_the_cap(sleeps):
    middleware = retry_middleware()
    request = Request(URL)
    finished(middleware.process_response(request, failing(request, 429, **{"Retry-After": "30"})))
    finished(middleware.process_response(request, failing(request, 503, **{"Retry-After": "600"})))
    finished(middleware.process_response(request, failing(request, 503, **{"Retry-After": "0"})))
    assert sleeps == [30.0, 60.0, 2.0], "longer when asked, never past the cap, never shorter"


def test_a_download_error_is_retried_after_a_wait_too(sleeps):
    middleware = retry_middleware()
    retry = finished(middleware.process_exception(Request(URL), DownloadTimeout()))
    assert isinstance(retry, Request) and retry.meta["retry_times"] == 1
    assert sleeps == [2.0]


def test_good_answers_and_other_errors_do_not_wait(sleeps):
    middleware = retry_middleware()
    request = Request(URL)
    for status in (200, 304, 404):
        response = failing(request, status)
        assert finished(middleware.process_response(request, response)) is response
    assert finished(middleware.process_exception(request, ValueError("not ours"))) is None
    assert sleeps == []


@pytest.mark.parametrize(
    ("attempt", "retry_after", "expected"),
    [
        (1, None, 2.0),
        (2, None, 4.0),
        (3, None, 8.0),
        (7, None, 60.0),
        (1, 30.0, 30.0),
        (1, 600.0, 60.0),
    ],
)
def test_back_off_doubles_and_honours_retry_after_within_the_cap(attempt, retry_after, expected):
    assert backoff_delay(attempt, base=2.0, cap=60.0, retry_after=retry_after) == expected


def test_retry_after_header():
    assert retry_after_seconds(Response(URL, headers={"Retry-After": "120"})) == 120
    assert (
        retry_after_seconds(Response(URL, headers={"Retry-After": "Fri, 27 Nov 2026 12:00:00 GMT"}))
        is None
    )
    assert retry_after_seconds(Response(URL, headers={"Retry-After": "-5"})) == 0.0
    assert retry_after_seconds(Response(URL)) is None
    assert retry_after_seconds(None) is None


def test_wire_stats_count_what_the_network_answered_not_robots_txt():
    crawler = get_crawler(Spider)
    wire = WireStats.from_crawler(crawler)
    page = Request(URL)
    robots = Request("https://kammer.example/robots.txt", meta={"dont_obey_robotstxt": True})
    for request, status, body in ((page, 200, b"x" * 100), (page, 304, b""), (robots, 200, b"ab")):
        response = Response(request.url, status=status, body=body, request=request)
        assert wire.process_response(request, response) is response
    values = crawler.stats.get_stats()
    assert values["aggregator/wire_bytes"] == 102
    assert {k: v for k, v in values.items() if k.startswith("aggregator/wire_status/")} == {
        "aggregator/wire_status/200": 1,
        "aggregator/wire_status/304": 1,
    }


def test_wire_stats_count_the_addresses_and_kinds_of_failed_tries():
    from twisted.internet.error import ConnectionRefusedError, DNSLookupError

    crawler = get_crawler(Spider)
    wire = WireStats.from_crawler(crawler)
    page = Request(URL)
    robots = Request("https://kammer.example/robots.txt", meta={"dont_obey_robotstxt": True})
    for request in (robots, robots, robots, page, page, page):
        wire.process_exception(request, ConnectionRefusedError())
    wire.process_exception(Request("https://anders.example/"), DNSLookupError())
    busy = Response(URL, status=503, request=page)
    wire.process_response(page, busy)
    gone = Response("https://kammer.example/robots.txt", status=404, request=robots)
    wire.process_response(robots, gone)  # no robots.txt is no error
    values = crawler.stats.get_stats()
    assert values["aggregator/error_urls"] == 3
    assert {k: v for k, v in values.items() if k.startswith("aggregator/error_kind/")} == {
        "aggregator/error_kind/connection refused": 6,
        "aggregator/error_kind/host not found": 1,
        "aggregator/error_kind/HTTP 503": 1,
    }


def test_a_no_cache_page_is_revalidated_with_its_validators():
    cached = Response(
        URL,
        headers={
            "Cache-Control": "no-cache",
            "ETag": '"abc"',
            "Last-Modified": "Fri, 20 Nov 2026 03:15:00 GMT",
        },
    )
    request = Request(URL)
    assert RevalidatingPolicy(Settings()).is_cached_response_fresh(cached, request) is False
    assert request.headers[b"If-None-Match"] == b'"abc"'
    assert request.headers[b"If-Modified-Since"] == b"Fri, 20 Nov 2026 03:15:00 GMT"
    # Scrapy's own policy asks again without validators: the site must send the page in full.
    plain = Request(URL)
    assert RFC2616Policy(Settings()).is_cached_response_fresh(cached, plain) is False
    assert b"If-None-Match" not in plain.headers


def test_a_fresh_page_is_served_from_the_cache():
    now = email.utils.formatdate(time.time(), usegmt=True)
    cached = Response(URL, headers={"Cache-Control": "max-age=3600", "Date": now, "ETag": '"x"'})
    request = Request(URL)
    assert RevalidatingPolicy(Settings()).is_cached_response_fresh(cached, request) is True
    assert b"If-None-Match" not in request.headers


def test_source_stats_are_written_when_the_spider_closes(tmp_path):
    crawler = get_crawler(Spider, {"AGGREGATOR_RAW_DIR": str(tmp_path)})
    extension = SourceStats.from_crawler(crawler)
    spider = Spider(name="jsonld")
    spider.run_id, spider.source_name = "R1", "kammer"
    for key, value in {
        "downloader/response_status_count/200": 4,
        "downloader/response_status_count/404": 2,
        "robotstxt/response_status_count/404": 1,
        "item_scraped_count": 7,
        "aggregator/dropped/invalid-jsonld": 1,
        "aggregator/repaired/jsonld": 3,
        "aggregator/wire_status/304": 2,
        "aggregator/wire_bytes": 5120,
        "httpcache/hit": 1,
        "aggregator/error_urls": 1,
        "aggregator/error_kind/HTTP 404": 2,
    }.items():
        crawler.stats.set_value(key, value)
    extension.spider_closed(spider, "finished")
    written = json.loads(stats_path(tmp_path, "R1", "kammer").read_text("utf-8"))
    assert {k: v for k, v in written.items() if k != "finished_at"} == {
        "source": "kammer",
        "kind": "jsonld",
        "ok": True,
        "pages": 4,
        "http_errors": 1,
        "events": 7,
        "dropped": {"invalid-jsonld": 1},
        "repaired": {"jsonld": 3},
        "failure": None,
        "finish_reason": "finished",
        "discovered_kind": None,
        "cached": 1,
        "not_modified": 2,
        "wire_bytes": 5120,
        "page_limit_reached": False,
        "error_urls": 1,
        "error_kinds": {"HTTP 404": 2},
        "partial": [],
        "raw_lines": None,
        "raw_sha256": None,
        "state": "ok",
    }, "robots.txt's 404 is no error of the source's pages"
    assert written["finished_at"] == "2026-11-27T12:00:00+00:00"
    assert not list(tmp_path.rglob("*.tmp"))


PAGE = {"downloader/response_status_count/200": 1}


@pytest.mark.parametrize(
    ("values", "reason", "state", "failure", "partial"),
    [
        ({}, "finished", "failed", "no page could be fetched", []),
        ({"aggregator/expected_status/404": 1}, "finished", "ok", None, []),
        (PAGE, "shutdown", "failed", "crawl ended: shutdown", []),
        (
            {"downloader/response_status_count/200": 2, "spider_exceptions/count": 2},
            "finished",
            "failed",
            "2 errors while reading pages",
            [],
        ),
        (
            {**PAGE, "item_scraped_count": 3, "spider_exceptions/count": 1},
            "finished",
            "partial",
            None,
            ["unreadable ×1 (errors while reading pages, see the log)"],
        ),
        (
            {**PAGE, "aggregator/failure": "not an RSS feed"},
            "finished",
            "failed",
            "not an RSS feed",
            [],
        ),
        (PAGE, "closespider_pagecount", "partial", None, ["max_pages (closespider_pagecount)"]),
        (PAGE, "closespider_timeout", "partial", None, ["max_seconds (closespider_timeout)"]),
        (
            {
                **PAGE,
                "aggregator/partial/max_events": 1,
                "aggregator/partial_detail/max_events": "500 events kept",
            },
            "max_events",
            "partial",
            None,
            ["max_events (500 events kept)"],
        ),
        (
            {
                **PAGE,
                "aggregator/partial/page-failed": 2,
                "aggregator/partial_detail/page-failed": "HTTP 500 at https://x.example/2",
                "aggregator/partial/cut-download": 1,
            },
            "finished",
            "partial",
            None,
            ["cut-download", "page-failed ×2 (HTTP 500 at https://x.example/2)"],
        ),
    ],
)
def test_what_makes_a_source_failed_or_partial(values, reason, state, failure, partial):
    stats = summarise(values, "kammer", "jsonld", reason)
    assert (stats.state, stats.failure, stats.partial) == (state, failure, partial)
    assert stats.complete == (state == "ok")
    assert CrawlStats.from_dict({**stats.to_dict(), "from-a-newer-version": 1}) == stats


def crawl_settings(per_site: int, delay: float) -> Settings:
    """A crawler's settings as the crawl process makes them: the job's values at "cmdline"."""
    settings = Settings()
    settings.set("CONCURRENT_REQUESTS_PER_DOMAIN", per_site, "cmdline")
    settings.set("DOWNLOAD_DELAY", delay, "cmdline")
    return settings


def test_sources_on_one_site_split_its_concurrency_and_stretch_its_delay():
    two = crawl_settings(2, 0.5)
    _share_the_site(two, 2)
    assert (two.getint("CONCURRENT_REQUESTS_PER_DOMAIN"), two.getfloat("DOWNLOAD_DELAY")) == (
        1,
        1.0,
    )
    two.set("CONCURRENT_REQUESTS_PER_DOMAIN", 2, "cmdline")  # the process merges its settings
    assert two.getint("CONCURRENT_REQUESTS_PER_DOMAIN") == 1, "the share survives that merge"
    three = crawl_settings(2, 0.5)
    _share_the_site(three, 3)
    assert three.getint("CONCURRENT_REQUESTS_PER_DOMAIN") == 1, "never below one"
    assert three.getfloat("DOWNLOAD_DELAY") == 1.5
    alone = crawl_settings(2, 0.5)
    _share_the_site(alone, 1)
    assert (alone.getint("CONCURRENT_REQUESTS_PER_DOMAIN"), alone.getfloat("DOWNLOAD_DELAY")) == (
        2,
        0.5,
    )


def wrapped_reset() -> Exception:
    """A reset connection as Scrapy reports it: its error wrapping Twisted's list of reasons."""
    from scrapy.exceptions import DownloadFailedError
    from twisted.internet.error import ConnectionLost
    from twisted.web._newclient import ResponseNeverReceived

    never = ResponseNeverReceived(
        [Failure(ConnectionLost("Connection to the other side was lost in a non-clean fashion."))]
    )
    error = DownloadFailedError(str(never))
    error.__cause__ = never
    return error


def failed(exc: BaseException, url: str = "https://kammer.example/termine/2") -> Failure:
    failure = Failure(exc)
    failure.request = Request(url)  # type: ignore[attr-defined]
    return failure


@pytest.mark.parametrize(
    ("exc", "expected"),
    [
        (IgnoreRequest("Forbidden by robots.txt"), None),
        (IgnoreRequest("max redirections reached"), ("redirect-loop", "more than 20 redirects")),
        (
            IgnoreRequest("Ignored response because its body exceeded DOWNLOAD_MAXSIZE (1 B)"),
            ("cut-download", "DOWNLOAD_MAXSIZE (20 MiB) exceeded while decompressing"),
        ),
        (CancelledError(), ("cut-download", "response larger than DOWNLOAD_MAXSIZE (20 MiB)")),
        (
            RefusedRequest("refused", "refused https://kammer.example/termine/2: ftp only"),
            ("refused", "ftp only"),
        ),
        (
            wrapped_reset(),
            ("page-failed", "Connection to the other side was lost in a non-clean fashion."),
        ),
    ],
)
def test_what_a_failed_request_cost_is_said_in_words(exc, expected):
    from aggregator.crawl.settings import DOWNLOAD_MAXSIZE

    settings = Settings({"DOWNLOAD_MAXSIZE": DOWNLOAD_MAXSIZE, "REDIRECT_MAX_TIMES": 20})
    problem = download_problem(failed(exc), settings)
    if expected is None:
        assert problem is None
    else:
        assert problem[0] == expected[0] and expected[1] in problem[1], problem
        assert "https://kammer.example/termine/2" in problem[1], "the text names the page"


def test_a_sources_delay_and_concurrency_replace_the_crawls_for_its_crawler():
    fast = crawl_settings(2, 0.5)
    source = Source("a", "https://example.org/", "jsonld", delay=0.1, concurrency=8)
    _pace_of_the_source(fast, source)
    fast.set("CONCURRENT_REQUESTS_PER_DOMAIN", 2, "cmdline")  # the process merges its settings
    assert fast.getint("CONCURRENT_REQUESTS_PER_DOMAIN") == 8
    assert fast.getfloat("DOWNLOAD_DELAY") == 0.1
    assert fast.getfloat("AUTOTHROTTLE_START_DELAY") == 0.1
    assert fast.getfloat("AUTOTHROTTLE_TARGET_CONCURRENCY") == 8
    _share_the_site(fast, 2)
    assert (fast.getint("CONCURRENT_REQUESTS_PER_DOMAIN"), fast.getfloat("DOWNLOAD_DELAY")) == (
        4,
        0.2,
    ), "two sources on one site share the row's pace too"
    plain = crawl_settings(2, 0.5)
    _pace_of_the_source(plain, Source("b", "https://example.org/", "jsonld"))
    assert (plain.getint("CONCURRENT_REQUESTS_PER_DOMAIN"), plain.getfloat("DOWNLOAD_DELAY")) == (
        2,
        0.5,
    )
