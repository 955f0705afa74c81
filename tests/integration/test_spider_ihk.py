"""Site spider ihk in a real crawl: its JavaScript search list rendered by headless Chromium
(Debian's, through scrapy-playwright) leads to the event pages, and the raw file holds exactly what
the spider yields in-process from the recorded rendering (the fields: tests/unit/test_spider_ihk.py)."""

from __future__ import annotations

import pytest

from tests.integration.crawling import crawl_recorded, written_as_replayed
from tests.unit.test_spider_ihk import RENDERED, SOURCES


@pytest.fixture(scope="module")
def crawled(tmp_path_factory):
    return crawl_recorded(tmp_path_factory, SOURCES)


def test_event_pages_from_the_rendered_search(crawled):
    result, requests = crawled
    stats = result.stats["ihk-suedsachsen"]
    assert stats.ok, stats.failure
    assert stats.events == 2
    assert stats.http_errors == 1, "the third event page is gone; it costs only itself"
    assert "/render/suche.json?actionId=SEARCH" in requests, "the browser ran the page's script"
    assert requests.count("/render/termin-6041401.html") == 1


def test_the_raw_file_holds_what_the_spider_yields_in_process(crawled):
    written, replayed = written_as_replayed(crawled[0], SOURCES, "ihk-suedsachsen", RENDERED)
    assert len(written) == 2
    assert written == replayed
