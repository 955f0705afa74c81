"""Site spider ihk (the chambers' event platform): its JavaScript search list, rendered, leads to
event pages read by their fixed layout. The pattern for further site spiders."""

from __future__ import annotations

import pytest

from tests.integration.crawling import by_title, crawl_recorded

SOURCES = """
[[source]]
name = "ihk-suedsachsen"
url = "{base}/render/"
kind = "ihk"
render = true
organizer = "IHK-Region Südsachsen"
region = "Sachsen"
"""


@pytest.fixture(scope="module")
def crawled(tmp_path_factory):
    return crawl_recorded(tmp_path_factory, SOURCES)


def test_event_pages_from_the_rendered_search(crawled):
    result, requests = crawled
    stats = result.stats["ihk-suedsachsen"]
    assert stats.ok, stats.failure
    events = by_title(result, "ihk-suedsachsen")
    assert sorted(events) == [
        "Cybersicherheit kompakt für KMU",
        "Sprechtag Digitalisierung und Fördermittel",
    ]
    assert stats.http_errors == 1, "the third event page is gone; it costs only itself"
    assert requests.count("/render/termin-6041401.html") == 1


def test_fields_of_an_event_page(crawled):
    events = by_title(crawled[0], "ihk-suedsachsen")
    sprechtag = events["Sprechtag Digitalisierung und Fördermittel"]
    assert sprechtag["kind"] == "ihk"
    assert sprechtag["key"] == "ihk:6041401"
    assert sprechtag["when"] == "09.02.2027, 09:00 - 15:00 Uhr"
    assert (
        sprechtag["place_text"] == "IHK-Region Südsachsen, Straße der Nationen 25, 09111 Chemnitz"
    )
    assert sprechtag["description"].startswith("<p>Sie planen ein Digitalisierungsprojekt")
    assert "Veranstaltungsort" not in sprechtag["description"]
    assert sprechtag["raw"]["price"] == "kostenfrei, Anmeldung erforderlich"
    assert sprechtag["default_organizer"] == "IHK-Region Südsachsen"
    cyber = events["Cybersicherheit kompakt für KMU"]
    assert cyber["place_text"] == "Online-Veranstaltung (Zugangsdaten nach Anmeldung)"
    assert cyber["raw"]["price"] == "59,00 Euro"
