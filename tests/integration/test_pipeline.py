"""The whole pipeline once, thin but real: recorded pages on 127.0.0.1, real Scrapy, SQLite, feeds."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import feedparser
import icalendar

from aggregator import store
from aggregator.ops.pipeline import ingest_step, publish_step, run
from feeds import fingerprint
from feeds.publish import PublishOptions
from tests.integration.crawling import sources_for
from tests.support import SITES

SOURCES = """
[[source]]
name = "ndws"
url = "{base}/spine/veranstaltungen/"
kind = "jsonld"
organizer = "Netzwerk Digitale Wirtschaft Sachsen"
[source.selectors]
follow = "a.event-link::attr(href)"

[[source]]
name = "cloud-leipzig"
url = "{base}/spine/kalender.ics"
kind = "ical"
topics = ["cloud"]

[[source]]
name = "verschwunden"
url = "{base}/spine/gibt-es-nicht/"
kind = "jsonld"
"""


def _run(server, tmp_path, crawl_settings=None):
    from aggregator.ops.demo import FAST_LOCAL

    settings = dict(FAST_LOCAL, HTTPCACHE_DIR=str(tmp_path / "cache"), **(crawl_settings or {}))
    return run(
        sources_for(server, SOURCES),
        tmp_path / "events.db",
        tmp_path / "public",
        raw_root=tmp_path / "raw",
        settings=settings,
        options=PublishOptions(base_url="https://termine.example.org/"),
        log_file=tmp_path / "crawl.log",
    )


def test_crawl_ingest_publish(site_server, tmp_path):
    server = site_server(SITES)
    summary = _run(server, tmp_path)
    lines = {line.name: line for line in summary.lines}
    assert lines["ndws"].ok and lines["ndws"].events == 2
    assert lines["cloud-leipzig"].ok and lines["cloud-leipzig"].events == 2
    assert not lines["verschwunden"].ok and "404" in lines["verschwunden"].failure
    assert not any("/intern/" in path for path in server.requests), "robots.txt must be obeyed"

    db = sqlite3.connect(tmp_path / "events.db")
    db.row_factory = sqlite3.Row
    events = {row["title"]: dict(row) for row in db.execute("select * from events")}
    ki = events["KI-Sprechstunde für den Mittelstand"]
    assert ki["start"] == "2027-03-17T09:00:00+01:00"
    assert ki["end"] == "2027-03-17T12:30:00+01:00"
    assert (ki["venue"], ki["postcode"], ki["city"]) == ("Haus der Wirtschaft", "01067", "Dresden")
    assert "<strong>" in ki["description"]
    assert "onerror" not in ki["description"] and "javascript:" not in ki["description"]
    assert ki["organizer"] == "Netzwerk Digitale Wirtschaft Sachsen"
    cyber = events["Cybersecurity-Frühstück Chemnitz"]
    assert cyber["status"] == "cancelled"
    datentag = events["Sächsischer Datentag"]
    assert (datentag["start"], datentag["end"], datentag["all_day"]) == (
        "2027-06-15",
        "2027-06-16",
        1,
    )
    meetup = events["Cloud-Meetup Leipzig: Kubernetes im Mittelstand"]
    assert meetup["start"] == "2027-04-08T18:00:00+02:00"
    assert "cloud" in json.loads(meetup["topics"])
    sightings = db.execute("select count(*) from event_sources").fetchone()[0]
    assert sightings == 4
    hits = db.execute(
        "select title from events where rowid in "
        "(select rowid from events_fts where events_fts match 'Intelligenz')"
    ).fetchall()
    assert [h[0] for h in hits] == ["KI-Sprechstunde für den Mittelstand"]

    atom = feedparser.parse((tmp_path / "public" / "events.atom").read_bytes())
    assert not atom.bozo
    titles = [e.title for e in atom.entries]
    assert "KI-Sprechstunde für den Mittelstand · Mi 17.03.2027, 09:00 · Dresden" in titles
    assert any(t.startswith("ABGESAGT: ") and "Cybersecurity" in t for t in titles)
    rss = feedparser.parse((tmp_path / "public" / "events.rss").read_bytes())
    assert not rss.bozo and len(rss.entries) == len(atom.entries)
    calendar = icalendar.Calendar.from_ical((tmp_path / "public" / "events.ics").read_bytes())
    vevents = {str(e["SUMMARY"]): e for e in calendar.walk("VEVENT")}
    assert vevents["ABGESAGT: Cybersecurity-Frühstück Chemnitz"]["STATUS"] == "CANCELLED"
    assert vevents["Sächsischer Datentag"]["DTEND"].dt.isoformat() == "2027-06-17"
    assert calendar.walk("VTIMEZONE"), "every TZID needs its VTIMEZONE"
    page = (tmp_path / "public" / "index.html").read_text("utf-8")
    assert "KI-Sprechstunde für den Mittelstand" in page and "events.ics" in page


def test_second_run_keeps_ids_and_feeds_byte_identical(site_server, tmp_path):
    server = site_server(SITES)
    _run(server, tmp_path)
    db = store.open_db(tmp_path / "events.db")
    first = {r["id"]: r["updated"] for r in db.query("select id, updated from events")}
    feeds_before = published_files(tmp_path / "public")
    summary = _run(server, tmp_path)
    assert summary.report.new == 0 and summary.report.unchanged == len(first)
    second = {r["id"]: r["updated"] for r in db.query("select id, updated from events")}
    assert second == first
    feeds_after = published_files(tmp_path / "public")
    assert feeds_after == feeds_before


def published_files(public: Path) -> dict[Path, bytes]:
    """Every published file but the publisher's own record of what each was made from, which
    names the run that made it."""
    return {
        p: p.read_bytes() for p in public.rglob("*") if p.is_file() and p.name != fingerprint.FILE
    }


def test_failed_source_removes_nothing_and_vanished_events_are_marked(site_server, tmp_path):
    server = site_server(SITES)
    _run(server, tmp_path)
    db = store.open_db(tmp_path / "events.db")
    total = db["events"].count
    # The calendar source goes down: its events stay as they were.
    broken = tmp_path / "raw" / "broken"
    broken.mkdir()
    (broken / "cloud-leipzig.jsonl").write_text("")
    (broken / "cloud-leipzig.stats.json").write_text(
        json.dumps({"source": "cloud-leipzig", "kind": "ical", "ok": False, "failure": "HTTP 503"})
    )
    ingest_step(tmp_path / "events.db", [broken])
    assert db["events"].count == total
    assert db.execute("select count(*) from events where removed_at is not null").fetchone()[0] == 0
    # Now it answers, healthy but empty: its upcoming events are marked removed, not deleted.
    (broken / "cloud-leipzig.stats.json").write_text(
        json.dumps({"source": "cloud-leipzig", "kind": "ical", "ok": True, "pages": 1})
    )
    ingest_step(tmp_path / "events.db", [broken])
    assert db["events"].count == total
    removed = db.execute("select title from events where removed_at is not null").fetchall()
    assert sorted(r[0] for r in removed) == [
        "Cloud-Meetup Leipzig: Kubernetes im Mittelstand",
        "Sächsischer Datentag",
    ]
    publish_step(tmp_path / "events.db", tmp_path / "public", PublishOptions())
    atom = feedparser.parse((tmp_path / "public" / "events.atom").read_bytes())
    assert all("Datentag" not in e.title for e in atom.entries)
