"""Kind rss crawled by real Scrapy from the recorded feeds on 127.0.0.1: the figures the crawl
reports per feed, and raw files that hold exactly what the spider yields in-process (the fields:
tests/unit/test_spider_rss.py)."""

from __future__ import annotations

import pytest

from tests.integration.crawling import crawl_recorded, written_as_replayed
from tests.unit.test_spider_rss import SOURCES


@pytest.fixture(scope="module")
def crawled(tmp_path_factory):
    result, _ = crawl_recorded(tmp_path_factory, SOURCES)
    return result


@pytest.mark.parametrize(
    ("name", "events", "dropped"),
    [("smart-region", 2, {"missing-title": 1}), ("hochschule", 1, {}), ("digitalwerkstatt", 1, {})],
)
def test_each_feed_is_read_and_reported(crawled, name, events, dropped):
    stats = crawled.stats[name]
    assert stats.ok and (stats.pages, stats.http_errors) == (1, 0)
    assert (stats.events, stats.dropped) == (events, dropped)
    written, replayed = written_as_replayed(crawled, SOURCES, name)
    assert len(written) == events
    assert written == replayed
