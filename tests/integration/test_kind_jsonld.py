"""Kind jsonld crawled by real Scrapy from the recorded pages on 127.0.0.1: what the crawl adds to
the spider's parsing (the fields: tests/unit/test_spider_jsonld.py) — the figures a crawl reports,
each page fetched once, and a raw file that holds exactly what the spider yields in-process."""

from __future__ import annotations

import pytest

from tests.integration.crawling import by_title, crawl_recorded, written_as_replayed
from tests.unit.test_spider_jsonld import SOURCES


@pytest.fixture(scope="module")
def crawled(tmp_path_factory):
    return crawl_recorded(tmp_path_factory, SOURCES)


def test_every_event_of_listing_detail_and_next_pages(crawled):
    result, _ = crawled
    events = by_title(result, "forum-digitalwirtschaft")
    assert sorted(events) == sorted(
        [
            "Datenräume im Mittelstand – Gaia-X praktisch",
            "Sommerschule Robotik für Auszubildende",
            "KI-Werkstatt für das Handwerk",
            "Cyber-Abend Zwickau: Phishing erkennen",
            "Cloud-Forum Dresden",
            "Industrie 4.0 Stammtisch Chemnitz",
            "Fachmesse Vernetzte Produktion 2027",
        ]
    )
    stats = result.stats["forum-digitalwirtschaft"]
    assert stats.ok and stats.events == 7
    assert stats.pages == 8, "listing, next page and six detail pages; robots.txt is not one"
    assert stats.dropped == {"invalid-jsonld": 1}, "the unrepairable script is dropped, counted"
    assert stats.repaired == {"jsonld": 3}
    assert stats.http_errors == 1, "the dead detail link counts, but fails nothing"


def test_every_detail_page_read_once(crawled):
    _, requests = crawled
    detail = [r for r in requests if r.endswith("ki-werkstatt-handwerk.html")]
    assert len(detail) == 1
    assert requests.count("/jsonld/veranstaltungen/") == 1


def test_the_raw_file_holds_what_the_spider_yields_in_process(crawled):
    written, replayed = written_as_replayed(crawled[0], SOURCES, "forum-digitalwirtschaft")
    assert len(written) == 7
    assert written == replayed
