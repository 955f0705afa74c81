"""Kind ical: Outlook, The Events Calendar and hand-written feeds with their quirks (Windows zone
names, WordPress offsets, floating times, recurrences with exceptions, broken events), crawled by
real Scrapy from recorded files."""

from __future__ import annotations

import pytest

from tests.integration.crawling import by_title, crawl_recorded, raw_items

SOURCES = """
[[source]]
name = "handelsverband"
url = "{base}/ical/outlook-seminare.ics"
kind = "ical"

[[source]]
name = "makerspace"
url = "{base}/ical/wordpress-termine.ics"
kind = "ical"

[[source]]
name = "chaostreff"
url = "{base}/ical/verein.ics"
kind = "ical"

[[source]]
name = "gruenderstammtisch"
url = "{base}/ical/kaputt.ics"
kind = "ical"
"""


@pytest.fixture(scope="module")
def crawled(tmp_path_factory):
    result, _ = crawl_recorded(tmp_path_factory, SOURCES)
    return result


def test_windows_zone_names_keep_the_offset_and_become_iana(crawled):
    events = by_title(crawled, "handelsverband")
    webshop = events["Online-Seminar: Datenschutz-Update für Webshops"]
    assert webshop["start"] == "2027-06-03T10:30:00+02:00"
    assert webshop["end"] == "2027-06-03T12:00:00+02:00"
    assert webshop["timezone"] == "Europe/Berlin"
    assert webshop["organizer"] == "Handelsverband Sachsen e.V."
    assert "Datum: 3.Juni 2027" in webshop["description"], "folded CRLF lines are joined"
    winter = events["Workshop E-Commerce für Fachhändler"]
    assert winter["start"] == "2027-01-26T09:00:00+01:00"
    assert winter["place_text"] == "Haus des Handels, Lößnitzstraße 7, 01097 Dresden"


def test_wordpress_manual_offset_and_all_day(crawled):
    events = by_title(crawled, "makerspace")
    arduino = events["Arduino-Abend: Sensoren für die smarte Werkstatt"]
    assert arduino["start"] == "2027-06-10T18:00:00", "a wall time, not 18:00 UTC"
    assert arduino["timezone"] is None, "read in the source's zone (Europe/Berlin when unset)"
    assert arduino["categories"] == ["Elektronik", "Industrie 4.0"]
    assert arduino["event_url"].endswith("/arduino-abend-sensoren/")
    assert arduino["description"] is None
    tage = events["Vogtländische Maker-Tage 2027"]
    assert tage["all_day"] is True
    assert (tage["start"], tage["end"]) == ("2027-09-11", "2027-09-12"), "DTEND is exclusive"
    assert crawled.stats["makerspace"].repaired == {"manual-utc-offset": 1}


def test_recurrences_exceptions_and_broken_events(crawled):
    items = raw_items(crawled, "chaostreff")
    treff = sorted(
        (i["start"], i["status"], i["title"]) for i in items if i["key"].startswith("offener-treff")
    )
    assert [start[:10] for start, _, _ in treff] == [
        "2027-01-05",
        "2027-03-02",
        "2027-04-08",
        "2027-05-04",
        "2027-06-01",
        "2027-07-06",
        "2027-08-03",
        "2027-09-07",
        "2027-10-05",
        "2027-11-02",
    ], "monthly within a year ahead, February excluded, April moved"
    assert treff[1][1] == "CANCELLED"
    assert treff[2][2] == "Offener Treff (ausnahmsweise Donnerstag)"
    moved = next(i for i in items if i["start"].startswith("2027-04-08"))
    assert moved["key"] == "offener-treff@chaostreff-bautzen.example#2027-04-06T19:00:00+02:00", (
        "an occurrence keeps its key when it moves"
    )
    first = next(i for i in items if i["start"].startswith("2027-01-05"))
    assert (first["start"], first["end"], first["timezone"]) == (
        "2027-01-05T19:00:00+01:00",
        "2027-01-05T22:00:00+01:00",
        "Europe/Berlin",
    ), "floating times in the feed's X-WR-TIMEZONE"
    assert (first["latitude"], first["longitude"]) == (51.181, 14.424)
    assert first["organizer"] == "Chaostreff Bautzen"

    events = {i["title"]: i for i in items if not i["key"].startswith("offener-treff")}
    assert (
        events["Cryptoparty: Sichere E-Mail für Vereine und Kleinbetriebe"]["status"] == "CANCELLED"
    )
    loeten = events["Lötworkshop für Einsteiger"]
    assert (loeten["start"], loeten["end"]) == ("2027-05-15T14:00:00+02:00", None)
    assert events["Europäischer Datenschutztag 2028: Infostand"]["start"] == "2028-01-28", (
        "a single event is read however far ahead it lies"
    )
    assert "Vortrag: Passwortmanager im Alltag" not in events, "past events are left out"
    assert len(items) == 13
    stats = crawled.stats["chaostreff"]
    assert stats.ok
    assert stats.dropped == {"missing-dtstart": 1}
    assert stats.repaired == {"end-before-start": 1}


def test_a_calendar_icalendar_refuses_is_read_event_by_event(crawled):
    events = by_title(crawled, "gruenderstammtisch")
    assert sorted(events) == [
        "Gründerstammtisch Görlitz: Digitale Geschäftsmodelle",
        "Gründerstammtisch Görlitz: Fördermittel für Digitalisierung",
    ], "the broken time zone block and the cut-off last event cost only themselves"
    januar = events["Gründerstammtisch Görlitz: Digitale Geschäftsmodelle"]
    assert januar["start"] == "2027-01-20T18:30:00+01:00"
    assert events["Gründerstammtisch Görlitz: Fördermittel für Digitalisierung"]["end"] is None
    stats = crawled.stats["gruenderstammtisch"]
    assert stats.ok
    assert stats.repaired == {"ical-read-per-event": 1, "invalid-dtend": 1}
