"""Kind auto: discovery of the best kind from any page of an organiser's site, on single pages, over
a few probed pages, in a real crawl of the bundled demo sites, and from the command line."""

from __future__ import annotations

import subprocess
import sys

import pytest

from aggregator.crawl.process import crawl
from aggregator.ops.demo import FAST_LOCAL, demo_root
from aggregator.ops.demoserver import SiteServer
from aggregator.ops.discover import discover_site, source_row
from aggregator.sources import parse_sources
from spiders.discovery import Prober, discover, listing_links
from tests.integration.crawling import raw_items
from tests.support import TODAY

DEMO_KINDS = {
    "digitales-leipzig": "tribe",
    "ki-stammtisch-dresden": "ical",
    "digitalagentur": "jsonld",
    "smart-hub-news": "rss",
    "wirtschaftskammer-chemnitz": None,  # a plain TYPO3 listing: needs kind html and selectors
}
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


@pytest.fixture(scope="module")
def demo_server():
    with SiteServer(demo_root()) as server:
        yield server


@pytest.mark.parametrize(("site", "kind"), DEMO_KINDS.items())
def test_demo_sites_are_discovered_from_their_home_page(demo_server, site, kind):
    found, _ = discover_site(f"{demo_server.base_url}/{site}/")
    assert (found.kind if found else None) == kind


def test_auto_crawls_each_demo_site_as_its_kind(demo_server, tmp_path):
    rows = "".join(
        f'[[source]]\nname = "{site}"\nurl = "{demo_server.base_url}/{site}/"\nkind = "auto"\n'
        for site in DEMO_KINDS
    )
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("AGGREGATOR_TODAY", TODAY)
        result = crawl(
            parse_sources(rows),
            tmp_path / "raw",
            settings=dict(FAST_LOCAL, HTTPCACHE_DIR=str(tmp_path / "cache")),
        )
    for site, kind in DEMO_KINDS.items():
        stats = result.stats[site]
        if kind is None:
            assert not stats.ok and 'kind = "html"' in stats.failure
            continue
        assert stats.ok, (site, stats.failure)
        assert stats.discovered_kind == kind
        items = raw_items(result, site)
        assert items and {item["kind"] for item in items} == {kind}
    assert result.stats["digitales-leipzig"].events == 12, "all three API pages"
    assert result.stats["digitalagentur"].events == 10, "listing pages and event pages"


def test_discover_on_the_command_line(demo_server):
    url = f"{demo_server.base_url}/ki-stammtisch-dresden/"
    out = subprocess.run(
        [sys.executable, "-m", "aggregator", "sources", "--discover", url],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    ).stdout
    (source,) = parse_sources(out)
    assert (source.name, source.kind, source.url) == (
        "127-0-0-1",
        "ical",
        f"{demo_server.base_url}/ki-stammtisch-dresden/kalender.ics",
    )
    assert source.verified is False


def test_discover_on_the_command_line_reports_an_unreachable_site(demo_server):
    url = f"{demo_server.base_url}/gibt-es-nicht/"
    done = subprocess.run(
        [sys.executable, "-m", "aggregator", "sources", "--discover", url],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 1 and "cannot read" in done.stderr and "404" in done.stderr
