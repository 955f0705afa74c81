"""Kind rss: announcements in RSS 2.0, RSS 1.0 with the event module, and Atom. The event date
comes from the entry (its text, or ev:startdate), never from its publication date."""

from __future__ import annotations

import pytest

from tests.integration.crawling import by_title, crawl_recorded

SOURCES = """
[[source]]
name = "smart-region"
url = "{base}/rss/news.xml"
kind = "rss"

[[source]]
name = "hochschule"
url = "{base}/rss/termine-ev.rdf"
kind = "rss"

[[source]]
name = "digitalwerkstatt"
url = "{base}/rss/termine.atom"
kind = "rss"
"""


@pytest.fixture(scope="module")
def crawled(tmp_path_factory):
    result, _ = crawl_recorded(tmp_path_factory, SOURCES)
    return result


def test_the_event_date_comes_from_the_text_never_from_pubdate(crawled):
    events = by_title(crawled, "smart-region")
    fruehstueck = events["Einladung: KI-Frühstück für Handwerksbetriebe"]
    assert fruehstueck["start"] is None and fruehstueck["end"] is None
    assert fruehstueck["when"].startswith("Einladung: KI-Frühstück für Handwerksbetriebe\n")
    assert "Dienstag, 16.03.2027, 8:30 bis 10:00 Uhr" in fruehstueck["when"]
    assert "24 Nov 2026" not in fruehstueck["when"] and "2026-11-24" not in str(
        {k: v for k, v in fruehstueck.items() if k != "raw"}
    ), "the publication date appears nowhere but in the raw record"
    assert "<strong>Wann:</strong>" in fruehstueck["description"], "content:encoded wins"
    assert fruehstueck["categories"] == ["Veranstaltungen", "KI"]
    assert fruehstueck["key"] == "https://smart-region-zwickau.example/?p=2231"
    assert "Rückblick: Digitaltag 2026 war ein voller Erfolg" in events
    stats = crawled.stats["smart-region"]
    assert stats.ok and stats.events == 2 and stats.dropped == {"missing-title": 1}


def test_rss_event_module_is_a_structured_date(crawled):
    (event,) = by_title(crawled, "hochschule").values()
    assert (event["start"], event["end"]) == (
        "2027-04-14T09:00:00+02:00",
        "2027-04-14T16:00:00+02:00",
    )
    assert event["place_text"] == "Hochschule Mittweida, Technikumplatz 17, 09648 Mittweida"
    assert event["organizer"] == "Transferstelle der Hochschule Mittweida"


def test_atom(crawled):
    (event,) = by_title(crawled, "digitalwerkstatt").values()
    assert event["start"] is None
    assert "(12. Januar 2027)" in event["when"] and "14 bis 17 Uhr" in event["when"]
    assert event["event_url"] == "https://digitalwerkstatt-freiberg.example/termine/118"
    assert event["categories"] == ["Cloud", "IT-Sicherheit"]
