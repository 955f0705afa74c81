"""Kind ``auto``: look at the page, pick the kind that fits, then crawl as that kind."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from typing import Any

from scrapy.http import Response

from spiders.base import SourceSpider
from spiders.discovery import discover


class AutoSpider(SourceSpider):
    name = "auto"
    kind = "auto"

    def parse(self, response: Response) -> Iterator[Any]:
        assert self.source is not None
        found = discover(response.text, response.url) if hasattr(response, "text") else None
        if found is None:
            self.drop("no-events-discovered", response.url)
            return
        self.logger.info("%s: using kind %s (%s)", self.source_name, found.kind, found.reason)
        self.crawler.stats.set_value("aggregator/discovered_kind", found.kind)
        from spiders import spider_for

        source = dataclasses.replace(self.source, kind=found.kind, url=found.url)
        delegate = spider_for(found.kind)(source=source, run_id=self.run_id)
        delegate._set_crawler(self.crawler)
        delegate.pages_requested = self.pages_requested
        if found.url == response.url:
            yield from delegate.parse(response)
            return
        request = delegate.page(delegate.start_url(), delegate.parse, is_start=True)
        if request is not None:
            yield request
