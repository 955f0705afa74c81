"""Crawling like a good citizen: robots.txt, an honest User-Agent, retries that back off, a site's
concurrency shared by its sources, page limits, and re-crawls answered by 304s; and a wrong guess
in sources.toml costs only that source."""

from __future__ import annotations

import json
import re
import sqlite3
import threading

from aggregator.ops.pipeline import run
from aggregator.sources import parse_sources
from feeds.publish import PublishOptions
from tests.integration.crawling import raw_items
from tests.integration.scripted_server import Reply, ScriptedServer

ICS = (
    "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Test//DE\r\nBEGIN:VEVENT\r\nUID:stammtisch-1\r\n"
    "DTSTART;TZID=Europe/Berlin:20270204T190000\r\nSUMMARY:Digitalstammtisch Meißen\r\n"
    "END:VEVENT\r\nEND:VCALENDAR\r\n"
)


def _event_page(title: str, day: int) -> str:
    data = {"@type": "Event", "name": title, "startDate": f"2027-03-{day:02d}T18:00:00+01:00"}
    return (
        f'<html><head><script type="application/ld+json">{json.dumps(data)}</script></head></html>'
    )


def _listing(links: list[str]) -> str:
    return (
        "<html><body>"
        + "".join(f'<a class="termin" href="{h}">{h}</a>' for h in links)
        + "</body></html>"
    )


def test_robots_user_agent_and_retries_with_back_off(crawl_sources, tmp_path):
    routes = {
        "/robots.txt": [Reply(200, "User-agent: *\nDisallow: /intern/\n", "text/plain")],
        "/kalender.ics": [
            Reply(503, "Wartungsarbeiten", headers={"Retry-After": "0"}),
            Reply(502, "Bad Gateway"),
            Reply(200, ICS, "text/calendar; charset=utf-8"),
        ],
        "/termine/": [Reply(body=_listing(["/termine/1.html", "/intern/geheim.html"]))],
        "/termine/1.html": [Reply(body=_event_page("KI-Sprechstunde Meißen", 10))],
        "/intern/geheim.html": [Reply(body=_event_page("Interne Klausur", 11))],
    }
    with ScriptedServer(routes) as server:
        base = server.base_url
        sources = parse_sources(
            f'[[source]]\nname = "kalender"\nurl = "{base}/kalender.ics"\nkind = "ical"\n'
            f'[[source]]\nname = "termine"\nurl = "{base}/termine/"\nkind = "jsonld"\n'
            '[source.selectors]\nfollow = "a.termin::attr(href)"\n'
        )
        result = crawl_sources(
            sources,
            RETRY_BACKOFF_BASE=0.05,
            AGGREGATOR_CONTACT_URL="https://termine.example.org/kontakt",
        )
    agents = {seen.headers.get("User-Agent") for seen in server.seen}
    assert len(agents) == 1 and "+https://termine.example.org/kontakt" in agents.pop()
    assert "/intern/geheim.html" not in server.paths(), "robots.txt is obeyed"
    assert server.paths().count("/kalender.ics") == 3, "two retries after 503 and 502"
    log = (tmp_path / "crawl.log").read_text("utf-8")
    assert re.search(r"'retry/backoff_seconds': 0\.15", log), "0.05 s, then 0.1 s (the waits: unit)"
    kalender = result.stats["kalender"]
    assert kalender.ok and kalender.events == 1
    assert kalender.http_errors == 2, "recovered errors are still reported"
    assert [i["title"] for i in raw_items(result, "termine")] == ["KI-Sprechstunde Meißen"]


def test_sources_on_one_site_share_its_concurrency(crawl_sources):
    """Each detail page is answered only once two requests are in flight together: the two
    sources do overlap, and the site still never sees more than two requests at a time (how the
    share is computed: tests/unit/test_crawl_middlewares.py)."""
    pair = threading.Barrier(2)
    routes: dict[str, list[Reply]] = {}
    for group in ("a", "b"):
        links = [f"/{group}/{i}.html" for i in range(4)]
        routes[f"/{group}/"] = [Reply(body=_listing(links))]
        for i, link in enumerate(links):
            routes[link] = [Reply(body=_event_page(f"Termin {group}{i}", i + 1), together=pair)]
    with ScriptedServer(routes) as server:
        rows = "".join(
            f'[[source]]\nname = "{g}"\nurl = "{server.base_url}/{g}/"\nkind = "jsonld"\n'
            '[source.selectors]\nfollow = "a.termin::attr(href)"\n'
            for g in ("a", "b")
        )
        result = crawl_sources(parse_sources(rows), CONCURRENT_REQUESTS_PER_DOMAIN=2)
    assert not pair.broken, "a detail page waited for a partner that never came"
    assert result.stats["a"].events == 4 and result.stats["b"].events == 4
    assert server.max_in_flight == 2, "two sources on one site: two requests at a time"


SOURCES = """
[[source]]
name = "jsonld"
url = "{base}/jsonld/veranstaltungen/"
kind = "jsonld"
[source.selectors]
follow = "a.mehr::attr(href)"
next = "a[rel=next]::attr(href)"

[[source]]
name = "tribe"
url = "{base}/tribe/netzwerk/"
kind = "tribe"

[[source]]
name = "ical"
url = "{base}/ical/verein.ics"
kind = "ical"

[[source]]
name = "rss"
url = "{base}/rss/news.xml"
kind = "rss"

[[source]]
name = "html"
url = "{base}/html/kurse/"
kind = "html"
[source.selectors]
item = "div.news-list-item"
title = "h3 a::text"
when = "span.datum::text"
follow = "h3 a::attr(href)"
next = "a.next::attr(href)"
detail_when = "dl.termindetails dd.datum::text"
"""


def test_a_second_crawl_of_unchanged_pages_is_answered_by_304s(site_server, crawl_sources):
    from tests.integration.crawling import sources_for
    from tests.support import SITES

    sources = sources_for(site_server(SITES), SOURCES)
    first = crawl_sources(sources)
    second = crawl_sources(sources)  # the same HTTP cache
    for name, before in first.stats.items():
        after = second.stats[name]
        assert before.not_modified == 0 and before.cached == 0, name
        assert after.ok and after.events == before.events, name
        assert after.pages == before.pages, name
        # every page came back as 304 (the sites ask to revalidate) or from the cache
        assert after.not_modified + after.cached == after.pages, (name, after)
        assert after.wire_bytes < before.wire_bytes / 10, (
            name,
            before.wire_bytes,
            after.wire_bytes,
        )


WRONG = """
[[source]]
name = "kein-wordpress"
url = "{base}/html/kurse/"
kind = "tribe"
verified = false
notes = "guessed: WordPress with The Events Calendar"

[[source]]
name = "kein-kalender"
url = "{base}/html/kurse/"
kind = "ical"

[[source]]
name = "kein-feed"
url = "{base}/html/kurse/"
kind = "rss"

[[source]]
name = "kein-jsonld"
url = "{base}/ical/verein.ics"
kind = "jsonld"

[[source]]
name = "falsche-selektoren"
url = "{base}/jsonld/veranstaltungen/"
kind = "html"
[source.selectors]
item = "div.event-teaser"
title = "h3::text"
when = ".date::text"

[[source]]
name = "umgezogen"
url = "{base}/gibt-es-nicht/termine/"
kind = "jsonld"

[[source]]
name = "richtig"
url = "{base}/rss/news.xml"
kind = "rss"
"""


def test_a_wrong_guess_costs_only_that_source(site_server, tmp_path):
    from aggregator.ops.demo import FAST_LOCAL
    from tests.integration.crawling import sources_for
    from tests.support import SITES

    server = site_server(SITES)
    summary = run(
        sources_for(server, WRONG),
        tmp_path / "events.db",
        tmp_path / "public",
        raw_root=tmp_path / "raw",
        settings=dict(FAST_LOCAL, HTTPCACHE_DIR=str(tmp_path / "cache"), RETRY_TIMES=0),
        options=PublishOptions(base_url="https://termine.example.org/"),
        log_file=tmp_path / "crawl.log",
    )
    lines = {line.name: line for line in summary.lines}
    assert not lines["kein-wordpress"].ok
    assert "no The Events Calendar API found" in lines["kein-wordpress"].failure
    assert (
        not lines["kein-kalender"].ok and "not an iCalendar feed" in lines["kein-kalender"].failure
    )
    assert not lines["kein-feed"].ok and "not an RSS/Atom feed" in lines["kein-feed"].failure
    assert lines["kein-jsonld"].ok and lines["kein-jsonld"].events == 0
    assert lines["falsche-selektoren"].ok and lines["falsche-selektoren"].events == 0
    assert not lines["umgezogen"].ok and "HTTP 404" in lines["umgezogen"].failure
    assert lines["richtig"].ok and lines["richtig"].events == 1
    assert lines["richtig"].dropped_reasons == {"missing-title": 1}
    assert lines["richtig"].reports == 1, "the Rückblick is kept as a report, not dropped"

    db = sqlite3.connect(tmp_path / "events.db")
    db.row_factory = sqlite3.Row
    health = {row["name"]: dict(row) for row in db.execute("select * from sources")}
    assert health["umgezogen"]["last_status"] == "failed"
    assert health["umgezogen"]["last_http_errors"] == 1
    assert json.loads(health["richtig"]["last_dropped"])["missing-title"] == 1
    assert health["kein-wordpress"]["verified"] == 0
