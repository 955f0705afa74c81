"""Kind jsonld in-process: schema.org events in JSON-LD (broken ones repaired), microdata and RDFa,
on a listing, its detail pages and its next page, read from the recorded pages by the spider's own
callbacks. (The same site crawled by real Scrapy: tests/integration/test_kind_jsonld.py.)"""

from __future__ import annotations

import pytest
from scrapy.http import Request, Response

from spiders.schemaorg import extract_events, load_jsonld
from tests.support.recorded import (
    BASE,
    Replay,
    file_response,
    items_of,
    make_spider,
    requests_of,
    stats,
)

SOURCES = """
[[source]]
name = "forum-digitalwirtschaft"
url = "{base}/jsonld/veranstaltungen/"
kind = "jsonld"
organizer = "Mitteldeutsches Forum Digitalwirtschaft e.V."
[source.selectors]
follow = "a.mehr::attr(href)"
next = "a[rel=next]::attr(href)"
"""
LISTING = f"{BASE}/jsonld/veranstaltungen/"


@pytest.fixture
def replayed():
    spider = make_spider(SOURCES)
    replay = Replay(spider)
    return spider, replay, replay.by_title()


def test_the_listing_page_alone_yields_its_own_events_and_asks_for_detail_and_next_pages():
    spider = make_spider(SOURCES)
    response = file_response("jsonld/veranstaltungen/index.html", url=LISTING)
    out = list(spider.parse(response))
    assert [item.title for item in items_of(out)] == ["Sommerschule Robotik für Auszubildende"]
    assert [request.url.removeprefix(LISTING) for request in requests_of(out)] == [
        "ki-werkstatt-handwerk.html",
        "cyber-abend-zwickau.html",
        "cloud-forum-dresden.html",
        "datenraeume-mittelstand/",
        "kaputt-vorschau.html",
        "seite-2.html",
    ], "detail pages (events waiting for them ride along), then the next page"
    detail = requests_of(out)[3]
    assert [e.title for e in detail.cb_kwargs["pending"]] == [
        "Datenräume im Mittelstand – Gaia-X praktisch"
    ], "the listing's event waits for its detail page"
    assert detail.cb_kwargs["listing"] is False and detail.errback == spider.detail_failed


def test_every_event_of_listing_detail_and_next_pages(replayed):
    spider, replay, events = replayed
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
    assert stats(spider, "dropped") == {"invalid-jsonld": 1}, "the unrepairable script is counted"
    assert stats(spider, "repaired") == {"jsonld": 3}
    assert spider.crawler.stats.get_value("aggregator/http_errors") == 1, "the dead detail link"
    assert spider.failure is None
    assert [url.removeprefix(LISTING) for url in replay.requests] == [
        "",
        "ki-werkstatt-handwerk.html",
        "cyber-abend-zwickau.html",
        "cloud-forum-dresden.html",
        "datenraeume-mittelstand/",
        "kaputt-vorschau.html",
        "seite-2.html",
        "rdfa-messe.html",
        "gibt-es-nicht.html",
    ], "each detail page once; page 2's link back to page 1 is not followed"
    assert {event.source for event in events.values()} == {"forum-digitalwirtschaft"}
    assert {event.kind for event in events.values()} == {"jsonld"}


def test_graph_references_hybrid_location_and_detail_page_completion(replayed):
    event = replayed[2]["Datenräume im Mittelstand – Gaia-X praktisch"]
    assert (
        event.key
        == "https://forum-digitalwirtschaft.example/veranstaltungen/datenraeume-mittelstand/#event"
    )
    assert event.start == "2027-02-18T14:00:00+01:00"
    assert (event.venue, event.street, event.postcode, event.city) == (
        "Basislager Coworking",
        "Peterssteinweg 14",
        "04107",
        "Leipzig",
    )
    assert event.online_url == "https://konferenz.forum-digitalwirtschaft.example/datenraeume"
    assert event.attendance == "https://schema.org/MixedEventAttendanceMode"
    # the detail page's longer description wins, the listing's organizer and coordinates stay
    assert "Stadtwerke Halle" in event.description
    assert event.url == f"{LISTING}datenraeume-mittelstand/"
    assert event.organizer == "Mitteldeutsches Forum Digitalwirtschaft e.V."
    assert (event.latitude, event.longitude) == (51.3312, 12.3746)
    assert event.categories == ["Daten", "Gaia-X", "Mittelstand"]
    assert event.raw["offers"]["url"].endswith("/anmeldung/datenraeume")


def test_broken_json_ld_is_repaired(replayed):
    events = replayed[2]
    werkstatt = events["KI-Werkstatt für das Handwerk"]
    assert werkstatt.postcode == "04109", "a leading-zero number stays a postcode"
    assert werkstatt.start == "2027-03-10T16:00:00+01:00"
    assert werkstatt.organizer == "Handwerk Digital Leipzig"
    assert werkstatt.key == f"{LISTING}ki-werkstatt-handwerk.html", "one event: the page is its key"
    cyber = events["Cyber-Abend Zwickau: Phishing erkennen"]
    assert '"Phishing erkennen – bevor es teuer wird"' in cyber.description
    assert cyber.start == "2027-04-22T18:00:00+02:00", "the new date, not previousStartDate"
    assert cyber.status == "https://schema.org/EventRescheduled"
    assert cyber.raw["previousStartDate"] == "2027-03-25T18:00:00+01:00"
    assert cyber.raw["offers"]["price"] == "15.00"
    assert cyber.country == "DE"
    cloud = events["Cloud-Forum Dresden"]
    assert cloud.status == "https://schema.org/EventCancelled"
    assert (cloud.postcode, cloud.city) == ("01067", "Dresden")
    assert cloud.organizer == "Dr. Jana Wolkenstein"


def test_listing_only_event_microdata_and_rdfa(replayed):
    events = replayed[2]
    school = events["Sommerschule Robotik für Auszubildende"]
    assert (school.start, school.end) == ("2027-07-12", "2027-07-16")
    assert school.place_text == "Schlossteichstraße 3, 09113 Chemnitz"
    assert school.organizer == (
        "Mitteldeutsches Forum Digitalwirtschaft e.V., Ausbildungsverbund Südwestsachsen"
    )
    assert school.key == f"{LISTING}#2027-07-12#Sommerschule Robotik für Auszubildende"
    stammtisch = events["Industrie 4.0 Stammtisch Chemnitz"]
    assert stammtisch.start == "2027-06-03T18:30"
    assert (stammtisch.postcode, stammtisch.city) == ("09111", "Chemnitz")
    assert stammtisch.event_url == f"{LISTING}stammtisch-chemnitz-juni.html"
    assert stammtisch.url == f"{LISTING}seite-2.html"
    messe = events["Fachmesse Vernetzte Produktion 2027"]
    assert (messe.start, messe.end) == ("2027-09-21", "2027-09-23")
    assert (messe.venue, messe.postcode) == ("Messe Chemnitz", "09116")
    assert messe.organizer == "Messe Chemnitz GmbH"
    assert messe.key == f"{LISTING}rdfa-messe.html#messe"


def test_a_start_page_that_is_no_html_fails_the_source():
    spider = make_spider(SOURCES)
    request = Request(LISTING, meta={"is_start": True})
    pdf = Response(
        LISTING, body=b"%PDF-1.7", headers={"Content-Type": "application/pdf"}, request=request
    )
    assert list(spider.parse(pdf)) == []
    assert spider.failure == f"not an HTML page (application/pdf) at {LISTING}"
    assert spider.crawler.stats.get_value("aggregator/failure") == spider.failure


@pytest.mark.parametrize(
    ("script", "expected"),
    [
        ('{"@type": "Event", "name": "A", "startDate": "2027-01-01",}', {"name": "A"}),
        (
            '{"@type":"Event","name":"B"}\n{"@type":"Event","name":"C"}',
            [{"name": "B"}, {"name": "C"}],
        ),
        ("{'@type': 'Event', 'name': 'D'}", {"name": "D"}),
        ('<!--\n{"@type": "Event", "name": "E"}\n-->', {"name": "E"}),
        ("{&quot;@type&quot;: &quot;Event&quot;, &quot;name&quot;: &quot;F&quot;}", {"name": "F"}),
    ],
)
def test_repairs(script, expected):
    data, repaired, problem = load_jsonld(script)
    assert problem is None and repaired
    got = data if isinstance(data, list) else [data]
    want = expected if isinstance(expected, list) else [expected]
    assert [{k: d[k] for k in w} for d, w in zip(got, want, strict=True)] == want


@pytest.mark.parametrize("script", ["[object Object]", "undefined", "<?php echo $x; ?>"])
def test_unrepairable_scripts_are_reported(script):
    data, _, problem = load_jsonld(script)
    assert data is None and "could not be repaired" in problem


def test_series_yields_its_dates_and_conference_keeps_its_sessions_inside():
    page = """<script type="application/ld+json">[
      {"@type": "EventSeries", "name": "Digitalsprechstunde",
       "subEvent": [{"@type": "Event", "name": "Digitalsprechstunde", "startDate": "2027-01-12"},
                    {"@type": "Event", "name": "Digitalsprechstunde", "startDate": "2027-02-09"}]},
      {"@type": "Event", "name": "Sachsen Digital Konferenz", "startDate": "2027-05-20",
       "subEvent": [{"@type": "Event", "name": "Keynote", "startDate": "2027-05-20T09:00"}]}
    ]</script>"""
    events = extract_events(page, "https://example.org/").events
    assert [(e["name"], e["startDate"]) for e in events] == [
        ("Digitalsprechstunde", "2027-01-12"),
        ("Digitalsprechstunde", "2027-02-09"),
        ("Sachsen Digital Konferenz", "2027-05-20"),
    ]


def test_an_event_alone_on_its_page_keeps_the_links_of_the_pages_main_content():
    """Where the page points to the conversation (the app, the stream) beyond its JSON-LD: the
    links of ``<main>``, not the header's or footer's, which every page of the site shares."""
    from scrapy.http import HtmlResponse

    from aggregator.ops.demo import demo_root

    page = (
        "digitalagentur/veranstaltungen/smartkmu-2027-digitalkonferenz-kleine-unternehmen-1085.html"
    )
    url = f"https://www.digitalagentur-sachsen.example/{page.split('/', 1)[1]}"
    response = HtmlResponse(url=url, body=(demo_root() / page).read_bytes(), encoding="utf-8")
    (item,) = make_spider(SOURCES).events_on(response)
    assert item.page_links == [
        "https://www.digitalagentur-sachsen.example/",
        "https://www.digitalagentur-sachsen.example/veranstaltungen/",
        "https://app.swapcard.com/event/smartkmu-2027",
        "https://www.youtube.com/watch?v=smartKMU2027",
        "https://twitter.com/intent/tweet?text=smartKMU%202027",
        "https://www.linkedin.com/sharing/share-offsite/?url=https%3A%2F%2Fwww.digitalagentur-sachsen.example%2F",
        "https://anmeldung.digitalagentur-sachsen.example/1085",
    ], "in page order, once each; the page's own anchor (#programm) is no link out"
    listing = file_response("jsonld/veranstaltungen/index.html", url=LISTING)
    assert all(not i.page_links for i in make_spider(SOURCES).events_on(listing)), (
        "a page with several events cannot say whose a link is"
    )
