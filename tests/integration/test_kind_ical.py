"""Kind ical crawled by real Scrapy from the recorded feeds on 127.0.0.1: the figures the crawl
reports per feed, and raw files that hold exactly what the spider yields in-process (the fields:
tests/unit/test_spider_ical.py)."""

from __future__ import annotations

import pytest

from tests.integration.crawling import crawl_recorded, written_as_replayed
from tests.unit.test_spider_ical import SOURCES


@pytest.fixture(scope="module")
def crawled(tmp_path_factory):
    result, _ = crawl_recorded(tmp_path_factory, SOURCES)
    return result


@pytest.mark.parametrize(
    ("name", "events", "dropped", "repaired"),
    [
        ("handelsverband", 2, {}, {}),
        ("makerspace", 2, {}, {"manual-utc-offset": 1}),
        ("chaostreff", 13, {"missing-dtstart": 1}, {"end-before-start": 1}),
        ("gruenderstammtisch", 2, {}, {"ical-read-per-event": 1, "invalid-dtend": 1}),
    ],
)
def test_each_feed_is_read_and_reported(crawled, name, events, dropped, repaired):
    stats = crawled.stats[name]
    assert stats.ok and stats.failure is None
    assert (stats.pages, stats.http_errors) == (1, 0)
    assert (stats.events, stats.dropped, stats.repaired) == (events, dropped, repaired)
    written, replayed = written_as_replayed(crawled, SOURCES, name)
    assert len(written) == events
    assert written == replayed
