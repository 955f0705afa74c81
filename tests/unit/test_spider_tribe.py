"""Kind tribe in-process: The Events Calendar's REST API read from the recorded API pages, with its
quirks (entities in titles, venue as object or [], manual UTC offsets, an event seen again on the
next page, the JSON 404 past the last page), and where the API is found. (Crawled by real Scrapy,
and a site that answers with the real status codes: tests/integration/test_kind_tribe.py.)"""

from __future__ import annotations

import json

import pytest
from scrapy.http import Request, TextResponse

from spiders.base import SourceSpider
from spiders.tribe import api_url_from_page, api_urls
from tests.support.recorded import BASE, Replay, make_spider, stats

SOURCES = """
[[source]]
name = "erzgebirge"
url = "{base}/tribe/netzwerk/"
kind = "tribe"

[[source]]
name = "erzgebirge-seite"
url = "{base}/tribe/netzwerk/index.html"
kind = "tribe"
timezone = "Europe/Berlin"
"""
API = f"{BASE}/tribe/netzwerk/wp-json/tribe/events/v1/events"


def spider_of(name: str) -> SourceSpider:
    (block,) = [b for b in SOURCES.split("[[source]]") if f'name = "{name}"' in b]
    return make_spider("[[source]]" + block)


@pytest.fixture
def erzgebirge():
    spider = spider_of("erzgebirge")
    replay = Replay(spider)
    return spider, replay, replay.by_title()


def test_pages_until_next_rest_url_ends(erzgebirge):
    spider, replay, events = erzgebirge
    assert sorted(events) == [
        "Digitalstammtisch Annaberg",
        "Erzgebirgischer Digitaltag",
        "KI & Recht – Was KMU jetzt wissen müssen",
        "Webinar: E-Rechnung ab 2027 – Pflichten für Handwerksbetriebe",
    ], "entities decoded; the event seen again on page 2 yielded once; the untitled one dropped"
    assert replay.requests == [f"{API}?per_page=50", f"{API}?per_page=3&page=2"], (
        "the pretty API path first, then next_rest_url as given"
    )
    assert stats(spider, "dropped") == {"missing-title-or-start": 1}
    assert stats(spider, "repaired") == {"manual-utc-offset": 1}
    assert spider.failure is None


def test_event_fields(erzgebirge):
    events = erzgebirge[2]
    recht = events["KI & Recht – Was KMU jetzt wissen müssen"]
    assert recht.key == "5101"
    assert (recht.start, recht.end, recht.timezone) == (
        "2027-02-24 17:00:00",
        "2027-02-24 19:30:00",
        "Europe/Berlin",
    )
    assert recht.venue == "Kulturhaus „Alte Spinnerei“"
    assert (recht.street, recht.postcode, recht.city, recht.region) == (
        "Bahnhofstraße 12",
        "09456",
        "Annaberg-Buchholz",
        "Sachsen",
    )
    assert (recht.latitude, recht.longitude) == (50.5797, 13.0027)
    assert recht.organizer == "Digitalnetzwerk Erzgebirge e.V., Kanzlei Weber & Partner"
    assert recht.categories == ["Künstliche Intelligenz", "Recht & Datenschutz"]
    assert (
        recht.event_url == "https://digitalnetzwerk-erzgebirge.example/veranstaltung/5101-termin/"
    )
    assert recht.raw["cost"] == "kostenfrei"

    stammtisch = events["Digitalstammtisch Annaberg"]
    assert stammtisch.venue is None and stammtisch.city is None, "venue [] is no venue"
    assert stammtisch.start == "2027-07-08 19:00:00"
    assert stammtisch.timezone is None, "UTC+1 is WordPress's setting: read in the source's zone"
    assert stammtisch.raw["timezone"] == "UTC+1"

    digitaltag = events["Erzgebirgischer Digitaltag"]
    assert digitaltag.all_day is True
    assert (digitaltag.start, digitaltag.end) == ("2027-09-18", "2027-09-19")
    assert digitaltag.venue is None, "venue {} is no venue"

    webinar = events["Webinar: E-Rechnung ab 2027 – Pflichten für Handwerksbetriebe"]
    assert webinar.attendance == "https://schema.org/OnlineEventAttendanceMode"
    assert webinar.online_url == "https://webinar.digitalnetzwerk-erzgebirge.example/e-rechnung"
    assert webinar.status == "https://schema.org/EventScheduled"


def test_any_page_of_the_site_leads_to_the_api():
    spider = spider_of("erzgebirge-seite")
    replay = Replay(spider)
    items = {item.title: item for item in replay.run()}
    assert len(items) == 4
    assert replay.requests == [
        f"{BASE}/tribe/netzwerk/index.html/wp-json/tribe/events/v1/events?per_page=50",
        f"{BASE}/tribe/netzwerk/index.html",
        f"{API}?per_page=50",
        f"{API}?per_page=3&page=2",
    ], "the guessed API path, the page itself, the API the page names"
    assert stats(spider, "expected_status") == {"404": 1}, "the wrong guess is no error of the site"
    assert items["Digitalstammtisch Annaberg"].timezone == "Europe/Berlin", (
        "a manual offset gives way to the zone the source row names"
    )


def test_a_json_404_past_the_last_page_ends_the_listing():
    spider = spider_of("erzgebirge")
    url = f"{API}?per_page=50&page=2"
    body = {"code": "event-archive-page-not-found", "message": "Seite nicht gefunden"}
    response = TextResponse(
        url,
        status=404,
        body=json.dumps(body).encode(),
        headers={"Content-Type": "application/json; charset=UTF-8"},
        request=Request(url, meta={"is_start": False}),
    )
    assert list(spider.parse(response)) == []
    assert stats(spider, "expected_status") == {"404": 1}
    assert spider.crawler.stats.get_value("aggregator/http_errors") is None
    assert spider.failure is None


def test_a_site_without_the_api_fails_with_a_reason():
    spider = make_spider('[[source]]\nname = "x"\nurl = "{base}/html/kurse/"\nkind = "tribe"\n')
    replay = Replay(spider)
    assert replay.run() == []
    assert spider.failure == (
        f"no The Events Calendar API found (HTTP 200 at {BASE}/html/kurse/"
        "?rest_route=/tribe/events/v1/events&per_page=50); "
        "is this a WordPress site with The Events Calendar?"
    ), "a plain page answers ?rest_route= with itself"
    assert replay.requests == [
        f"{BASE}/html/kurse/wp-json/tribe/events/v1/events?per_page=50",
        f"{BASE}/html/kurse/",
        f"{BASE}/html/kurse/?rest_route=/tribe/events/v1/events&per_page=50",
    ], "the pretty path, the page itself, ?rest_route="


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (
            "https://verein.example/",
            [
                "https://verein.example/wp-json/tribe/events/v1/events?per_page=50",
                "https://verein.example/",
                "https://verein.example/?rest_route=/tribe/events/v1/events&per_page=50",
            ],
        ),
        (
            "https://verein.example/wp-json/tribe/events/v1/events?categories=ki",
            ["https://verein.example/wp-json/tribe/events/v1/events?categories=ki&per_page=50"],
        ),
        (
            "https://verein.example/index.php?rest_route=/tribe/events/v1/events&per_page=10",
            ["https://verein.example/index.php?rest_route=/tribe/events/v1/events&per_page=10"],
        ),
    ],
)
def test_where_the_api_may_be(url, expected):
    assert api_urls(url) == expected


def test_the_api_a_page_announces():
    page = '<link rel="https://api.w.org/" href="https://verein.example/wp-json/">'
    assert api_url_from_page(page, "https://verein.example/termine/") == (
        "https://verein.example/wp-json/tribe/events/v1/events?per_page=50"
    )
    plain = '<link rel="https://api.w.org/" href="/blog/index.php?rest_route=/">'
    assert api_url_from_page(plain, "https://verein.example/blog/") == (
        "https://verein.example/blog/index.php?rest_route=/tribe/events/v1/events&per_page=50"
    )
    origin = '<meta name="tec-api-origin" content="https://verein.example/kalender">'
    assert api_url_from_page(origin, "https://verein.example/") == (
        "https://verein.example/kalender/wp-json/tribe/events/v1/events?per_page=50"
    )
    assert api_url_from_page("<h1>Termine</h1>", "https://verein.example/") is None
