"""Hostile sites, broken files and crashes, through real ``aggregator run``s.

One scripted server plays every source twice: first as a healthy site (the baseline the database
starts from), then as the fault. Each source is one case: what it does the second time, and what
the run must make of it: the source ok, partial (why) or failed (why), its events kept, every
other source unaffected, and no request to where the crawl must not go. The raw-file, lock and
configuration cases follow; kills at random points: test_kill_loop.py. (The same pages
in-process: tests/unit/test_hostile_pages.py, test_url_policy.py, test_charset.py,
test_raw_files.py, test_staging.py; memory and time: benchmarks/bench_faults.py.)
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import feedparser
import icalendar
import pytest

from tests.integration.hostile_site import (
    BIDI,
    CALENDAR,
    CASES,
    FAST,
    ICAL,
    LISTING,
    ok,
    page,
    routes,
    sources_toml,
)
from tests.integration.processes import hold_lock, release
from tests.integration.scripted_server import Reply, ScriptedServer
from tests.support import ROOT, TODAY


def aggregator(workdir: Path, *args: str, timeout: float = 600) -> subprocess.CompletedProcess:
    """The command as cron runs it, in ``workdir``, with the tests' calendar (a run's own
    ``--setting`` options come after the fast ones, and win)."""
    options = [f"--setting={k}={v}" for k, v in FAST.items()] if args[0] == "run" else []
    return subprocess.run(
        [sys.executable, "-m", "aggregator", args[0], *options, *args[1:]],
        cwd=workdir,
        capture_output=True,
        text=True,
        timeout=timeout,
        env={**os.environ, "PYTHONPATH": str(ROOT), "AGGREGATOR_TODAY": TODAY},
    )


@dataclass
class Runs:
    workdir: Path
    first: subprocess.CompletedProcess
    second: subprocess.CompletedProcess
    admin_requests: list[str]
    before: dict[tuple[str, str], str | None]
    """(source, key) -> removed_at after the first run."""

    def db(self) -> sqlite3.Connection:
        conn = sqlite3.connect(self.workdir / "events.db")
        conn.row_factory = sqlite3.Row
        return conn

    def results(self) -> dict[str, dict]:
        with self.db() as conn:
            row = conn.execute("select results from runs order by rowid desc limit 1").fetchone()
        return {r["name"]: r for r in json.loads(row["results"])}

    def sightings(self, source: str) -> dict[str, str | None]:
        with self.db() as conn:
            rows = conn.execute(
                "select key, removed_at from event_sources where source = ?", [source]
            )
            return {r["key"]: r["removed_at"] for r in rows}


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Runs]:
    workdir = tmp_path_factory.mktemp("faults")
    held = threading.Event()
    with ScriptedServer({"/admin": [Reply(200, "geheim")]}) as admin:
        with ScriptedServer({}) as server:
            server.routes.update(routes(server.base_url, admin.base_url, held))
            (workdir / "sources.toml").write_text(sources_toml(server.base_url), "utf-8")
            try:
                first = aggregator(workdir, "run")
                assert first.returncode == 0, first.stderr
                with sqlite3.connect(workdir / "events.db") as conn:
                    before = {
                        (r[0], r[1]): r[2]
                        for r in conn.execute("select source, key, removed_at from event_sources")
                    }
                second = aggregator(workdir, "run")
            finally:
                held.set()
            yield Runs(workdir, first, second, admin.paths(), before)


def test_the_first_run_reads_every_source(runs):
    assert runs.first.returncode == 0
    sources = {source for source, _ in runs.before}
    assert sources == {c.name for c in CASES}, "every case starts with events in the database"


def test_the_hostile_run_completes_and_nothing_went_where_it_must_not(runs):
    assert runs.second.returncode == 0, runs.second.stderr
    assert runs.admin_requests == [], "no redirect or meta refresh reached another port"


EXPECTED = {
    # name: (state, a fragment of the failure or partial reasons)
    "gesund": ("ok", ""),
    "sekundentakt": ("partial", "max_occurrences (sekunde: 500 occurrences kept)"),
    "gzip-bombe": ("failed", "DOWNLOAD_MAXSIZE (20 MiB) exceeded while decompressing"),
    "schleife": ("failed", "more than 20 redirects from"),
    "meta-refresh": ("failed", "/admin not followed"),
    "umleitung": ("failed", "/admin: 127.0.0.1 is not a public address"),
    "detailfehler": ("partial", "page-failed (HTTP 500 at"),
    "riesig": ("failed", "response larger than DOWNLOAD_MAXSIZE (20 MiB)"),
    "verschachtelt": ("partial", "max_depth (1 scripts left unread"),
    "zeichensatz": ("ok", ""),
    "bidi": ("ok", ""),
    "leer": ("failed", "empty response (HTTP 200)"),
    "abbruch": ("failed", "Connection to the other side was lost in a non-clean fashion. at"),
    "fehler-500": ("failed", "HTTP 500 at"),
    "ueberlastet-503": ("ok", ""),
    "ueberlastet-429": ("ok", ""),
    "zeitueberschreitung": ("failed", "took longer than 3.0 seconds"),
    "html-statt-json": ("failed", "no The Events Calendar API found"),
    "json-abgeschnitten": ("partial", "unreadable (not a listing page of the API"),
    "ical-daten": ("ok", ""),
}


@pytest.mark.parametrize("name", list(EXPECTED))
def test_each_source_is_ok_partial_or_failed_with_its_reason(runs, name):
    result = runs.results()[name]
    state, reason = EXPECTED[name]
    why = result["failure"] or "; ".join(result["partial"])
    assert (result["state"], reason in why) == (state, True), why
    line = next(line for line in runs.second.stderr.splitlines() if f" {name} " in line)
    assert f" {state} " in line, line
    if state == "partial":
        assert "(partial, nothing removed:" in line


@pytest.mark.parametrize("name", [n for n in EXPECTED if n != "gesund"])
def test_a_source_that_was_not_read_completely_removes_nothing(runs, name):
    before = {key for source, key in runs.before if source == name}
    after = runs.sightings(name)
    assert before and all(after[key] is None for key in before), after


def test_a_healthy_source_still_marks_what_it_no_longer_lists(runs):
    after = runs.sightings("gesund")
    assert after["ds-1"] is None and after["rob-1"] is not None
    with runs.db() as conn:
        (removed,) = conn.execute(
            "select removed_at from events where title = 'Robotik-Abend Plauen'"
        ).fetchone()
    assert removed is not None
    assert "0 unchanged, 1 removed" in runs.second.stderr or ", 1 removed," in runs.second.stderr


def test_retries_honour_retry_after_and_recover(runs):
    results = runs.results()
    for name in ("ueberlastet-503", "ueberlastet-429"):
        assert results[name]["errors"] >= 1 and results[name]["events"] == 2, results[name]


def test_a_detail_page_that_fails_keeps_its_event_and_the_rest_is_updated(runs):
    after = runs.sightings("detailfehler")
    assert len(after) == 2 and all(v is None for v in after.values())
    assert runs.results()["detailfehler"]["events"] == 1


def test_the_page_behind_a_lying_charset_is_stored_as_written(runs):
    with runs.db() as conn:
        (title, city) = conn.execute(
            "select title, city from events where title like 'K%nstliche%'"
        ).fetchone()
    assert (title, city) == ("Künstliche Intelligenz im Handwerk", "Görlitz")


def test_bidi_controls_reach_no_output(runs):
    with runs.db() as conn:
        titles = [r[0] for r in conn.execute("select title from events")]
    assert "KI-Tag gizpieL Dresden" in titles
    assert not any(set(t) & set(BIDI) for t in titles)
    public = runs.workdir / "public"
    for path in public.rglob("*"):
        if path.is_file():
            assert not set(path.read_text("utf-8")) & set(BIDI), path


def test_broken_icalendar_values_cost_only_their_event(runs, tmp_path):
    result = runs.results()["ical-daten"]
    assert result["dropped_reasons"] == {"invalid-dtstart": 1}
    with runs.db() as conn:
        rows = {r[0]: (r[1], r[2]) for r in conn.execute("select title, start, end from events")}
    assert rows["E-Commerce-Frühstück"] == ("2027-03-10T10:00:00+01:00", None), "end dropped"
    assert rows["Digitaltag in 500 Jahren"][0] == "2526-11-27T10:00:00+01:00"
    # The feeds have no horizon unless one is asked for: the event 500 years out is their last
    # entry, behind every nearer one; with a horizon it is left out.
    atom = feedparser.parse((runs.workdir / "public" / "events.atom").read_bytes())
    assert "500 Jahren" in atom.entries[-1].title
    assert not any("500 Jahren" in entry.title for entry in atom.entries[:-1])
    published = aggregator(runs.workdir, "publish", "--horizon-days", "365", "--out", str(tmp_path))
    assert published.returncode == 0, published.stderr
    assert "500 Jahren" not in (tmp_path / "events.atom").read_text("utf-8"), "beyond the horizon"


def test_the_second_run_left_every_output_readable(runs):
    public = runs.workdir / "public"
    for path in public.rglob("*"):
        if path.suffix in (".atom", ".rss"):
            assert not feedparser.parse(path.read_bytes()).bozo, path
        elif path.suffix == ".ics":
            icalendar.Calendar.from_ical(path.read_bytes())
        elif path.suffix == ".json":
            json.loads(path.read_text("utf-8"))
    assert not (runs.workdir / "public.staging").exists()


def test_status_says_which_sources_were_partial_and_why(runs):
    status = aggregator(runs.workdir, "status", "--json")
    data = json.loads(status.stdout)
    attention = {a["source"]: a["reason"] for a in data["attention"]}
    assert attention["detailfehler"].startswith("partial in the last run, nothing removed: page-")
    assert attention["fehler-500"] == "failed the last run"
    assert data["runs"][0]["sources_partial"] == 4


# --- raw files, the lock, the configuration ---------------------------------------------------


@pytest.fixture(scope="module")
def one_run(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A workdir after one run of two healthy sources."""
    workdir = tmp_path_factory.mktemp("one-run")
    with ScriptedServer({}) as server:
        server.routes.update(
            {
                "/kalender.ics": [ok(CALENDAR, ICAL)],
                "/termine/": [ok(LISTING)],
            }
        )
        (workdir / "sources.toml").write_text(
            f'[[source]]\nname = "kalender"\nurl = "{server.base_url}/kalender.ics"\nkind = "ical"\n'
            f'[[source]]\nname = "termine"\nurl = "{server.base_url}/termine/"\nkind = "jsonld"\n'
        )
        done = aggregator(workdir, "run")
        assert done.returncode == 0, done.stderr
    return workdir


@pytest.fixture
def crawled(one_run: Path, tmp_path: Path) -> tuple[Path, Path]:
    """A copy of that workdir for one test, and its run's raw directory."""
    workdir = tmp_path / "work"
    shutil.copytree(one_run, workdir)
    (run_dir,) = (workdir / "data" / "raw").iterdir()
    return workdir, run_dir


@pytest.mark.parametrize(
    ("damage", "reason"),
    [
        (lambda data: data[:-25], "raw file is cut short: 1 of 2 lines whole"),
        (lambda data: b"", "raw file is cut short: 0 of 2 lines whole"),
        (lambda data: data + b"\xff\xfe\x00 binary\n", "raw file has 3 lines, the crawl wrote 2"),
        (lambda data: b"[1, 2, 3]\n" + data, "raw file has 3 lines, the crawl wrote 2"),
    ],
    ids=["truncated-last-line", "empty-with-ok-stats", "binary-line", "non-object-line"],
)
def test_a_damaged_raw_file_fails_its_source_and_ingest_carries_on(crawled, damage, reason):
    workdir, run_dir = crawled
    copy = workdir / "data" / "raw" / "damaged"
    shutil.copytree(run_dir, copy)
    (copy / "termine.jsonl").write_text("")  # termine lists nothing now: its events go
    stats = json.loads((copy / "termine.stats.json").read_text())
    (copy / "termine.stats.json").write_text(
        json.dumps({**stats, "raw_lines": 0, "raw_sha256": None, "events": 0})
    )
    raw = copy / "kalender.jsonl"
    raw.write_bytes(damage(raw.read_bytes()))
    done = aggregator(workdir, "ingest", str(copy))
    assert done.returncode == 0, done.stderr
    kalender = next(line for line in done.stdout.splitlines() if line.startswith("kalender"))
    assert " failed " in kalender and reason in kalender, kalender
    with sqlite3.connect(workdir / "events.db") as conn:
        removed = dict(
            conn.execute("select source, count(removed_at) from event_sources group by source")
        )
    assert removed == {"kalender": 0, "termine": 2}, "ingest went on with the other source"
    status = aggregator(workdir, "status")
    assert f"- kalender: failed the last run (last failure: {reason}" in status.stdout


def test_the_same_database_through_a_symlink_has_one_lock(tmp_path):
    (tmp_path / "sources.toml").write_text('[[source]]\nname = "a"\nurl = "https://a.example/"\n')
    (tmp_path / "events.db").touch()
    (tmp_path / "aktuell.db").symlink_to(tmp_path / "events.db")
    holder = hold_lock(tmp_path / "events.db.lock")
    try:
        refused = aggregator(tmp_path, "run", "--db", "aktuell.db")
    finally:
        release(holder)
    assert refused.returncode == 75
    assert f"another run is in progress (pid {holder.pid}" in refused.stderr


def test_an_unknown_time_zone_exits_2_with_the_key(tmp_path):
    (tmp_path / "sources.toml").write_text(
        '[[source]]\nname = "mars"\nurl = "https://mars.example/"\ntimezone = "Mars/Olympus"\n'
    )
    refused = aggregator(tmp_path, "run")
    assert refused.returncode == 2
    assert "source 'mars': key 'timezone': unknown time zone 'Mars/Olympus'" in refused.stderr


def test_a_source_past_its_time_and_a_crawl_past_its_budget_cost_only_themselves(tmp_path):
    """``langsam`` waits for a detail page past its ``max_seconds``: closed (once the download in
    flight has timed out: Scrapy closes a source after its downloads), partial. ``haengt`` waits
    for its start page, retried, past the whole crawl's budget: the crawl child is stopped and the
    source fails saying so. ``flink`` had finished long before and keeps its events."""
    never = threading.Event()
    with ScriptedServer({}) as server:
        server.routes.update(
            {
                "/langsam/": [ok(page(body='<a class="event" href="/langsam/d.html">D</a>'))],
                "/langsam/d.html": [Reply(200, LISTING, hold=never)],
                "/haengt.ics": [Reply(200, CALENDAR, ICAL, hold=never)],
                "/flink.ics": [ok(CALENDAR, ICAL)],
            }
        )
        base = server.base_url
        (tmp_path / "sources.toml").write_text(
            f'[[source]]\nname = "langsam"\nurl = "{base}/langsam/"\nkind = "jsonld"\n'
            'max_seconds = 1\n[source.selectors]\nfollow = "a.event::attr(href)"\n\n'
            f'[[source]]\nname = "haengt"\nurl = "{base}/haengt.ics"\nkind = "ical"\n\n'
            f'[[source]]\nname = "flink"\nurl = "{base}/flink.ics"\nkind = "ical"\n'
        )
        try:
            done = aggregator(
                tmp_path,
                "run",
                "--setting=DOWNLOAD_TIMEOUT=4",
                "--setting=AGGREGATOR_CRAWL_SECONDS=6",
            )
        finally:
            never.set()
    assert done.returncode == 0, done.stderr
    with sqlite3.connect(tmp_path / "events.db") as conn:
        (results,) = conn.execute("select results from runs").fetchone()
    lines = {r["name"]: r for r in json.loads(results)}
    assert lines["langsam"]["state"] == "partial"
    assert "max_seconds (closespider_timeout)" in lines["langsam"]["partial"]
    assert lines["haengt"]["state"] == "failed"
    assert lines["haengt"]["failure"] == (
        "the crawl ran out of its time (AGGREGATOR_CRAWL_SECONDS = 6)"
    )
    assert (lines["flink"]["state"], lines["flink"]["events"]) == ("ok", 2)
