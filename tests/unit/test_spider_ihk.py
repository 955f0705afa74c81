"""Site spider ihk in-process: the chambers' search list as the browser leaves it (recorded with
``chromium --dump-dom``) leads to event pages read by their fixed layout. The pattern for further
site spiders: a recorded page under tests/sites and a test file like this one. (The JavaScript
search rendered by a real Chromium in a real crawl: tests/integration/test_spider_ihk.py.)"""

from __future__ import annotations

from scrapy.http import Request

from tests.support.recorded import (
    BASE,
    Replay,
    file_response,
    items_of,
    make_spider,
    requests_of,
    start_requests,
)

SOURCES = """
[[source]]
name = "ihk-suedsachsen"
url = "{base}/render/"
kind = "ihk"
render = true
organizer = "IHK-Region Südsachsen"
region = "Sachsen"
"""
RENDERED = {"/render/": "render/gerendert.html"}
"""The search page as Chromium leaves it once its script has filled the result list."""


def test_only_the_search_goes_through_the_browser():
    spider = make_spider(SOURCES)
    (start,) = start_requests(spider)
    assert start.url == f"{BASE}/render/"
    assert start.meta["playwright"] is True and start.meta["dont_cache"] is True
    assert start.meta["playwright_page_goto_kwargs"] == {"wait_until": "networkidle"}
    search = file_response("render/gerendert.html", request=start)
    events = requests_of(spider.parse(search))
    assert [r.url for r in events] == [
        f"{BASE}/render/termin-6041401.html",
        f"{BASE}/render/termin-6041417.html",
        f"{BASE}/render/termin-6041433.html",
    ], "every link whose last path segment carries a content id"
    assert not any("playwright" in r.meta for r in events), "event pages are plain HTML"
    assert all(r.callback == spider.parse_event for r in events)


def test_the_search_without_the_browser_has_no_event_links():
    spider = make_spider(SOURCES)
    request = Request(f"{BASE}/render/", meta={"is_start": True})
    assert list(spider.parse(file_response("render/index.html", request=request))) == []


def test_event_pages_from_the_rendered_search():
    spider = make_spider(SOURCES)
    replay = Replay(spider, files=RENDERED)
    events = replay.by_title()
    assert sorted(events) == [
        "Cybersicherheit kompakt für KMU",
        "Sprechtag Digitalisierung und Fördermittel",
    ]
    assert spider.crawler.stats.get_value("aggregator/http_errors") == 1, (
        "the third event page is gone; it costs only itself"
    )
    assert spider.failure is None
    assert replay.requests.count(f"{BASE}/render/termin-6041401.html") == 1


def test_fields_of_an_event_page():
    spider = make_spider(SOURCES)
    url = f"{BASE}/render/termin-6041401.html"
    (sprechtag,) = items_of(spider.parse_event(file_response("render/termin-6041401.html", url)))
    assert sprechtag.kind == "ihk"
    assert sprechtag.key == "ihk:6041401"
    assert (sprechtag.url, sprechtag.event_url) == (url, url)
    assert sprechtag.when == "09.02.2027, 09:00 - 15:00 Uhr"
    assert sprechtag.place_text == "IHK-Region Südsachsen, Straße der Nationen 25, 09111 Chemnitz"
    assert sprechtag.description.startswith("<p>Sie planen ein Digitalisierungsprojekt")
    assert "Veranstaltungsort" not in sprechtag.description
    assert sprechtag.raw == {
        "price": "kostenfrei, Anmeldung erforderlich",
        "lead": "09.02.2027, 09:00 - 15:00 Uhr",
    }
    assert sprechtag.default_organizer == "IHK-Region Südsachsen"
    assert sprechtag.default_region == "Sachsen"
    (cyber,) = items_of(spider.parse_event(file_response("render/termin-6041417.html")))
    assert cyber.place_text == "Online-Veranstaltung (Zugangsdaten nach Anmeldung)"
    assert cyber.raw["price"] == "59,00 Euro"


def test_a_page_without_title_or_date_is_dropped_and_counted():
    spider = make_spider(SOURCES)
    assert list(spider.parse_event(file_response("render/gerendert.html"))) == []
    assert spider.crawler.stats.get_value("aggregator/dropped/missing-title-or-date") == 1
