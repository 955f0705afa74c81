"""Kind ical in-process: Outlook, The Events Calendar and hand-written feeds with their quirks
(Windows zone names, WordPress offsets, floating times, recurrences with exceptions, broken
events), each recorded file handed to the spider's parse callback. (The same feeds crawled by real
Scrapy: tests/integration/test_kind_ical.py.)"""

from __future__ import annotations

from scrapy.http import Request

from spiders.base import SourceSpider
from tests.support.recorded import BASE, _response, file_response, items_of, make_spider, stats

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


def spider_of(name: str) -> SourceSpider:
    (block,) = [b for b in SOURCES.split("[[source]]") if f'name = "{name}"' in b]
    return make_spider("[[source]]" + block)


def parsed(name: str) -> tuple[SourceSpider, list]:
    spider = spider_of(name)
    assert spider.source is not None
    path = spider.source.url.removeprefix(f"{BASE}/")
    request = Request(spider.source.url, meta={"is_start": True})
    return spider, items_of(spider.parse(file_response(path, request=request)))


def by_title(items: list) -> dict:
    titles = [item.title for item in items]
    assert len(titles) == len(set(titles)), titles
    return {item.title: item for item in items}


def test_windows_zone_names_keep_the_offset_and_become_iana():
    spider, items = parsed("handelsverband")
    events = by_title(items)
    webshop = events["Online-Seminar: Datenschutz-Update für Webshops"]
    assert webshop.start == "2027-06-03T10:30:00+02:00"
    assert webshop.end == "2027-06-03T12:00:00+02:00"
    assert webshop.timezone == "Europe/Berlin"
    assert webshop.organizer == "Handelsverband Sachsen e.V."
    assert "Datum: 3.Juni 2027" in webshop.description, "folded CRLF lines are joined"
    winter = events["Workshop E-Commerce für Fachhändler"]
    assert winter.start == "2027-01-26T09:00:00+01:00"
    assert winter.place_text == "Haus des Handels, Lößnitzstraße 7, 01097 Dresden"
    assert (stats(spider, "dropped"), stats(spider, "repaired")) == ({}, {})


def test_wordpress_manual_offset_and_all_day():
    spider, items = parsed("makerspace")
    events = by_title(items)
    arduino = events["Arduino-Abend: Sensoren für die smarte Werkstatt"]
    assert arduino.start == "2027-06-10T18:00:00", "a wall time, not 18:00 UTC"
    assert arduino.timezone is None, "read in the source's zone (Europe/Berlin when unset)"
    assert arduino.categories == ["Elektronik", "Industrie 4.0"]
    assert arduino.event_url.endswith("/arduino-abend-sensoren/")
    assert arduino.description is None
    tage = events["Vogtländische Maker-Tage 2027"]
    assert tage.all_day is True
    assert (tage.start, tage.end) == ("2027-09-11", "2027-09-12"), "DTEND is exclusive"
    assert stats(spider, "repaired") == {"manual-utc-offset": 1}


def test_recurrences_exceptions_and_broken_events():
    spider, items = parsed("chaostreff")
    treff = sorted((i.start, i.status, i.title) for i in items if i.key.startswith("offener-treff"))
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
    moved = next(i for i in items if i.start.startswith("2027-04-08"))
    assert moved.key == "offener-treff@chaostreff-bautzen.example#2027-04-06T19:00:00+02:00", (
        "an occurrence keeps its key when it moves"
    )
    first = next(i for i in items if i.start.startswith("2027-01-05"))
    assert (first.start, first.end, first.timezone) == (
        "2027-01-05T19:00:00+01:00",
        "2027-01-05T22:00:00+01:00",
        "Europe/Berlin",
    ), "floating times in the feed's X-WR-TIMEZONE"
    assert (first.latitude, first.longitude) == (51.181, 14.424)
    assert first.organizer == "Chaostreff Bautzen"
    assert "BEGIN:VEVENT" in first.raw and "X-AGGREGATOR" not in first.raw, "the feed's own text"

    events = {i.title: i for i in items if not i.key.startswith("offener-treff")}
    assert events["Cryptoparty: Sichere E-Mail für Vereine und Kleinbetriebe"].status == "CANCELLED"
    loeten = events["Lötworkshop für Einsteiger"]
    assert (loeten.start, loeten.end) == ("2027-05-15T14:00:00+02:00", None)
    assert events["Europäischer Datenschutztag 2028: Infostand"].start == "2028-01-28", (
        "a single event is read however far ahead it lies"
    )
    assert "Vortrag: Passwortmanager im Alltag" not in events, "past events are left out"
    assert len(items) == 13
    assert spider.failure is None
    assert stats(spider, "dropped") == {"missing-dtstart": 1}
    assert stats(spider, "repaired") == {"end-before-start": 1}


def test_a_calendar_icalendar_refuses_is_read_event_by_event():
    spider, items = parsed("gruenderstammtisch")
    events = by_title(items)
    assert sorted(events) == [
        "Gründerstammtisch Görlitz: Digitale Geschäftsmodelle",
        "Gründerstammtisch Görlitz: Fördermittel für Digitalisierung",
    ], "the broken time zone block and the cut-off last event cost only themselves"
    januar = events["Gründerstammtisch Görlitz: Digitale Geschäftsmodelle"]
    assert januar.start == "2027-01-20T18:30:00+01:00"
    assert events["Gründerstammtisch Görlitz: Fördermittel für Digitalisierung"].end is None
    assert spider.failure is None
    assert stats(spider, "repaired") == {"ical-read-per-event": 1, "invalid-dtend": 1}


def test_the_window_for_recurrences_is_a_setting():
    spider = make_spider(
        '[[source]]\nname = "chaostreff"\nurl = "{base}/ical/verein.ics"\nkind = "ical"\n',
        ICAL_WINDOW_DAYS=100,
    )
    request = Request(spider.source.url, meta={"is_start": True})
    items = items_of(spider.parse(file_response("ical/verein.ics", request=request)))
    treff = sorted(i.start[:10] for i in items if i.key.startswith("offener-treff"))
    assert treff == ["2027-01-05", "2027-03-02"], "100 days from 2026-11-26 end on 2027-03-06"


def test_a_page_that_is_no_calendar_fails_the_source():
    spider = spider_of("handelsverband")
    request = Request(spider.source.url, meta={"is_start": True})
    page = file_response("html/kurse/index.html", request=request)
    assert items_of(spider.parse(page)) == []
    assert spider.failure == f"not an iCalendar feed at {spider.source.url}"


DURATION_VALUES = """BEGIN:VCALENDAR\r
VERSION:2.0\r
PRODID:-//Test//DE\r
BEGIN:VEVENT\r
UID:dauer@example\r
SUMMARY:Ein Termin, dessen Beginn eine Dauer ist\r
DTSTART:P1D\r
END:VEVENT\r
BEGIN:VEVENT\r
UID:ende@example\r
SUMMARY:KI-Sprechstunde Dresden\r
DTSTART:20270210T180000\r
DTEND:P1D\r
END:VEVENT\r
BEGIN:VEVENT\r
UID:gut@example\r
SUMMARY:Cloud-Stammtisch Leipzig\r
DTSTART:20270211T190000\r
DTEND:20270211T210000\r
END:VEVENT\r
END:VCALENDAR\r
"""


def test_a_start_or_end_that_is_a_duration_costs_only_its_event():
    """icalendar accepts ``DTSTART:P1D``; it used to stop the whole feed (found by mypy)."""
    spider = spider_of("chaostreff")
    url = "https://recorded.example/ical/dauer.ics"
    response = _response(
        url, DURATION_VALUES.encode(), {"Content-Type": "text/calendar"}, None, 200
    )
    events = by_title(items_of(spider.parse(response)))
    assert sorted(events) == ["Cloud-Stammtisch Leipzig", "KI-Sprechstunde Dresden"]
    assert events["KI-Sprechstunde Dresden"].end is None
    assert events["Cloud-Stammtisch Leipzig"].end == "2027-02-11T21:00:00"
    assert stats(spider, "dropped") == {"invalid-dtstart": 1}
    assert stats(spider, "repaired") == {"invalid-dtend": 1}
    assert spider.failure is None
