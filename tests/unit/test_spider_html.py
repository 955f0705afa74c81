"""Kind html in-process: a TYPO3 listing described by selectors, with next pages and detail pages
whose values complete the listing's, read from the recorded pages by the spider's own callbacks.
(Crawled by real Scrapy: tests/integration/test_kind_html.py.)"""

from __future__ import annotations

import pytest
from scrapy.http import Request

from aggregator.sources import SourcesError, parse_sources
from spiders.base import SourceSpider
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
name = "hwk-westsachsen"
url = "{base}/html/kurse/"
kind = "html"
organizer = "Handwerkskammer Westsachsen"
[source.selectors]
item = "div.news-list-item"
title = "h3 a::text"
when = "span.datum::text"
place = "span.ort::text"
link = "h3 a::attr(href)"
follow = "h3 a::attr(href)"
description = "p.teaser"
next = "a.next::attr(href)"
detail_title = "h1::text"
detail_when = "dl.termindetails dd.datum::text, dl.termindetails dd.uhrzeit::text"
detail_place = "dl.termindetails dd.ort"
detail_description = "div.news-text-wrap"

[[source]]
name = "hwk-nur-liste"
url = "{base}/html/kurse/"
kind = "html"
max_pages = 1
[source.selectors]
item = "div.news-list-item"
title = "h3 a::text"
when = "span.datum::text"
link = "h3 a::attr(href)"
next = "a.next::attr(href)"
"""
LISTING = f"{BASE}/html/kurse/"


def spider_of(name: str) -> SourceSpider:
    (block,) = [b for b in SOURCES.split("[[source]]") if f'name = "{name}"' in b]
    return make_spider("[[source]]" + block)


@pytest.fixture
def replayed():
    spider = spider_of("hwk-westsachsen")
    replay = Replay(spider)
    return spider, replay, replay.by_title()


def test_a_listing_item_waits_for_its_detail_page():
    spider = spider_of("hwk-westsachsen")
    request = Request(LISTING, meta={"is_start": True})
    out = list(spider.parse(file_response("html/kurse/index.html", request=request)))
    assert items_of(out) == [], "every item of page 1 has a detail page"
    requests = requests_of(out)
    assert [r.url.removeprefix(LISTING) for r in requests] == [
        "detail/ki-im-handwerksbetrieb.html",
        "detail/website-check.html",
        "detail/e-rechnung-online.html",
        "detail/geloescht.html",
        "seite-2.html",
    ]
    waiting = requests[0].cb_kwargs["item"]
    assert (waiting.title, waiting.when) == (
        "KI im Handwerksbetrieb – Praxisseminar",
        "17.03.2027",
    ), "the listing's short title and date, until the detail page says more"
    assert requests[0].callback == spider.parse_detail
    assert requests[0].errback == spider.detail_failed


def test_listing_next_page_and_detail_pages(replayed):
    spider, replay, events = replayed
    assert sorted(events) == [
        "Cobots beim Schweißen: Vorführung im Bildungszentrum",
        "KI im Handwerksbetrieb – Praxisseminar für Inhaber und Meister",
        "Online-Seminar: E-Rechnung verstehen",
        "Social Media für Azubi-Marketing",
        "Website-Check für Handwerksbetriebe",
    ]
    assert len(replay.requests) == 2 + 6, "two listing pages, six detail links (one is gone)"
    assert stats(spider, "dropped") == {"missing-title-or-date": 1}, "a date neither page gives"
    assert spider.crawler.stats.get_value("aggregator/http_errors") == 1, "the deleted detail page"
    assert {e.organizer for e in events.values()} == {None, "Handwerkskammer Westsachsen"}
    assert {e.default_organizer for e in events.values()} == {"Handwerkskammer Westsachsen"}


def test_detail_page_values_win(replayed):
    events = replayed[2]
    ki = events["KI im Handwerksbetrieb – Praxisseminar für Inhaber und Meister"]
    assert ki.when == "Mittwoch, 17. März 2027 09:00 - 12:30 Uhr"
    assert ki.place_text == (
        "Bildungszentrum der Handwerkskammer, Limbacher Straße 195, 09116 Chemnitz"
    )
    assert "Tischlerei" in ki.description and "Teilnahmegebühr" in ki.description
    assert ki.key == f"{LISTING}detail/ki-im-handwerksbetrieb.html"
    assert ki.url == ki.event_url == ki.key
    check = events["Website-Check für Handwerksbetriebe"]
    assert check.when == "Donnerstag, 22. April 2027 13:00 - 17:00 Uhr", "the listing had none"


def test_schema_org_on_a_detail_page_completes_the_item(replayed):
    webinar = replayed[2]["Online-Seminar: E-Rechnung verstehen"]
    assert webinar.when == "Di, 20.04.2027, 15:00 Uhr"
    assert (webinar.start, webinar.end) == (
        "2027-04-20T15:00:00+02:00",
        "2027-04-20T16:30:00+02:00",
    )
    assert webinar.online_url == "https://webinar.hwk-westsachsen.example/e-rechnung"
    assert webinar.organizer == "Handwerkskammer Westsachsen"


def test_a_failing_detail_page_keeps_the_listing_item(replayed):
    social = replayed[2]["Social Media für Azubi-Marketing"]
    assert (social.when, social.place_text) == ("11.05.2027, 9 Uhr", "Zwickau")
    assert social.description == (
        '<p class="teaser">Wie Betriebe Nachwuchs über Instagram und TikTok erreichen.</p>'
    )
    assert social.url == LISTING, "read from the listing"


def test_listing_only_source_with_a_page_limit():
    spider = spider_of("hwk-nur-liste")
    replay = Replay(spider)
    events = replay.by_title()
    assert sorted(events) == [
        "KI im Handwerksbetrieb – Praxisseminar",
        "Online-Seminar: E-Rechnung verstehen",
        "Social Media für Azubi-Marketing",
    ], "without follow, items without a date are dropped; max_pages stops before page 2"
    assert replay.requests == [LISTING]
    assert spider.crawler.stats.get_value("aggregator/page_limit_reached") == 1
    assert stats(spider, "dropped") == {"missing-title-or-date": 1}


@pytest.mark.parametrize(
    ("selectors", "message"),
    [
        ('item = "li"\nwhen = "span"', "selectors.title': required"),
        (
            'item = "li"\ntitle = "a"\ndetail_when = "dd"',
            "selectors.detail_when': needs selectors.follow",
        ),
    ],
)
def test_selector_rules(selectors, message):
    toml = f'[[source]]\nname = "x"\nurl = "https://x.example/"\nkind = "html"\n[source.selectors]\n{selectors}\n'
    with pytest.raises(SourcesError, match=message):
        parse_sources(toml)


def test_detail_selectors_can_supply_what_the_listing_lacks():
    toml = (
        '[[source]]\nname = "x"\nurl = "https://x.example/"\nkind = "html"\n[source.selectors]\n'
        'item = "li"\ntitle = "a::text"\nfollow = "a::attr(href)"\ndetail_when = "dd.datum::text"\n'
    )
    (source,) = parse_sources(toml)
    assert source.selectors.when is None and source.selectors.detail_when == "dd.datum::text"
