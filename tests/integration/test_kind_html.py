"""Kind html: a TYPO3 listing described by selectors, with next pages and detail pages whose
values complete the listing's, crawled by real Scrapy from recorded pages."""

from __future__ import annotations

import pytest

from aggregator.sources import SourcesError, parse_sources
from tests.integration.crawling import by_title, crawl_recorded

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


@pytest.fixture(scope="module")
def crawled(tmp_path_factory):
    return crawl_recorded(tmp_path_factory, SOURCES)


def test_listing_next_page_and_detail_pages(crawled):
    result, _ = crawled
    events = by_title(result, "hwk-westsachsen")
    assert sorted(events) == [
        "Cobots beim Schweißen: Vorführung im Bildungszentrum",
        "KI im Handwerksbetrieb – Praxisseminar für Inhaber und Meister",
        "Online-Seminar: E-Rechnung verstehen",
        "Social Media für Azubi-Marketing",
        "Website-Check für Handwerksbetriebe",
    ]
    stats = result.stats["hwk-westsachsen"]
    assert stats.ok and stats.pages == 2 + 5
    assert stats.dropped == {"missing-title-or-date": 1}, "a date neither page gives"
    assert stats.http_errors == 1, "the deleted detail page"


def test_detail_page_values_win(crawled):
    events = by_title(crawled[0], "hwk-westsachsen")
    ki = events["KI im Handwerksbetrieb – Praxisseminar für Inhaber und Meister"]
    assert ki["when"] == "Mittwoch, 17. März 2027 09:00 - 12:30 Uhr"
    assert ki["place_text"] == (
        "Bildungszentrum der Handwerkskammer, Limbacher Straße 195, 09116 Chemnitz"
    )
    assert "Tischlerei" in ki["description"] and "Teilnahmegebühr" in ki["description"]
    assert ki["key"].endswith("/html/kurse/detail/ki-im-handwerksbetrieb.html")
    assert ki["url"] == ki["event_url"] == ki["key"]
    check = events["Website-Check für Handwerksbetriebe"]
    assert check["when"] == "Donnerstag, 22. April 2027 13:00 - 17:00 Uhr", "the listing had none"


def test_schema_org_on_a_detail_page_completes_the_item(crawled):
    webinar = by_title(crawled[0], "hwk-westsachsen")["Online-Seminar: E-Rechnung verstehen"]
    assert webinar["when"] == "Di, 20.04.2027, 15:00 Uhr"
    assert (webinar["start"], webinar["end"]) == (
        "2027-04-20T15:00:00+02:00",
        "2027-04-20T16:30:00+02:00",
    )
    assert webinar["online_url"] == "https://webinar.hwk-westsachsen.example/e-rechnung"
    assert webinar["organizer"] == "Handwerkskammer Westsachsen"


def test_a_failing_detail_page_keeps_the_listing_item(crawled):
    social = by_title(crawled[0], "hwk-westsachsen")["Social Media für Azubi-Marketing"]
    assert (social["when"], social["place_text"]) == ("11.05.2027, 9 Uhr", "Zwickau")
    assert social["description"] == (
        '<p class="teaser">Wie Betriebe Nachwuchs über Instagram und TikTok erreichen.</p>'
    )


def test_listing_only_source_with_a_page_limit(crawled):
    result, _ = crawled
    events = by_title(result, "hwk-nur-liste")
    assert sorted(events) == [
        "KI im Handwerksbetrieb – Praxisseminar",
        "Online-Seminar: E-Rechnung verstehen",
        "Social Media für Azubi-Marketing",
    ], "without follow, items without a date are dropped; max_pages stops before page 2"
    stats = result.stats["hwk-nur-liste"]
    assert stats.ok and stats.pages == 1 and stats.page_limit_reached


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
