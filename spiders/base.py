"""What every source spider shares: the source row, the page limit, failure tracking, raw items."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from typing import Any, ClassVar

import scrapy
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.python.failure import Failure

from aggregator import clock
from aggregator.crawl import partial
from aggregator.crawl.kinds import source_kinds
from aggregator.crawl.rendering import enable_rendering
from aggregator.model.raw import RawEvent
from aggregator.sources import Source, load_sources

MANUAL_OFFSET_RE = re.compile(r"UTC(?:\s*[+-]\s*\d{1,2}(?::?\d{2})?)?", re.IGNORECASE)
"""WordPress's "manual offset" zones (``UTC+0``, ``UTC+1``) as The Events Calendar reports them."""


class SourceSpider(scrapy.Spider):
    """Base class: one instance crawls one source.

    Scrapy (and scrapyd's ``schedule.json``) pass arguments as strings, so ``source`` may be a
    :class:`Source`, a source name looked up in the ``AGGREGATOR_SOURCES`` file, or a JSON object.
    """

    name: str
    """Set by each concrete spider: the ``kind`` that sources name (the base has none, so Scrapy's
    spider loader does not list it)."""
    kind: ClassVar[str]
    parse: Callable[..., Iterator[Any]]
    """Each concrete spider's callback for its pages: raw items and the requests for more pages."""

    def __init__(
        self,
        source: Source | str | None = None,
        run_id: str | None = None,
        sources_file: str | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self._source_arg = source
        self._sources_file = sources_file
        self.run_id = run_id or clock.now().strftime("%Y%m%dT%H%M%SZ")
        self.source: Source | None = source if isinstance(source, Source) else None
        self.source_name = self.source.name if self.source else str(source or "")
        self.failure: str | None = None
        self.render_problem: str | None = None
        self.pages_requested = 0

    @classmethod
    def from_crawler(cls, crawler: Any, *args: Any, **kwargs: Any) -> SourceSpider:
        spider = super().from_crawler(crawler, *args, **kwargs)
        if spider.source is None:
            spider.source = spider._resolve_source(crawler.settings)
            spider.source_name = spider.source.name
        if not crawler.settings.frozen:
            if spider.source.render:
                spider.render_problem = enable_rendering(crawler.settings)
            # Scrapy's CloseSpider extension ends the source's crawl with "closespider_timeout".
            seconds = spider.source.max_seconds or crawler.settings.getint("AGGREGATOR_MAX_SECONDS")
            crawler.settings.set("CLOSESPIDER_TIMEOUT", seconds, priority="spider")
        return spider

    def _resolve_source(self, settings: Any) -> Source:
        arg = self._source_arg
        if isinstance(arg, str) and arg.lstrip().startswith("{"):
            return Source.from_dict(json.loads(arg))
        if not arg:
            raise ValueError(f"spider {self.name!r} needs a source argument (-a source=NAME)")
        path = self._sources_file or settings.get("AGGREGATOR_SOURCES") or "sources.toml"
        for candidate in load_sources(path, source_kinds(settings)):
            if candidate.name == arg:
                return candidate
        raise ValueError(f"source {arg!r} is not in {path}")

    async def start(self) -> Any:
        if self.render_problem:
            self.fail(self.render_problem)
            return
        request = self.page(self.start_url(), self.parse_start, is_start=True)
        if request is not None:
            yield request

    def start_url(self) -> str:
        assert self.source is not None
        return self.source.url

    def parse_start(self, response: Response) -> Iterator[Any]:
        """The start page; one that came back empty fails the source (a 200 with nothing in it
        is a broken site, not an organiser who took every event down)."""
        if not response.body.strip():
            self.fail(f"empty response (HTTP {response.status}) at {response.url}")
            return iter(())
        return self.parse(response)

    def page(
        self,
        url: str,
        callback: Callable[..., Any],
        *,
        is_start: bool = False,
        meta: dict[str, Any] | None = None,
        render: bool | None = None,
        **kwargs: Any,
    ) -> scrapy.Request | None:
        """A request for one more page of this source, or None once ``max_pages`` is reached.

        Pages are rendered in Chromium when the source says ``render = true``, unless the spider
        knows a page needs no browser (``render=False``).
        """
        assert self.source is not None
        if self.pages_requested >= self.source.max_pages:
            if not self.crawler.stats.get_value("aggregator/page_limit_reached"):
                self.crawler.stats.set_value("aggregator/page_limit_reached", self.source.max_pages)
                self.incomplete("max_pages", f"{self.source.max_pages} pages read, {url} not")
            return None
        self.pages_requested += 1
        meta = dict(meta or {})
        meta["is_start"] = is_start
        if self.source.render and render is not False:
            meta["playwright"] = True
            # The browser cannot use a 304 nor a page stored without rendering: no HTTP cache.
            meta["dont_cache"] = True
            # Listings built by JavaScript usually fetch their data after the load event.
            meta["playwright_page_goto_kwargs"] = {"wait_until": "networkidle"}
        kwargs.setdefault("errback", self.on_error)
        kwargs.setdefault("dont_filter", is_start)
        return scrapy.Request(url, callback=callback, meta=meta, **kwargs)

    def next_page(self, response: Response) -> Iterator[scrapy.Request]:
        """The listing's next page, found by the source's ``next`` selector, parsed like this one."""
        assert self.source is not None
        if not self.source.selectors.next:
            return
        href = response.css(self.source.selectors.next).get()
        if href:
            request = self.page(response.urljoin(href.strip()), self.parse)
            if request is not None:
                yield request

    def on_error(self, failure: Failure) -> Iterator[Any] | None:
        """Count and log a page that could not be fetched: a failed start page fails the source,
        any other makes it partial (its events may be among those not seen), except a probe
        (a page ``auto`` only looks at) and a page robots.txt forbids.

        This one yields nothing; a spider's own errback may answer with more requests."""
        request = failed_request(failure)
        problem = partial.download_problem(failure, self.crawler.settings)
        if problem is None:
            self.crawler.stats.inc_value("aggregator/ignored_requests")
            return None
        code, reason = problem
        if not isinstance(failure.value, IgnoreRequest) or isinstance(failure.value, HttpError):
            self.crawler.stats.inc_value("aggregator/http_errors")
        self.logger.warning("%s: %s", self.source_name, reason)
        if request.meta.get("is_start"):
            self.failure = reason
            self.crawler.stats.set_value("aggregator/failure", self.failure)
        elif not request.meta.get("probe"):
            partial.note(self.crawler.stats, code, reason)
        return None

    def incomplete(self, code: str, detail: str) -> None:
        """Something the source lists could not be read: the source is partial this time."""
        partial.note(self.crawler.stats, code, detail)
        self.logger.warning("%s: partial (%s): %s", self.source_name, code, detail)

    def fail(self, reason: str) -> None:
        """The source as a whole could not be read (e.g. its page is not of the source's kind)."""
        if self.failure is None:
            self.failure = reason
            self.crawler.stats.set_value("aggregator/failure", reason)
        self.logger.warning("%s: %s", self.source_name, reason)

    def repaired(self, what: str, count: int = 1) -> None:
        """Count a defect of the page that the spider worked around (shown in the source's health)."""
        self.crawler.stats.inc_value(f"aggregator/repaired/{what}", count)

    def expected_error(self, response: Response, meaning: str) -> None:
        """An error page the spider expected, e.g. one that only says "no more pages": counted
        apart, so that it is not taken for a fault of the site."""
        self.crawler.stats.inc_value(f"aggregator/expected_status/{response.status}")
        self.logger.info(
            "%s: %s at %s (HTTP %s)", self.source_name, meaning, response.url, response.status
        )

    def wall_time_zone(self, given: str | None) -> str | None:
        """The zone in which this source's wall-clock times are to be read.

        A named zone the page gives wins. A WordPress manual offset (``UTC+0`` is WordPress's
        default, ``UTC+1`` a common choice) is not a statement about the events: German organisers
        type their local time whatever the setting says, and a fixed offset would be an hour wrong
        half of the year. So such times are read in the source's zone (``timezone`` in
        sources.toml, Europe/Berlin when unset).
        """
        assert self.source is not None
        if given and given.strip() and not MANUAL_OFFSET_RE.fullmatch(given.strip()):
            return given.strip()
        if given and given.strip():
            self.repaired("manual-utc-offset")
        return self.source.timezone

    def drop(self, reason: str, url: str, detail: str = "") -> None:
        """Count and log an event that could not be read, so the run report can say why."""
        self.crawler.stats.inc_value(f"aggregator/dropped/{reason}")
        self.logger.warning("%s: dropped (%s) at %s %s", self.source_name, reason, url, detail)

    def raw_event(self, response: Response, key: str, **fields: Any) -> RawEvent:
        assert self.source is not None
        return RawEvent(
            source=self.source.name,
            kind=self.kind,
            key=key,
            url=response.url,
            fetched_at=clock.now_iso(),
            default_organizer=self.source.organizer,
            default_region=self.source.region,
            source_topics=list(self.source.topics),
            timezone=fields.pop("timezone", None) or self.source.timezone,
            **fields,
        )


def failed_request(failure: Failure) -> scrapy.Request:
    """The request whose download failed: Scrapy attaches it to the Failure, which Twisted's
    types do not declare."""
    request: scrapy.Request = failure.request  # type: ignore[attr-defined]
    return request
