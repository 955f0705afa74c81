"""The real corpus crawled end to end: every labelled announcement served on 127.0.0.1 as an
organiser's news feed (kind ``rss``, ``pubDate`` = the page's publication date) and as a news
listing page (kind ``html`` with selectors), crawled by real Scrapy, ingested into a database
(normalise, dedupe, store) and the stored events judged against the labels.

Each kind gets its own database, so that each shows what a source of that kind makes of the
pages; items labelled as the same event (``same_as``) meet there and are merged, and each item is
judged by the event its sighting ended up in. The exact misses are pinned as in the unit test
(tests/unit/test_real_corpus.py); the two differ where the crawl's route differs (the html spider
flattens line breaks in ``when``) or where merging changed an event.
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

KNOWN_MISSES: dict[str, dict[str, list[str]]] = {
    "corpus-feed": {
        "event": [
            "36c3-lvz",
            "36c3-mdr-heute",
            "bad-kissingen-internetseminar-abgesagt",
            "bbuzz26-barcamp-xcal",
            "dresden-cybersax-2025-09-25-lyrik",
            "dresden-cybersax-2025-09-25-online-workshop",
            "dresden-cybersax-2025-09-25-tusculum",
            "dresden-ki-kongress-2023-tag24",
            "dresden-libertaere-tage-2019-ddr-vortrag",
            "dresden-lndw-2017-vortrag-kunstgeschichte",
            "graz-european-monday-ki-report",
            "leipzig-digitaltag-2025-spaziergang",
            "sccon-2020-virtual-report",
        ],
        "dates": [
            "34c3-mdr",
            "35c3-vice",
            "36c3-computerbase-morgen",
            "36c3-lvz",
            "36c3-mdr-heute",
            "37c3-hamburg-lvz",
            "bad-kissingen-internetseminar-abgesagt",
            "bbuzz26-barcamp-xcal",
            "berlin-gitex-europe-2025",
            "ch-digitaltag-2018-moneycab",
            "ch-digitaltage-2022-winterthur",
            "ch-digitaltage-2022-zuerich-rathausbruecke",
            "chemnitz-bibliothekslabor-gaming-making-2025",
            "chemnitz-ki-kongress-2024",
            "chemnitz-stabi-kellermagazin-fuehrung",
            "command-control-2020-abgesagt",
            "datenspuren-2019-dnn",
            "digital-x-west-2020-verschoben",
            "dresden-cybersax-2025-09-25-lyrik",
            "dresden-cybersax-2025-09-25-online-workshop",
            "dresden-cybersax-2025-09-25-tusculum",
            "dresden-digital-und-nachhaltig-2021-cloud",
            "dresden-digital-und-nachhaltig-2021-festival",
            "dresden-ki-kongress-2023-tag24",
            "dresden-libertaere-tage-2019-ddr-vortrag",
            "dresden-lndw-2013-onlinedresden",
            "dresden-lndw-2017-sachsenfernsehen",
            "dresden-lndw-2017-vortrag-kunstgeschichte",
            "dresden-mit-wirtschaftsforum-22",
            "goerlitz-werkstadtcamp-anzeiger",
            "goerlitz-werkstadtcamp-sz",
            "goerlitz-werkstadtcamp-wochenkurier",
            "gpn11-kanews",
            "gpn18-kanews",
            "gpn19-rheinpfalz",
            "herne-vhs-code-der-macht",
            "hoyerswerda-zcom-zuse-110",
            "ingolstadt-ki-filmabend-2021",
            "ingolstadt-ki-wissenschaftswoche-2021",
            "leipzig-digitaltag-2025-spaziergang",
            "leipzig-ecpmf-power-of-the-crowd-2016",
            "leipzig-flea-market-2015-en",
            "leipzig-forum-sachsen-digital-2019",
            "liege-terra-mosana-online-workshop-en",
            "linz-ars-electronica-2023-krone",
            "linz-ars-electronica-2023-kurier",
            "lpd-2015-berlin-silicon",
            "lpd-ch-2016-itmagazine",
            "republica-2019-audrey-tang-en",
            "saarcamp-8-medium",
            "slpb-stammtisch-freiberg-abgesagt",
            "slpb-zukunftsreihe-kulturpalast-abgesagt",
            "st-veit-ki-symposium-2024-kleine",
            "twenty2x-2020-verschoben",
            "wien-digital-days-2020-computerwelt",
            "wien-feminist-linux-meetup-2026-02-en",
        ],
        "city": [
            "ch-digitaltage-2022-winterthur",
            "clt2009-opener-party",
            "dis-2020-estoril",
            "dresden-lndw-2016-kommender-freitag",
            "dresden-mit-wirtschaftsforum-22",
            "leipzig-digitaltag-2020-digitalcampus",
            "linz-ars-electronica-2025-opening",
            "mdz-leipzig-halle-kickoff-2022",
            "saarcamp-2012-gruende",
            "wien-feminist-linux-meetup-2026-01-en",
            "wien-feminist-linux-meetup-2026-02-en",
        ],
        "attendance": [
            "ingolstadt-ki-wissenschaftswoche-2021",
            "leipzig-digitaltag-2020-digitalcampus",
        ],
        "digital": [
            "berlin-tedxkreuzberg-2010-save-the-date-en",
            "clt2009-opener-party",
            "dresden-lndw-2016-kommender-freitag",
            "dresden-stadtforum-eroeffnung-2025",
            "zukunftskongress-2020-verschoben-2021",
        ],
        "title": [
            "34c3-lvz-ankuendigung",
            "34c3-mdr",
            "35c3-lvz",
            "35c3-vice",
            "36c3-computerbase-morgen",
            "37c3-hamburg-lvz",
            "berlin-lichtenberg-politbrunch-2011",
            "berlin-next-hacker-2016-visitberlin",
            "bern-digitaltag-2019-generationenhaus",
            "bern-digitaltage-2022-hauptstadtregion",
            "bonn-cyber-security-tech-summit-2020-verschoben",
            "ch-digitaltag-2017-gruntz-konzert",
            "ch-digitaltag-2017-srf",
            "ch-digitaltage-2022-winterthur",
            "ch-digitaltage-2022-zuerich-rathausbruecke",
            "chemnitz-bibliothekslabor-gaming-making-2025",
            "chemnitz-dib-tisch-2019",
            "chemnitz-digitale-zukunft-sachsen-2017",
            "chemnitz-ki-kongress-2024",
            "chemnitz-stabi-ebook-sprechstunde-2018",
            "chemnitz-stabi-kellermagazin-fuehrung",
            "chemnitz-stabi-lets-play-2018",
            "clt2009-opener-party",
            "clt2010-tu-chemnitz",
            "command-control-2020-abgesagt",
            "datenspuren-2018-cfp",
            "datenspuren-2019-dnn",
            "datenspuren-2019-site",
            "datenspuren-2025-pieschen",
            "digital-saxony-pressegespraech-2021",
            "dresden-brains-on-silicon-2025",
            "dresden-dib-tisch-2019",
            "dresden-digitaltag-2025-stadtforum",
            "dresden-ki-kongress-2023-sz",
            "dresden-lndw-2017-sachsenfernsehen",
            "dresden-lndw-2021-digital",
            "fraunhofer-iao-digitalfestival-2020",
            "goerlitz-hackathon-2022-challenges",
            "goerlitz-jugendhackt-hackday-2025",
            "goerlitz-werkstadtcamp-sz",
            "gpn11-kanews",
            "gpn15-zkm-magazin",
            "gpn18-kanews",
            "gpn19-rheinpfalz",
            "herne-vhs-code-der-macht",
            "hoyerswerda-zcom-zuse-110",
            "leipzig-digitaltag-2020-meinleipzig",
            "leipzig-digitaltag-2025-smartcitylab",
            "leipzig-ecpmf-power-of-the-crowd-2016",
            "leipzig-flea-market-2015-en",
            "leipzig-mdk-2025-mitteldeutschland",
            "leipzig-next-leipzig-brainstorm-2015-en",
            "linz-ars-electronica-2015-postcity",
            "mdz-leipzig-halle-kickoff-2022",
            "merseburger-digitaltage-2024-tag1",
            "ostritz-netzwerkstatt-gruender-2019",
            "republica-2019-audrey-tang-en",
            "saarcamp-2012-gruende",
            "saarcamp-8-medium",
            "saarcamp22-blog",
            "slpb-zukunftsreihe-kulturpalast-abgesagt",
            "st-veit-ki-symposium-2024-kleine",
            "twenty2x-2020-verschoben",
            "wien-digital-days-2020-club",
            "wien-digitalcity-aktionstag-2015",
            "zukunftskongress-2020-verschoben-2021",
        ],
        "status": [],
    },
    "corpus-listing": {
        "event": [
            "36c3-lvz",
            "36c3-mdr-heute",
            "bad-kissingen-internetseminar-abgesagt",
            "bbuzz26-barcamp-xcal",
            "dresden-cybersax-2025-09-25-lyrik",
            "dresden-cybersax-2025-09-25-online-workshop",
            "dresden-cybersax-2025-09-25-tusculum",
            "dresden-ki-kongress-2023-tag24",
            "dresden-libertaere-tage-2019-ddr-vortrag",
            "dresden-lndw-2017-vortrag-kunstgeschichte",
            "graz-european-monday-ki-report",
            "leipzig-digitaltag-2025-spaziergang",
            "sccon-2020-virtual-report",
        ],
        "dates": [
            "34c3-mdr",
            "35c3-vice",
            "36c3-computerbase-morgen",
            "36c3-lvz",
            "36c3-mdr-heute",
            "37c3-hamburg-lvz",
            "bad-kissingen-internetseminar-abgesagt",
            "bbuzz26-barcamp-xcal",
            "berlin-gitex-europe-2025",
            "ch-digitaltag-2018-moneycab",
            "ch-digitaltage-2022-winterthur",
            "ch-digitaltage-2022-zuerich-rathausbruecke",
            "chemnitz-bibliothekslabor-gaming-making-2025",
            "chemnitz-ki-kongress-2024",
            "chemnitz-stabi-kellermagazin-fuehrung",
            "command-control-2020-abgesagt",
            "datenspuren-2019-dnn",
            "digital-x-west-2020-verschoben",
            "dresden-cybersax-2025-09-25-lyrik",
            "dresden-cybersax-2025-09-25-online-workshop",
            "dresden-cybersax-2025-09-25-tusculum",
            "dresden-digital-und-nachhaltig-2021-cloud",
            "dresden-digital-und-nachhaltig-2021-festival",
            "dresden-ki-kongress-2023-tag24",
            "dresden-libertaere-tage-2019-ddr-vortrag",
            "dresden-lndw-2013-onlinedresden",
            "dresden-lndw-2017-sachsenfernsehen",
            "dresden-lndw-2017-vortrag-kunstgeschichte",
            "dresden-mit-wirtschaftsforum-22",
            "goerlitz-werkstadtcamp-anzeiger",
            "goerlitz-werkstadtcamp-sz",
            "goerlitz-werkstadtcamp-wochenkurier",
            "gpn11-kanews",
            "gpn18-kanews",
            "gpn19-rheinpfalz",
            "herne-vhs-code-der-macht",
            "hoyerswerda-zcom-zuse-110",
            "ingolstadt-ki-filmabend-2021",
            "ingolstadt-ki-wissenschaftswoche-2021",
            "leipzig-digitaltag-2025-spaziergang",
            "leipzig-ecpmf-power-of-the-crowd-2016",
            "leipzig-flea-market-2015-en",
            "leipzig-forum-sachsen-digital-2019",
            "liege-terra-mosana-online-workshop-en",
            "linz-ars-electronica-2023-krone",
            "linz-ars-electronica-2023-kurier",
            "lpd-2015-berlin-silicon",
            "lpd-ch-2016-itmagazine",
            "republica-2019-audrey-tang-en",
            "saarcamp-8-medium",
            "slpb-stammtisch-freiberg-abgesagt",
            "slpb-zukunftsreihe-kulturpalast-abgesagt",
            "st-veit-ki-symposium-2024-kleine",
            "twenty2x-2020-verschoben",
            "wien-digital-days-2020-computerwelt",
            "wien-feminist-linux-meetup-2026-02-en",
        ],
        "city": [
            "ch-digitaltage-2022-winterthur",
            "clt2009-opener-party",
            "dis-2020-estoril",
            "dresden-lndw-2016-kommender-freitag",
            "dresden-mit-wirtschaftsforum-22",
            "leipzig-digitaltag-2020-digitalcampus",
            "linz-ars-electronica-2025-opening",
            "mdz-leipzig-halle-kickoff-2022",
            "saarcamp-2012-gruende",
            "wien-feminist-linux-meetup-2026-01-en",
            "wien-feminist-linux-meetup-2026-02-en",
        ],
        "attendance": [
            "ingolstadt-ki-wissenschaftswoche-2021",
            "leipzig-digitaltag-2020-digitalcampus",
        ],
        "digital": [
            "berlin-tedxkreuzberg-2010-save-the-date-en",
            "clt2009-opener-party",
            "dresden-lndw-2016-kommender-freitag",
            "dresden-stadtforum-eroeffnung-2025",
            "zukunftskongress-2020-verschoben-2021",
        ],
        "title": [
            "34c3-lvz-ankuendigung",
            "34c3-mdr",
            "35c3-lvz",
            "35c3-vice",
            "36c3-computerbase-morgen",
            "37c3-hamburg-lvz",
            "berlin-lichtenberg-politbrunch-2011",
            "berlin-next-hacker-2016-visitberlin",
            "bern-digitaltag-2019-generationenhaus",
            "bern-digitaltage-2022-hauptstadtregion",
            "bonn-cyber-security-tech-summit-2020-verschoben",
            "ch-digitaltag-2017-gruntz-konzert",
            "ch-digitaltag-2017-srf",
            "ch-digitaltage-2022-winterthur",
            "ch-digitaltage-2022-zuerich-rathausbruecke",
            "chemnitz-bibliothekslabor-gaming-making-2025",
            "chemnitz-dib-tisch-2019",
            "chemnitz-digitale-zukunft-sachsen-2017",
            "chemnitz-ki-kongress-2024",
            "chemnitz-stabi-ebook-sprechstunde-2018",
            "chemnitz-stabi-kellermagazin-fuehrung",
            "chemnitz-stabi-lets-play-2018",
            "clt2009-opener-party",
            "clt2010-tu-chemnitz",
            "command-control-2020-abgesagt",
            "datenspuren-2018-cfp",
            "datenspuren-2019-dnn",
            "datenspuren-2019-site",
            "datenspuren-2025-pieschen",
            "digital-saxony-pressegespraech-2021",
            "dresden-brains-on-silicon-2025",
            "dresden-dib-tisch-2019",
            "dresden-digitaltag-2025-stadtforum",
            "dresden-ki-kongress-2023-sz",
            "dresden-lndw-2017-sachsenfernsehen",
            "dresden-lndw-2021-digital",
            "fraunhofer-iao-digitalfestival-2020",
            "goerlitz-hackathon-2022-challenges",
            "goerlitz-jugendhackt-hackday-2025",
            "goerlitz-werkstadtcamp-sz",
            "gpn11-kanews",
            "gpn15-zkm-magazin",
            "gpn18-kanews",
            "gpn19-rheinpfalz",
            "herne-vhs-code-der-macht",
            "hoyerswerda-zcom-zuse-110",
            "leipzig-digitaltag-2020-meinleipzig",
            "leipzig-digitaltag-2025-smartcitylab",
            "leipzig-ecpmf-power-of-the-crowd-2016",
            "leipzig-flea-market-2015-en",
            "leipzig-mdk-2025-mitteldeutschland",
            "leipzig-next-leipzig-brainstorm-2015-en",
            "linz-ars-electronica-2015-postcity",
            "mdz-leipzig-halle-kickoff-2022",
            "merseburger-digitaltage-2024-tag1",
            "ostritz-netzwerkstatt-gruender-2019",
            "republica-2019-audrey-tang-en",
            "saarcamp-2012-gruende",
            "saarcamp-8-medium",
            "saarcamp22-blog",
            "slpb-zukunftsreihe-kulturpalast-abgesagt",
            "st-veit-ki-symposium-2024-kleine",
            "twenty2x-2020-verschoben",
            "wien-digital-days-2020-club",
            "wien-digitalcity-aktionstag-2015",
            "zukunftskongress-2020-verschoben-2021",
        ],
        "status": [],
    },
}


def _lines(text: str) -> str:
    return "<br>\n".join(html.escape(line) for line in text.split("\n"))


def _pub_date(published: str) -> str:
    return format_datetime(datetime.fromisoformat(published).replace(hour=9, tzinfo=UTC))


def feed(items: list[Announcement]) -> str:
    """RSS 2.0 as WordPress writes it: the text as HTML with line breaks, pubDate when known."""
    entries = []
    for item in items:
        pub = f"<pubDate>{_pub_date(item.published)}</pubDate>" if item.published else ""
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
    """A news listing page ("Aktuelles"): per item a heading with its link, the publication
    date in a ``time`` element when the page shows one, and the teaser with its line breaks."""
    articles = []
    for item in items:
        time = (
            f'<time datetime="{item.published}">{item.published}</time>' if item.published else ""
        )
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
    known = KNOWN_MISSES.get(source, {}).get(field, [])
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
