"""The published site read the way the aggregator reads organisers' sites: the project's own
``jsonld`` kind, crawled by real Scrapy from ``public/`` on 127.0.0.1, follows the archive's links
to every event page and reads back the same events (start, end, place, status) through the real
normaliser. (Each page's content with lxml, extruct and icalendar: tests/unit/test_event_pages.py.)"""

from __future__ import annotations

from datetime import date

import pytest

from aggregator import store
from aggregator.crawl.process import crawl
from aggregator.ingest import ingest, read_raw
from aggregator.ops.demo import FAST_LOCAL
from aggregator.ops.demoserver import SiteServer
from feeds.publish import PublishOptions, publish
from tests.integration.crawling import sources_for
from tests.support import feeds_db

TODAY = date(2026, 11, 27)
SOURCE = """
[[source]]
name = "aggregator-itself"
url = "{base}/archiv/2027.html"
kind = "jsonld"
[source.selectors]
follow = "li.event h3 a::attr(href)"
"""
COMPARED = ("start", "last_day", "all_day", "street", "postcode", "city", "status", "attendance")


@pytest.fixture(scope="module")
def read_back(tmp_path_factory):
    """The 2027 archive's events as the jsonld kind reads them from the published pages."""
    root = tmp_path_factory.mktemp("readback")
    public = root / "public"
    public.mkdir()
    with SiteServer(public) as server:
        db = feeds_db.build(root / "events.db")
        publish(db, public, TODAY, PublishOptions(base_url=server.base_url + "/"))
        settings = {**FAST_LOCAL, "HTTPCACHE_ENABLED": False}
        result = crawl(sources_for(server, SOURCE), root / "raw", settings=settings)
        requests = list(server.requests)
    raws, _ = read_raw([result.run_dir])
    again = store.open_db(root / "again.db")
    ingest(again, raws, reference=TODAY)
    return db, again, result, requests


def test_the_jsonld_kind_reads_back_every_event_of_the_year(read_back) -> None:
    original, again, result, requests = read_back
    stats = result.stats["aggregator-itself"]
    assert stats.ok and stats.http_errors == 0
    expected = {
        row["title"]: row
        for row in original.query(
            "select * from events where digital = 1 and substr(start, 1, 4) = '2027'"
        )
    }
    found = {row["title"]: row for row in again.query("select * from events")}
    assert sorted(found) == sorted(expected)
    assert stats.pages == 1 + len(expected), "the archive page and each event's page"
    for title, row in expected.items():
        got = found[title]
        assert {k: got[k] for k in COMPARED} == {k: row[k] for k in COMPARED}, title
        assert got["organizer"] == row["organizer"], title
        if row["end"]:  # a one-day event without an end is read back as ending on its day
            assert got["end"] == row["end"], title
    pages = sorted(r for r in requests if r.startswith("/e/"))
    assert pages == sorted(f"/e/{row['id']}.html" for row in expected.values()), "each page once"
