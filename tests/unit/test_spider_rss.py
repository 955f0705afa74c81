"""Kind rss in-process: announcements in RSS 2.0, RSS 1.0 with the event module, and Atom, each
recorded feed handed to the spider's parse callback. The event date comes from the entry (its
text, or ev:startdate), never from its publication date. (Crawled by real Scrapy:
tests/integration/test_kind_rss.py.)"""

from __future__ import annotations

from scrapy.http import Request

from spiders.base import SourceSpider
from tests.support.recorded import BASE, file_response, items_of, make_spider, stats

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


def parsed(name: str) -> tuple[SourceSpider, dict]:
    (block,) = [b for b in SOURCES.split("[[source]]") if f'name = "{name}"' in b]
    spider = make_spider("[[source]]" + block)
    request = Request(spider.source.url, meta={"is_start": True})
    response = file_response(spider.source.url.removeprefix(f"{BASE}/"), request=request)
    items = items_of(spider.parse(response))
    assert len({i.title for i in items}) == len(items)
    return spider, {item.title: item for item in items}


def test_the_event_date_comes_from_the_text_never_from_pubdate():
    spider, events = parsed("smart-region")
    fruehstueck = events["Einladung: KI-Frühstück für Handwerksbetriebe"]
    assert fruehstueck.start is None and fruehstueck.end is None and fruehstueck.when is None
    assert "Dienstag, 16.03.2027, 8:30 bis 10:00 Uhr" in fruehstueck.description
    assert fruehstueck.published == "2026-11-24T09:12:40+00:00"
    fields = {k: v for k, v in fruehstueck.to_dict().items() if k not in ("raw", "published")}
    assert "24 Nov 2026" not in str(fields) and "2026-11-24" not in str(fields), (
        "the publication date is passed on as published (the day 'heute' means) and nowhere else"
    )
    assert fruehstueck.raw["published"].startswith("Tue, 24 Nov 2026")
    assert "<strong>Wann:</strong>" in fruehstueck.description, "content:encoded wins"
    assert fruehstueck.categories == ["Veranstaltungen", "KI"]
    assert fruehstueck.key == "https://smart-region-zwickau.example/?p=2231"
    assert sorted(events) == [
        "Einladung: KI-Frühstück für Handwerksbetriebe",
        "Rückblick: Digitaltag 2026 war ein voller Erfolg",
    ]
    assert stats(spider, "dropped") == {"missing-title": 1}


def test_rss_event_module_is_a_structured_date():
    _, events = parsed("hochschule")
    (event,) = events.values()
    assert (event.start, event.end) == ("2027-04-14T09:00:00+02:00", "2027-04-14T16:00:00+02:00")
    assert event.place_text == "Hochschule Mittweida, Technikumplatz 17, 09648 Mittweida"
    assert event.organizer == "Transferstelle der Hochschule Mittweida"


def test_atom():
    _, events = parsed("digitalwerkstatt")
    (event,) = events.values()
    assert event.start is None and event.when is None
    assert "(12. Januar 2027)" in event.title and "14 bis 17 Uhr" in event.description
    assert event.event_url == "https://digitalwerkstatt-freiberg.example/termine/118"
    assert event.categories == ["Cloud", "IT-Sicherheit"]


def test_a_page_that_is_no_feed_fails_the_source():
    spider = make_spider('[[source]]\nname = "x"\nurl = "{base}/html/kurse/"\nkind = "rss"\n')
    request = Request(spider.source.url, meta={"is_start": True})
    assert items_of(spider.parse(file_response("html/kurse/index.html", request=request))) == []
    assert spider.failure == f"not an RSS/Atom feed at {BASE}/html/kurse/"
