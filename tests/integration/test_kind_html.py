"""Kind html crawled by real Scrapy from the recorded TYPO3 listing on 127.0.0.1: the figures the
crawl reports, the page limit, and raw files that hold exactly what the spider yields in-process
(the fields: tests/unit/test_spider_html.py)."""

from __future__ import annotations

import pytest

from tests.integration.crawling import crawl_recorded, written_as_replayed
from tests.unit.test_spider_html import SOURCES


@pytest.fixture(scope="module")
def crawled(tmp_path_factory):
    return crawl_recorded(tmp_path_factory, SOURCES)


def test_listing_next_page_and_detail_pages(crawled):
    result, requests = crawled
    stats = result.stats["hwk-westsachsen"]
    assert stats.ok and stats.events == 5
    assert stats.pages == 2 + 5
    assert stats.dropped == {"missing-title-or-date": 1}, "a date neither page gives"
    assert stats.http_errors == 1, "the deleted detail page"
    assert requests.count("/html/kurse/detail/ki-im-handwerksbetrieb.html") == 1


def test_listing_only_source_with_a_page_limit(crawled):
    stats = crawled[0].stats["hwk-nur-liste"]
    assert stats.ok and stats.events == 3 and stats.pages == 1 and stats.page_limit_reached


@pytest.mark.parametrize(("name", "events"), [("hwk-westsachsen", 5), ("hwk-nur-liste", 3)])
def test_the_raw_file_holds_what_the_spider_yields_in_process(crawled, name, events):
    written, replayed = written_as_replayed(crawled[0], SOURCES, name)
    assert len(written) == events
    assert written == replayed
