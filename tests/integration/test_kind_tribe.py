"""Kind tribe: The Events Calendar's REST API, paged, with its quirks (entities in titles, venue as
object or [], manual UTC offsets, the JSON 404 past the last page, sites without pretty
permalinks), crawled by real Scrapy."""

from __future__ import annotations

import json

import pytest

from aggregator.sources import parse_sources
from tests.integration.crawling import by_title, crawl_recorded, raw_items
from tests.integration.scripted_server import Reply, ScriptedServer

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


@pytest.fixture(scope="module")
def crawled(tmp_path_factory):
    return crawl_recorded(tmp_path_factory, SOURCES)


def test_pages_until_next_rest_url_ends(crawled):
    result, requests = crawled
    events = by_title(result, "erzgebirge")
    assert sorted(events) == [
        "Digitalstammtisch Annaberg",
        "Erzgebirgischer Digitaltag",
        "KI & Recht – Was KMU jetzt wissen müssen",
        "Webinar: E-Rechnung ab 2027 – Pflichten für Handwerksbetriebe",
    ], "entities decoded; the event seen again on page 2 written once; the untitled one dropped"
    stats = result.stats["erzgebirge"]
    assert stats.ok and stats.pages == 2 and stats.http_errors == 0
    assert stats.dropped == {"missing-title-or-start": 1}
    api = [r for r in requests if r.startswith("/tribe/netzwerk/wp-json/tribe/")]
    assert api[0].endswith("/wp-json/tribe/events/v1/events?per_page=50")
    assert api[1].endswith("per_page=3&page=2"), "next_rest_url is followed as given"


def test_event_fields(crawled):
    events = by_title(crawled[0], "erzgebirge")
    recht = events["KI & Recht – Was KMU jetzt wissen müssen"]
    assert recht["key"] == "5101"
    assert (recht["start"], recht["end"], recht["timezone"]) == (
        "2027-02-24 17:00:00",
        "2027-02-24 19:30:00",
        "Europe/Berlin",
    )
    assert recht["venue"] == "Kulturhaus „Alte Spinnerei“"
    assert (recht["street"], recht["postcode"], recht["city"], recht["region"]) == (
        "Bahnhofstraße 12",
        "09456",
        "Annaberg-Buchholz",
        "Sachsen",
    )
    assert (recht["latitude"], recht["longitude"]) == (50.5797, 13.0027)
    assert recht["organizer"] == "Digitalnetzwerk Erzgebirge e.V., Kanzlei Weber & Partner"
    assert recht["categories"] == ["Künstliche Intelligenz", "Recht & Datenschutz"]
    assert (
        recht["event_url"]
        == "https://digitalnetzwerk-erzgebirge.example/veranstaltung/5101-termin/"
    )
    assert recht["raw"]["cost"] == "kostenfrei"

    stammtisch = events["Digitalstammtisch Annaberg"]
    assert stammtisch["venue"] is None and stammtisch["city"] is None, "venue [] is no venue"
    assert stammtisch["start"] == "2027-07-08 19:00:00"
    assert stammtisch["timezone"] is None, "UTC+1 is WordPress's setting: read in the source's zone"
    assert stammtisch["raw"]["timezone"] == "UTC+1"

    digitaltag = events["Erzgebirgischer Digitaltag"]
    assert digitaltag["all_day"] is True
    assert (digitaltag["start"], digitaltag["end"]) == ("2027-09-18", "2027-09-19")
    assert digitaltag["venue"] is None, "venue {} is no venue"

    webinar = events["Webinar: E-Rechnung ab 2027 – Pflichten für Handwerksbetriebe"]
    assert webinar["attendance"] == "https://schema.org/OnlineEventAttendanceMode"
    assert webinar["online_url"] == "https://webinar.digitalnetzwerk-erzgebirge.example/e-rechnung"
    assert webinar["status"] == "https://schema.org/EventScheduled"


def test_any_page_of_the_site_leads_to_the_api(crawled):
    result, _ = crawled
    assert result.stats["erzgebirge-seite"].ok
    items = {item["title"]: item for item in raw_items(result, "erzgebirge-seite")}
    assert len(items) == 4
    assert items["Digitalstammtisch Annaberg"]["timezone"] == "Europe/Berlin", (
        "a manual offset gives way to the zone the source row names"
    )


def _envelope(base: str, events: list[dict], page: int, last: bool) -> str:
    route = "/index.php?rest_route=/tribe/events/v1/events&per_page=50"
    data = {
        "events": events,
        "rest_url": f"{base}{route}&page={page}",
        "total": 3,
        "total_pages": 2,
    }
    if not last:
        data["next_rest_url"] = f"{base}{route}&page={page + 1}"
    return json.dumps(data).replace("/", "\\/")


def _event(event_id: int, title: str, start: str) -> dict:
    return {
        "id": event_id,
        "title": title,
        "start_date": start,
        "end_date": start.replace(" 18:", " 20:"),
        "all_day": False,
        "timezone": "Europe/Berlin",
        "venue": [],
        "organizer": [],
        "url": f"https://verein.example/?tribe_events={event_id}",
    }


def test_site_without_pretty_permalinks_and_the_json_404_past_the_end(crawl_sources):
    routes: dict[str, list[Reply]] = {}
    with ScriptedServer(routes) as server:
        base = server.base_url
        not_found = {
            "code": "event-archive-page-not-found",
            "message": "Die angeforderte Seite wurde nicht gefunden.",
            "data": {"status": 404},
        }
        routes.update(
            {
                "/robots.txt": [Reply(200, "User-agent: *\nDisallow: /wp-admin/\n", "text/plain")],
                "/": [
                    Reply(
                        body=f'<html><head><link rel="https://api.w.org/" href="{base}/index.php?rest_route=/">'
                        '<meta name="tec-api-version" content="v1"></head><body>Verein</body></html>'
                    )
                ],
                "/index.php?rest_route=/tribe/events/v1/events&per_page=50": [
                    Reply(
                        body=_envelope(
                            base,
                            [
                                _event(11, "Offene Werkstatt 3D-Druck", "2027-01-14 18:00:00"),
                                _event(12, "Repair-Café digital", "2027-01-28 18:00:00"),
                            ],
                            1,
                            last=False,
                        ),
                        content_type="application/json; charset=UTF-8",
                    )
                ],
                # the third event was deleted while we read page 1: page 2 no longer exists
                "/index.php?rest_route=/tribe/events/v1/events&per_page=50&page=2": [
                    Reply(404, json.dumps(not_found), "application/json; charset=UTF-8")
                ],
            }
        )
        sources = parse_sources(f'[[source]]\nname = "verein"\nurl = "{base}/"\nkind = "tribe"\n')
        result = crawl_sources(sources)
    stats = result.stats["verein"]
    assert stats.ok, stats.failure
    assert stats.events == 2 and stats.http_errors == 0, "the end of the listing is no error"
    assert "/wp-json/tribe/events/v1/events?per_page=50" in server.paths(), (
        "pretty path tried first"
    )


def test_empty_calendar_answers_404_on_page_one(crawl_sources):
    body = json.dumps({"code": "event-archive-page-not-found", "message": "Keine Veranstaltungen"})
    routes = {"/wp-json/tribe/events/v1/events?per_page=50": [Reply(404, body, "application/json")]}
    with ScriptedServer(routes) as server:
        sources = parse_sources(
            f'[[source]]\nname = "leer"\nurl = "{server.base_url}/"\nkind = "tribe"\n'
        )
        result = crawl_sources(sources)
    stats = result.stats["leer"]
    assert stats.ok and stats.events == 0 and stats.http_errors == 0
