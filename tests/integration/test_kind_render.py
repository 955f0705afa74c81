"""render = true: a listing built by JavaScript is read after headless Chromium (Debian's package,
through scrapy-playwright) has run the page's scripts. ``make test`` installs Debian's chromium
where it is missing (or stops and says how); without it these tests fail, never skip."""

from __future__ import annotations

import pytest

from tests.integration.crawling import by_title, crawl_recorded, sources_for
from tests.support import SITES

SOURCES = """
[[source]]
name = "suedsachsen"
url = "{base}/render/"
kind = "html"
render = true
[source.selectors]
item = "article.ergebnis"
title = "h3 a::text"
when = "p.termin::text"
place = "p.ort::text"
link = "h3 a::attr(href)"

[[source]]
name = "suedsachsen-ohne-browser"
url = "{base}/render/"
kind = "html"
[source.selectors]
item = "article.ergebnis"
title = "h3 a::text"
when = "p.termin::text"
"""


@pytest.fixture(scope="module")
def crawled(tmp_path_factory):
    return crawl_recorded(tmp_path_factory, SOURCES)


def test_the_javascript_built_list_is_read(crawled):
    result, requests = crawled
    stats = result.stats["suedsachsen"]
    assert stats.ok, f"rendering failed: {stats.failure}"
    events = by_title(result, "suedsachsen")
    assert sorted(events) == [
        "Cybersicherheit kompakt für KMU",
        "Onlinehandel rechtssicher gestalten",
        "Sprechtag Digitalisierung und Fördermittel",
    ]
    sprechtag = events["Sprechtag Digitalisierung und Fördermittel"]
    assert sprechtag["when"] == "09.02.2027, 09:00 - 15:00 Uhr"
    assert (
        sprechtag["place_text"] == "IHK-Region Südsachsen, Straße der Nationen 25, 09111 Chemnitz"
    )
    assert sprechtag["event_url"].endswith("/render/termin-6041401.html")
    assert "/render/suche.json?actionId=SEARCH" in requests, "the browser ran the page's script"


def test_without_the_browser_the_same_page_has_no_events(crawled):
    stats = crawled[0].stats["suedsachsen-ohne-browser"]
    assert stats.ok and stats.events == 0


def test_without_chromium_only_the_rendering_source_fails(
    crawl_sources, site_server, monkeypatch, tmp_path
):
    monkeypatch.setenv("PATH", str(tmp_path))  # no chromium on the PATH either
    sources = sources_for(site_server(SITES), SOURCES)
    result = crawl_sources(sources, AGGREGATOR_CHROMIUM=str(tmp_path / "chromium"))
    stats = result.stats["suedsachsen"]
    assert not stats.ok and "apt-get install chromium" in stats.failure
    assert result.stats["suedsachsen-ohne-browser"].ok
