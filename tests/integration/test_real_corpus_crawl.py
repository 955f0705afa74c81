"""The real corpus crawled end to end: every labelled announcement served on 127.0.0.1 as an
organiser's news feed (kind ``rss``, ``pubDate`` = the page's publication date) and as a news
listing page (kind ``html`` with selectors), crawled by real Scrapy, ingested into a database
(normalise, dedupe, store) and the stored events judged against the labels.

Each kind gets its own database, so that each shows what a source of that kind makes of the
pages; items labelled as the same event (``same_as``) meet there and are merged, and each item is
judged by the event its sighting ended up in. The exact misses are those of the unit test
(tests/unit/test_real_corpus.py) but for ``KNOWN_DIFFERENCES``: where the crawl's route differs
(the html spider flattens line breaks in ``when``) or merging changed an event.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import format_datetime
from pathlib import Path

import pytest

from aggregator import store
from aggregator.crawl.kinds import source_kinds
from aggregator.crawl.process import crawl
from aggregator.ingest import ingest, read_raw
from aggregator.ops.demo import FAST_LOCAL
from aggregator.ops.demoserver import SiteServer
from aggregator.sources import parse_sources
from tests.support import real_corpus
from tests.support.real_corpus import Announcement, Found, Scores
from tests.unit.test_real_corpus import KNOWN_MISSES

SOURCES = """
[[source]]
name = "corpus-feed"
url = "{base}/feed.xml"
kind = "rss"

[[source]]
name = "corpus-listing"
url = "{base}/aktuelles.html"
kind = "html"
[source.selectors]
item = "article.news"
title = "h2 a::text"
link = "h2 a::attr(href)"
when = "div.teaser"
description = "div.teaser"
published = "time::attr(datetime)"
"""

KNOWN_DIFFERENCES: dict[str, dict[str, list[str]]] = {}
"""Per source and field, the items whose verdict differs from the in-process normalisation
(``KNOWN_MISSES`` of tests/unit/test_real_corpus.py): none today, both kinds miss exactly what
normalisation misses."""


def _lines(text: str) -> str:
    return "<br>\n".join(html.escape(line) for line in text.split("\n"))


def _pub_date(published: str) -> str:
    return format_datetime(datetime.fromisoformat(published).replace(hour=9, tzinfo=UTC))


def feed(items: list[Announcement]) -> str:
    """RSS 2.0 as WordPress writes it: the text as HTML with line breaks, the pubDate."""
    entries = []
    for item in items:
        pub = f"<pubDate>{_pub_date(item.seen.isoformat())}</pubDate>"
        entries.append(
            f"<item><title>{html.escape(item.title)}</title><link>{html.escape(item.url)}</link>"
            f'<guid isPermaLink="false">{item.id}</guid>{pub}'
            f"<description><![CDATA[<p>{_lines(item.text)}</p>]]></description></item>"
        )
    return (
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel>'
        "<title>Aktuelles</title><link>https://example.org/</link><description>News</description>"
        + "".join(entries)
        + "</channel></rss>"
    )


def listing(items: list[Announcement]) -> str:
    """A news listing page ("Aktuelles"): per item a heading with its link, the day it was posted
    in a ``time`` element, and the teaser with its line breaks."""
    articles = []
    for item in items:
        time = f'<time datetime="{item.seen}">{item.seen}</time>'
        articles.append(
            f'<article class="news"><h2><a href="{html.escape(item.url)}#{item.id}">'
            f"{html.escape(item.title)}</a></h2>{time}"
            f'<div class="teaser">{_lines(item.text)}</div></article>'
        )
    return (
        '<!doctype html><html lang="de"><head><meta charset="utf-8"><title>Aktuelles</title>'
        "</head><body><main>" + "".join(articles) + "</main></body></html>"
    )


@dataclass(frozen=True)
class Crawled:
    scores: dict[str, Scores]
    """Per source: the items judged by the events stored from its crawl."""
    events: dict[str, dict[str, str]]
    """Per source: item id -> the id of the event its sighting is in."""


@pytest.fixture(scope="module")
def crawled(tmp_path_factory: pytest.TempPathFactory) -> Crawled:
    return crawl_corpus(tmp_path_factory.mktemp("site"), tmp_path_factory.mktemp("crawl"))


def crawl_corpus(site: Path, work: Path) -> Crawled:
    """Serve the corpus from ``site``, crawl it into ``work``, ingest and judge each source."""
    items = real_corpus.load()
    (site / "feed.xml").write_text(feed(items), "utf-8")
    (site / "aktuelles.html").write_text(listing(items), "utf-8")
    with SiteServer(site) as server:
        sources = parse_sources(
            SOURCES.replace("{base}", server.base_url), "corpus sources", source_kinds()
        )
        result = crawl(
            sources,
            work / "raw",
            settings={**FAST_LOCAL, "HTTPCACHE_ENABLED": False},
            log_file=work / "crawl.log",
        )
    scores, events = {}, {}
    for source in ("corpus-feed", "corpus-listing"):
        assert result.stats[source].ok, result.stats[source].failure
        db = store.open_db(work / f"{source}.db")
        raws, _ = read_raw([result.run_dir / f"{source}.jsonl"])
        ingest(db, raws, reference=real_corpus.UNDATED_REFERENCE)
        events[source] = _event_of_item(db, source)
        rows = {row["id"]: row for row in db.query("select * from events")}
        scores[source] = real_corpus.score(
            (item, _found(rows.get(events[source].get(item.id, "")))) for item in items
        )
    return Crawled(scores, events)


def _event_of_item(db, source: str) -> dict[str, str]:
    """Item id -> event id: the feed's guid is the item's id, the listing's link ends in it."""
    return {
        row["key"].rsplit("#", 1)[-1]: row["event_id"]
        for row in db.query(
            "select key, event_id from event_sources where source = ? and removed_at is null",
            [source],
        )
    }


def _found(row: dict | None) -> Found | None:
    return Found.of(row, bool(row["digital"])) if row else None


@pytest.mark.parametrize("source", ["corpus-feed", "corpus-listing"])
@pytest.mark.parametrize("field", real_corpus.FIELDS)
def test_the_misses_are_exactly_the_known_ones(crawled: Crawled, source: str, field: str) -> None:
    missed = crawled.scores[source].misses[field]
    differences = set(KNOWN_DIFFERENCES.get(source, {}).get(field, []))
    known = sorted(set(KNOWN_MISSES[field]) ^ differences)
    assert missed == known, (
        f"{source} {field}: newly wrong {sorted(set(missed) - set(known))}, "
        f"newly right {sorted(set(known) - set(missed))}"
    )


@pytest.mark.parametrize("source", ["corpus-feed", "corpus-listing"])
def test_different_events_stay_apart(crawled: Crawled, source: str) -> None:
    events = crawled.events[source]
    together = [
        (item.id, other)
        for item in real_corpus.load()
        if (other := item.different_from) and item.id in events and other in events
        if events[item.id] == events[other]
    ]
    assert together == []
