"""Kind ``auto``: look at the site, pick the kind that fits, then crawl as that kind.

The pages looked at are the source's own pages (robots.txt, the page limit and the cache apply);
the kind found is recorded in the source's crawl figures (``discovered_kind``), so that an operator
can write it into ``sources.toml`` and save the probing.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from typing import Any

from scrapy.http import Request, Response

from aggregator.crawl.kinds import spider_for
from spiders.base import SourceSpider
from spiders.discovery import Discovery, Prober


class AutoSpider(SourceSpider):
    name = "auto"
    kind = "auto"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.prober: Prober | None = None

    def start_url(self) -> str:
        assert self.source is not None
        self.prober = Prober(self.source.url)
        return self.prober.next_url() or self.source.url

    def parse(self, response: Response) -> Iterator[Any]:
        assert self.source is not None and self.prober is not None
        found = self.prober.feed(response.url, response.text) if hasattr(response, "text") else None
        if found is not None:
            yield from self._delegate(found, response)
            return
        next_url = self.prober.next_url()
        if next_url is not None:
            request = self._probe(next_url)
            if request is not None:
                yield request
                return
        self.fail(
            "auto found no events calendar, iCalendar feed, schema.org events or feed on "
            f'{", ".join(self.prober.looked_at)}: describe the listing with kind = "html"'
        )

    def probe_failed(self, failure: Any) -> Iterator[Any]:
        """A probe page that fails is skipped; only the start page failing fails the source."""
        self.on_error(failure)
        if self.failure is None and self.prober is not None:
            next_url = self.prober.next_url()
            request = self._probe(next_url) if next_url else None
            if request is not None:
                yield request
                return
            self.fail(f"auto found no events on {', '.join(self.prober.looked_at)}")

    def _probe(self, url: str) -> Request | None:
        """A page looked at while discovering; unfiltered, so that the kind found may read it
        again (from the HTTP cache) as one of its own pages."""
        return self.page(
            url, self.parse, errback=self.probe_failed, dont_filter=True, meta={"probe": True}
        )

    def _delegate(self, found: Discovery, response: Response) -> Iterator[Any]:
        assert self.source is not None
        self.logger.info("%s: using kind %s (%s)", self.source_name, found.kind, found.reason)
        self.crawler.stats.set_value("aggregator/discovered_kind", found.kind)
        selectors = dataclasses.replace(
            self.source.selectors,
            follow=self.source.selectors.follow or found.follow,
            next=self.source.selectors.next or found.next,
        )
        source = dataclasses.replace(
            self.source, kind=found.kind, url=found.url, selectors=selectors
        )
        spider_class = spider_for(found.kind, self.crawler.settings)
        assert issubclass(spider_class, SourceSpider), spider_class
        delegate = spider_class(source=source, run_id=self.run_id)
        delegate._set_crawler(self.crawler)
        delegate.pages_requested = self.pages_requested
        if found.url == response.url and found.kind == "jsonld":
            yield from delegate.parse(response)
            return
        request = delegate.page(delegate.start_url(), delegate.parse, is_start=True)
        if request is not None:
            yield request
