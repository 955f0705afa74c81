"""Kind tribe crawled by real Scrapy: the recorded API on 127.0.0.1 (its figures, and raw files that
hold exactly what the spider yields in-process; the fields: tests/unit/test_spider_tribe.py), and
sites that answer with real status codes: the JSON 404 past the last page, an empty calendar, a
site without pretty permalinks."""

from __future__ import annotations

import json

import pytest

from aggregator.sources import parse_sources
from tests.integration.crawling import crawl_recorded, written_as_replayed
from tests.integration.scripted_server import Reply, ScriptedServer
from tests.unit.test_spider_tribe import SOURCES


@pytest.fixture(scope="module")
def crawled(tmp_path_factory):
    return crawl_recorded(tmp_path_factory, SOURCES)


def test_pages_until_next_rest_url_ends(crawled):
    result, requests = crawled
    stats = result.stats["erzgebirge"]
    assert stats.ok and stats.events == 4 and stats.pages == 2 and stats.http_errors == 0
    assert stats.dropped == {"missing-title-or-start": 1}
    assert stats.repaired == {"manual-utc-offset": 1}
    api = [r for r in requests if r.startswith("/tribe/netzwerk/wp-json/tribe/")]
    assert api[0].endswith("/wp-json/tribe/events/v1/events?per_page=50")
    assert api[1].endswith("per_page=3&page=2"), "next_rest_url is followed as given"


@pytest.mark.parametrize("name", ["erzgebirge", "erzgebirge-seite"])
def test_the_raw_file_holds_what_the_spider_yields_in_process(crawled, name):
    written, replayed = written_as_replayed(crawled[0], SOURCES, name)
    assert len(written) == 4
    assert written == replayed


def test_any_page_of_the_site_leads_to_the_api(crawled):
    stats = crawled[0].stats["erzgebirge-seite"]
    assert stats.ok and stats.events == 4
    assert stats.http_errors == 0, "the 404 of the guessed API path is expected, no error"


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
