"""``aggregator demo`` end to end: five demo organiser sites -> database and feeds, checked against
the hand-written manifest of the distinct events they announce (tests/demo_manifest.json)."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import urllib.request

import feedparser
import icalendar
import lxml.html
import pytest

from aggregator.normalise.title import event_title
from aggregator.ops.demo import DEMO_TODAY
from feeds import identity, urls
from feeds.publish import DEFAULT_BASE_URL
from tests.integration.processes import drain, free_port, wait_for_line
from tests.support import ROOT, TESTS

MANIFESTED = json.loads((TESTS / "demo_manifest.json").read_text("utf-8"))
MANIFEST = [entry for entry in MANIFESTED if "report" not in entry]
"""The distinct events."""
REPORTS = [entry["report"] for entry in MANIFESTED if "report" in entry]
"""The reports on past events, which are no events."""
UPCOMING = [entry for entry in MANIFEST if entry["start"][:10] >= DEMO_TODAY.isoformat()]
"""The events still to come on the demo's day: what the feeds hold (the past forum is not)."""


def run_demo(out) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(
        [sys.executable, "-m", "aggregator", "demo", "--out", "public", "--db", "events.db"],
        capture_output=True,
        text=True,
        cwd=out,
        # No AGGREGATOR_TODAY: the demo pins its own calendar, for its run only.
        env={k: v for k, v in os.environ.items() if k != "AGGREGATOR_TODAY"},
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    return result


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    out = tmp_path_factory.mktemp("demo")
    result = run_demo(out)
    db = sqlite3.connect(out / "events.db")
    db.row_factory = sqlite3.Row
    return out, result.stdout, db


def test_every_source_ok(demo):
    _, stdout, _ = demo
    lines = {line.split()[0]: line.split()[1:] for line in stdout.splitlines()[1:6]}
    assert lines == {
        "digitales-leipzig": ["ok", "pages=3", "events=13", "errors=0", "dropped=0"],
        "wirtschaftskammer-chemnitz": ["ok", "pages=2", "events=12", "errors=0", "dropped=0"],
        "digitalagentur": ["ok", "pages=14", "events=12", "errors=0", "dropped=0"],
        "ki-stammtisch-dresden": ["ok", "pages=2", "events=12", "errors=0", "dropped=0"],
        "smart-hub-news": [
            "ok",
            "pages=1",
            "events=4",
            "errors=0",
            "dropped=1",
            "(no",
            "date:",
            "1)",
            "reports=1",
        ],
    }
    assert (
        "events: 45 new, 0 updated, 0 unchanged, 0 removed, 1 dropped; "
        "reports: 1 (1 new, 1 linked to their event)"
    ) in stdout
    assert "failed" not in stdout
    assert "browse the database" in stdout
    assert "e/, archiv/, nachberichte.atom)" in stdout, "the closing lines name every output"


def _sources_of(db, event_id):
    return {
        r["source"]
        for r in db.execute("select source from event_sources where event_id = ?", [event_id])
    }


def _row_of(db, rows, expected) -> dict:
    """The one stored event of a manifest entry: its start and the sites that announce it."""
    matches = [r for r in rows if r["start"] == expected["start"]]
    sites = {s["site"] for s in expected["sightings"]}
    matches = [r for r in matches if _sources_of(db, r["id"]) == sites]
    assert len(matches) == 1, (
        expected["id"],
        [(r["title"], r["start"]) for r in rows if r["start"][:10] == expected["start"][:10]],
    )
    return matches[0]


def test_distinct_events_match_manifest(demo):
    _, _, db = demo
    rows = [dict(r) for r in db.execute("select * from events where removed_at is null")]
    assert len(rows) == len(MANIFEST)
    for expected in MANIFEST:
        event = _row_of(db, rows, expected)
        titles = {event_title(s["title"]) for s in expected["sightings"]}
        assert event["title"] in titles, expected["id"]
        assert bool(event["all_day"]) == expected["all_day"], expected["id"]
        if expected["end"] is not None:
            assert event["end"] == expected["end"], expected["id"]
        assert event["city"] == expected["city"], expected["id"]
        assert event["attendance"] == expected["attendance"], expected["id"]
        assert event["status"] == expected["status"], expected["id"]
        assert bool(event["digital"]) == expected["digital"], expected["id"]
        for field in ("hashtags", "social_links", "app_links"):
            assert json.loads(event[field]) == expected.get(field, []), (expected["id"], field)


def test_feeds_hold_the_digital_events(demo):
    out, _, _ = demo
    digital = [e for e in UPCOMING if e["digital"]]
    assert len(digital) == sum(e["digital"] for e in MANIFEST) - 1, "all but the past forum"
    atom = feedparser.parse((out / "public" / "events.atom").read_bytes())
    assert not atom.bozo
    assert len(atom.entries) == len(digital)
    cancelled = [e for e in atom.entries if e.title.startswith("ABGESAGT: ")]
    assert len(cancelled) == sum(1 for e in digital if e["status"] == "cancelled")
    calendar = icalendar.Calendar.from_ical((out / "public" / "events.ics").read_bytes())
    assert len(calendar.walk("VEVENT")) == len(digital)
    offtopic = [e for e in MANIFEST if not e["digital"]]
    titles = " ".join(e.title for e in atom.entries)
    for event in offtopic:
        assert event["sightings"][0]["title"] not in titles


def test_demo_uses_every_source_kind(demo):
    out, _, _ = demo
    from aggregator.ops.demo import demo_sources

    kinds = {source.kind for source in demo_sources("http://127.0.0.1:1")}
    assert kinds == {"tribe", "html", "jsonld", "rss", "auto"}
    (stats,) = (out / "data" / "demo" / "raw").glob("*/ki-stammtisch-dresden.stats.json")
    assert json.loads(stats.read_text("utf-8"))["discovered_kind"] == "ical"


def test_a_second_demo_run_finds_nothing_new_or_updated(demo):
    """The sites keep their addresses whatever port the demo's server gets this time."""
    out, _, _ = demo
    again = run_demo(out)
    assert (
        "events: 0 new, 0 updated, 45 unchanged, 0 removed, 1 dropped; "
        "reports: 1 (0 new, 1 linked to their event)"
    ) in again.stdout


def _typed(stdout: str) -> dict[str, str]:
    """The commands the demo's closing lines say to type, by the program they start."""
    commands = [line.strip().removeprefix("$ ") for line in stdout.splitlines() if "  $ " in line]
    return {
        ("serve" if " serve " in c else "make" if c.startswith("make ") else "page"): c
        for c in commands
    }


def _started(command: str, cwd, ready: str) -> subprocess.Popen:
    """A typed command run by a shell in its own process group (ended with it)."""
    proc = subprocess.Popen(
        ["bash", "-c", command], cwd=cwd, stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT, text=True, start_new_session=True,
        env={k: v for k, v in os.environ.items() if k != "AGGREGATOR_TODAY"},
    )  # fmt: skip
    wait_for_line(proc.stdout, lambda line: ready in line, f"{command!r} listened")
    drain(proc.stdout)
    return proc


def test_the_closing_hints_work_as_typed(demo):
    """Each printed command, run by a shell in the demo's folder (only the port changed, in case
    8000 or 8001 is taken): the page is served, and Datasette on the demo's day shows January's
    events in Saxony as "this month"."""
    out, stdout, _ = demo
    typed = _typed(stdout)
    assert set(typed) == {"page", "serve"}, stdout
    assert typed["serve"].startswith("AGGREGATOR_TODAY=2027-01-11 ")
    page_port, serve_port = free_port(), free_port()
    page = _started(typed["page"].replace(" 8000", f" {page_port}"), out, "Serving HTTP")
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{page_port}/index.html", timeout=30) as r:
            assert b"Digitalisierungs-Veranstaltungen" in r.read()
    finally:
        os.killpg(page.pid, signal.SIGTERM)
        page.wait(30)
    serve = _started(f"{typed['serve']} --port {serve_port}", out, "Uvicorn running")
    try:
        url = f"http://127.0.0.1:{serve_port}/events/upcoming_sachsen_this_month.json?_shape=array"
        with urllib.request.urlopen(url, timeout=30) as response:
            rows = json.loads(response.read())
    finally:
        os.killpg(serve.pid, signal.SIGTERM)
        serve.wait(30)
    assert [r["title"] for r in rows] == [
        "Startup-Abend Chemnitz: Gründen in der Digitalwirtschaft",
        "E-Commerce-Stammtisch Leipzig: Marktplätze & Retouren",
    ]


def test_the_crowded_week_the_conversation_and_the_widget_in_the_demo(demo):
    """What the issue's story needs, on the demo's sites: the crowded week in Dresden, smartKMU's
    hashtags and links, the same-day line, and the widget's files."""
    out, _, db = demo
    clashes = subprocess.run(
        [sys.executable, "-m", "aggregator", "clashes", "--db", "events.db", "--date",
         "2027-03-23", "--city", "Dresden", "--topic", "ki"],
        capture_output=True, text=True, cwd=out, timeout=60,
    )  # fmt: skip
    assert clashes.returncode == 0, clashes.stderr
    assert clashes.stdout.splitlines()[0] == (
        "3 Veranstaltungen zum Thema Künstliche Intelligenz in Dresden in dieser Woche "
        "(Sa 20.03.2027 – Fr 26.03.2027), dazu 1 zu anderen Themen"
    )
    weeks = json.loads((out / "public" / "wochen.json").read_text("utf-8"))
    dresden = next(c for c in weeks["cities"] if c["city"] == "Dresden")
    week = [w["week"] for w in weeks["weeks"]].index("2027-W12")
    assert dresden["counts"][week] == 4 and weeks["cities"][0]["city"] == "Dresden"
    smartkmu = db.execute("select id from events where title like 'smartKMU%'").fetchone()[0]
    page = (out / "public" / "e" / f"{smartkmu}.html").read_text("utf-8")
    # Addresses the page links, read as text: nothing fetches them (the demo crawls only its own
    # sites, through its local server as proxy, and the page builds links without asking).
    assert 'href="https://mastodon.social/tags/smartKMU"' in page
    assert 'href="https://bsky.app/hashtag/smartKMU"' in page
    assert 'href="https://app.swapcard.com/event/smartkmu-2027"' in page
    forum = db.execute("select id from events where title like 'Forum Sachsen Digital%'").fetchone()
    same_day = (out / "public" / "e" / f"{forum[0]}.html").read_text("utf-8")
    assert "Am selben Tag in Dresden:</strong> <a href=" in same_day
    atom = feedparser.parse((out / "public" / "events.atom").read_bytes())
    entry = next(e for e in atom.entries if e.title.startswith("smartKMU 2027"))
    assert {"#smartKMU", "#KI2027"} <= {t.term for t in entry.tags}
    assert (out / "public" / "widget.js").is_file() and (out / "public" / "embed.html").is_file()


def test_the_follow_up_report_in_the_demo(demo):
    """The news site's Rückblick on the Herbstforum of November 2026, which the agency's site
    keeps among its past events: kept as a report with the slides it offers (not as a second
    event on the forum's day), linked to the forum, listed on the forum's page with what it
    is, marked in the archive of 2026, and in nachberichte.atom with the forum's page beside
    it. The canned queries (their SQL run as Datasette runs it) list it with its event and
    leave no report unmatched."""
    out, _, db = demo
    (expected,) = REPORTS
    (forum,) = [entry for entry in MANIFEST if entry["id"] == expected["event"]]
    rows = [dict(r) for r in db.execute("select * from events where removed_at is null")]
    event_id = _row_of(db, rows, forum)["id"]
    row = dict(db.execute("select * from reports where url = ?", [expected["url"]]).fetchone())
    assert row["source"] == expected["site"]
    assert (row["title"], row["kind"], json.loads(row["kinds"])) == (
        expected["title"], expected["kind"], expected["kinds"],
    )  # fmt: skip
    assert (row["published"], row["event_start"], row["city"], row["event_id"]) == (
        expected["published"], expected["event_start"], expected["city"], event_id,
    )  # fmt: skip
    assert db.execute("select count(*) from reports").fetchone()[0] == len(REPORTS)
    on_its_day = "select id from events where substr(start, 1, 10) = ?"
    assert [r[0] for r in db.execute(on_its_day, [expected["event_start"]])] == [event_id]

    public = out / "public"
    page = lxml.html.fromstring((public / "e" / f"{event_id}.html").read_bytes())
    (item,) = page.cssselect("section#nachberichte ul.reports li")
    assert " ".join(item.text_content().split()) == (
        f"Nachbericht mit Folien: {expected['title']} (Smart Hub Leipzig, Fr 27.11.2026)"
    )
    assert item.cssselect("a")[0].get("href") == expected["url"]
    archive = lxml.html.fromstring((public / "archiv" / "2026.html").read_bytes())
    assert archive.cssselect("p.count")[0].text_content() == "1 Veranstaltung"
    (mark,) = archive.cssselect("li.event p.follow-up a")
    assert mark.get("href") == f"../e/{event_id}.html#nachberichte"
    assert mark.text_content() == "Danach erschienen: Nachbericht, Folien"
    assert not lxml.html.fromstring((public / "archiv" / "2027.html").read_bytes()).cssselect(
        "p.follow-up"
    )
    feed = feedparser.parse((public / "nachberichte.atom").read_bytes())
    assert not feed.bozo
    assert [(e.id, e.link, e.title) for e in feed.entries] == [
        (identity.report_entry_id(expected["url"]), expected["url"], expected["title"])
    ]
    related = [link.href for link in feed.entries[0].links if link.rel == "related"]
    assert related == [urls.absolute(DEFAULT_BASE_URL, urls.event_path(event_id))]

    metadata = json.loads((ROOT / "aggregator" / "datasette" / "metadata.json").read_text("utf-8"))
    queries = metadata["databases"]["*"]["queries"]
    assert list(db.execute(queries["unmatched_reports"]["sql"])) == []
    linked = db.execute(queries["past_events_with_reports"]["sql"]).fetchall()
    assert [(r["event_id"], r["url"]) for r in linked] == [(event_id, expected["url"])]
