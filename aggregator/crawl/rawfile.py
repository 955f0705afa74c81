"""Each source's raw items, written so that a file is either whole or visibly not.

Scrapy's feed export writes to the final name as items come, so a crawl killed midway leaves a file
that looks finished, and nothing says how many lines it should have. This pipeline writes
``<run>/<source>.jsonl.part``, and only when the source's crawl has closed does it flush it to the
disk and rename it to ``<source>.jsonl``, with its line count and SHA-256 in the crawl's stats (and
so in ``<source>.stats.json``). Ingest trusts a raw file only when both match.

It also holds the source to its ``max_events``: the items beyond it are dropped and the crawl of
the source is closed with that limit as its reason.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import IO, Any

from itemadapter import ItemAdapter
from scrapy.exceptions import DropItem
from scrapy.utils.defer import deferred_from_coro

from aggregator.crawl import partial
from aggregator.model.crawl_stats import raw_path

RAW_LINES = "aggregator/raw_lines"
RAW_SHA256 = "aggregator/raw_sha256"
PART_SUFFIX = ".part"


class RawFileWriter:
    """Item pipeline: one JSON object per line, renamed into place when the source is done."""

    def __init__(self, crawler: Any) -> None:
        self.crawler = crawler
        self.raw_dir = crawler.settings.get("AGGREGATOR_RAW_DIR", "data/raw")
        self.default_max_events = crawler.settings.getint("AGGREGATOR_MAX_EVENTS")
        self.handle: IO[bytes] | None = None
        self.target: Path | None = None
        self.digest = hashlib.sha256()
        self.lines = 0
        self.max_events = 0
        self.closing = False

    @classmethod
    def from_crawler(cls, crawler: Any) -> RawFileWriter:
        return cls(crawler)

    def open_spider(self) -> None:
        spider = self.crawler.spider
        source = getattr(spider, "source", None)
        self.max_events = getattr(source, "max_events", None) or self.default_max_events
        self.target = raw_path(self.raw_dir, spider.run_id, spider.source_name)
        self.target.parent.mkdir(parents=True, exist_ok=True)
        self.handle = open(_part(self.target), "wb")  # noqa: SIM115 (open while the source is crawled)

    def process_item(self, item: Any) -> Any:
        if self.max_events and self.lines >= self.max_events:
            self._limit_reached()
            raise DropItem(f"max_events ({self.max_events}) reached", log_level="DEBUG")
        assert self.handle is not None
        data = raw_line(item)
        self.handle.write(data)
        self.digest.update(data)
        self.lines += 1
        return item

    def close_spider(self) -> None:
        if self.handle is None or self.target is None:
            return
        self.handle.flush()
        os.fsync(self.handle.fileno())
        self.handle.close()
        self.handle = None
        os.replace(_part(self.target), self.target)
        self.crawler.stats.set_value(RAW_LINES, self.lines)
        self.crawler.stats.set_value(RAW_SHA256, self.digest.hexdigest())

    def _limit_reached(self) -> None:
        if self.closing:
            self.crawler.stats.inc_value("aggregator/over_max_events")
            return
        self.closing = True
        partial.note(self.crawler.stats, "max_events", f"{self.max_events} events kept")
        # As Scrapy's CloseSpider extension does it: the engine closes the source when it can.
        deferred_from_coro(self.crawler.engine.close_spider_async(reason="max_events"))


def raw_line(item: Any) -> bytes:
    """One item as a line of UTF-8 JSON. A lone surrogate (a page's JSON may escape one, say
    ``"\\ud800"``) cannot be written as UTF-8: it becomes "?" rather than costing the item."""
    text = json.dumps(ItemAdapter(item).asdict(), ensure_ascii=False, default=str) + "\n"
    return text.encode("utf-8", "replace")


def _part(target: Path) -> Path:
    return target.with_name(target.name + PART_SUFFIX)
