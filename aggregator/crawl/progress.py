"""Running figures of a source while it is crawled, for whoever watches the run.

The crawl runs in other processes (a child Scrapy process, or scrapyd jobs on other machines), so the
figures travel through the run directory: while a source is crawled, :class:`CrawlProgress` keeps
``<run>/<source>.progress.json`` up to date; when it ends Scrapy's figures land in
``<source>.stats.json`` (``aggregator.crawl.stats``).
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

from scrapy import signals

WRITE_EVERY = 1.0
"""Seconds between two progress files of one source: cheap, and fresh enough for a person."""


def progress_path(raw_dir: str | Path, run_id: str, source: str) -> Path:
    return Path(raw_dir) / run_id / f"{source}.progress.json"


class CrawlProgress:
    """Scrapy extension: the running figures of one source, for whoever watches the run."""

    def __init__(self, crawler: Any) -> None:
        self.crawler = crawler
        self.raw_dir = crawler.settings.get("AGGREGATOR_RAW_DIR", "data/raw")
        self.written = 0.0

    @classmethod
    def from_crawler(cls, crawler: Any) -> CrawlProgress:
        ext = cls(crawler)
        crawler.signals.connect(ext.response_received, signal=signals.response_received)
        crawler.signals.connect(ext.item_scraped, signal=signals.item_scraped)
        crawler.signals.connect(ext.spider_closed, signal=signals.spider_closed)
        return ext

    def response_received(self, response: Any, request: Any, spider: Any) -> None:
        self._tick(spider)

    def item_scraped(self, item: Any, response: Any, spider: Any) -> None:
        self._tick(spider)

    def spider_closed(self, spider: Any) -> None:
        path = self._path(spider)
        if path is not None:
            path.unlink(missing_ok=True)

    def _tick(self, spider: Any) -> None:
        now = time.monotonic()
        path = self._path(spider)
        if path is None or now - self.written < WRITE_EVERY:
            return
        self.written = now
        stats = self.crawler.stats
        data = {
            "pages": stats.get_value("response_received_count", 0)
            - stats.get_value("robotstxt/response_count", 0),
            "events": stats.get_value("item_scraped_count", 0),
        }
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps(data), encoding="utf-8")
        tmp.replace(path)

    def _path(self, spider: Any) -> Path | None:
        run_id, source = getattr(spider, "run_id", None), getattr(spider, "source_name", None)
        return progress_path(self.raw_dir, run_id, source) if run_id and source else None
