"""Kind auto in-process: which kind a page's signals point to, and the prober that follows a site's
events link and samples its event pages. (On the demo sites over HTTP, in a real crawl and on the
command line: tests/integration/test_kind_auto.py.)"""

from __future__ import annotations

import pytest

from aggregator.ops.discover import discover_site, site_name, source_row
from aggregator.sources import parse_sources
from spiders.discovery import Prober, discover, listing_links

PAGE = "https://verein.example/veranstaltungen/"


def _page(head: str = "", body: str = "") -> str:
    return f"<html><head>{head}</head><body>{body}</body></html>"


@pytest.mark.parametrize(
    ("html", "kind", "url"),
    [
        (
            _page(
                '<meta name="tec-api-version" content="v1"><link rel="https://api.w.org/" href="https://verein.example/wp-json/">'
            ),
            "tribe",
            "https://verein.example/wp-json/tribe/events/v1/events?per_page=50",
        ),
        (
            _page(
                '<link rel="https://api.w.org/" href="https://verein.example/index.php?rest_route=/"><link rel="stylesheet" href="/wp-content/plugins/the-events-calendar/x.css">'
            ),
            "tribe",
            "https://verein.example/index.php?rest_route=/tribe/events/v1/events&per_page=50",
        ),
        (
            _page('<link rel="alternate" type="text/calendar" href="/termine.ics">'),
            "ical",
            "https://verein.example/termine.ics",
        ),
        (
            _page(
                body='<a href="webcal://verein.example/kalender/abo.ics">Kalender abonnieren</a>'
            ),
            "ical",
            "https://verein.example/kalender/abo.ics",
        ),
        (
            _page(
                '<link rel="alternate" type="application/rss+xml" title="Beiträge" href="/feed/">'
                '<link rel="alternate" type="application/rss+xml" title="Veranstaltungen" href="/events/feed/">'
            ),
            "rss",
            "https://verein.example/events/feed/",
        ),
    ],
)
def test_signals_on_one_page(html, kind, url):
    found = discover(html, PAGE)
    assert found is not None and (found.kind, found.url) == (kind, url)


def test_per_event_calendar_links_do_not_make_a_feed():
    event = '{"@type": "Event", "name": "Stammtisch", "startDate": "2027-01-01T18:00"}'
    html = _page(
        f'<script type="application/ld+json">{event}</script>',
        '<a href="/termin/1/ical">Termin 1</a><a href="/termin/1.ics">In Kalender speichern</a>'
        '<a href="/termin/2.ics">In Kalender speichern</a>',
    )
    found = discover(html, PAGE)
    assert found is not None and found.kind == "jsonld"


def test_nothing_to_discover():
    assert discover(_page(body="<h1>Veranstaltungen</h1><p>Keine Termine.</p>"), PAGE) is None


def test_the_prober_follows_the_events_link_then_samples_event_pages():
    pages = {
        "https://kammer.example/": _page(
            body='<a href="/presse/">Presse</a><a href="/termine/">Termine &amp; Seminare</a>'
        ),
        "https://kammer.example/termine/": _page(
            body='<a class="termin" href="/termine/a.html">A</a><a class="termin" href="b.html">B</a>'
            '<a href="/termine/?page=2" rel="next">weiter</a>'
        ),
        "https://kammer.example/termine/a.html": _page(
            '<script type="application/ld+json">{"@type": "Event", "name": "A", "startDate": "2027-01-01"}</script>'
        ),
    }
    assert listing_links(pages["https://kammer.example/"], "https://kammer.example/") == [
        "https://kammer.example/termine/"
    ]
    found, looked_at = discover_site("https://kammer.example/", pages.__getitem__)
    assert found is not None
    assert (found.kind, found.url, found.follow) == (
        "jsonld",
        "https://kammer.example/termine/",
        "a.termin::attr(href)",
    )
    assert looked_at == list(pages)
    row = source_row("https://kammer.example/", found, looked_at)
    assert 'kind = "jsonld"' in row and "follow = 'a.termin::attr(href)'" in row
    assert parse_sources(row)[0].selectors.follow == "a.termin::attr(href)"


def test_the_prober_gives_up_after_a_few_pages():
    prober = Prober("https://x.example/", max_probes=3)
    seen = []
    while (url := prober.next_url()) is not None:
        seen.append(url)
        links = "".join(f'<a href="/termine-{len(seen)}-{i}/">Termine</a>' for i in range(3))
        assert prober.feed(url, _page(body=links)) is None
    assert len(seen) == 3


@pytest.mark.parametrize(
    ("html", "url", "name"),
    [
        ("<title>Startseite | Digitalagentur Sachsen</title>", "https://a.example/", "digitalagentur-sachsen"),
        ("<title>Digitales Leipzig e.V. &#8211; Netzwerk</title>", "https://b.example/", "digitales-leipzig-e-v"),
        ('<meta property="og:site_name" content="IHK Chemnitz"><title>Termine</title>',
         "https://www.ihk.de/chemnitz/", "ihk-chemnitz"),
        ("<title>Veranstaltungen</title>", "https://www.ihk.de/chemnitz/termine/", "ihk-de-chemnitz-termine"),
        ("", "http://127.0.0.1:8000/ki-stammtisch/", "127-0-0-1-ki-stammtisch"),
    ],
)  # fmt: skip
def test_a_discovered_row_is_named_after_its_site(html, url, name):
    assert site_name(url, _page(head=html)) == name
