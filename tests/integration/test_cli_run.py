"""``aggregator run`` as cron and systemd call it: exit codes, logs, the lock, progress."""

from __future__ import annotations

import json
import os
import pty
import re
import select
import signal
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from aggregator.ops.cli import EXIT_FAILED, EXIT_LOCKED, EXIT_OK, main
from tests.integration.processes import alive, children_of, free_port, hold_lock, release
from tests.integration.scripted_server import Reply, ScriptedServer
from tests.integration.test_pipeline import SOURCES
from tests.support import ROOT, SITES

UNREACHABLE = """
[[source]]
name = "weg-eins"
url = "{base}/spine/weg-eins/"
kind = "jsonld"

[[source]]
name = "weg-zwei"
url = "{base}/spine/weg-zwei.ics"
kind = "ical"
"""
STAMPED = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d (INFO|WARNING|ERROR) ")


@pytest.fixture
def workdir(tmp_path, monkeypatch):
    """Runs write events.db, public/, data/raw/ and Scrapy's cache relative to the working dir."""
    monkeypatch.chdir(tmp_path)
    return tmp_path


def write_sources(server, path: Path, toml: str) -> Path:
    path.write_text(toml.replace("{base}", server.base_url), encoding="utf-8")
    return path


def runs(db_path: Path) -> list[dict]:
    db = sqlite3.connect(db_path)
    db.row_factory = sqlite3.Row
    return [dict(r) for r in db.execute("select * from runs order by rowid")]


def test_run_exits_0_and_ends_with_one_line_per_source_on_stderr_and_in_the_log_file(
    site_server, workdir, capsys
):
    write_sources(site_server(SITES), workdir / "sources.toml", SOURCES)
    assert main(["run", "--log-file", "logs/run.log"]) == EXIT_OK
    out, err = capsys.readouterr()
    assert out == ""
    lines = err.strip().splitlines()
    assert all(STAMPED.match(line) for line in lines), "not a terminal: every line is stamped"
    tail = lines[-5:]
    assert re.search(r"INFO +ndws +ok +pages=3 events=2 ", tail[0])
    assert re.search(r"INFO +cloud-leipzig +ok +pages=1 events=2 errors=0 dropped=0$", tail[1])
    assert re.search(
        r"WARNING +verschwunden +failed +pages=0 events=0 errors=1 \(1 URL: HTTP 404 1x\) .*"
        r"HTTP 404 at .*\(first failure\)$",
        tail[2],
    )
    assert "2 of 3 sources ok; events: 4 new, 0 updated, 0 unchanged, 0 removed" in tail[3]
    assert re.search(r"published \d+ files to public/", tail[4])
    log = (workdir / "logs" / "run.log").read_text("utf-8")
    for line in tail:
        assert line.split(" ", 2)[2] in log
    assert "[scrapy.core.engine]" in log, "Scrapy's own log goes to the file too"
    assert not (workdir / "events.db-wal").exists(), "the database file alone is complete"
    (row,) = runs(workdir / "events.db")
    assert (row["status"], row["mode"], row["sources_ok"], row["sources_failed"]) == (
        "done",
        "local",
        2,
        1,
    )
    assert row["events_new"] == 4 and row["duration"] > 0
    results = {r["name"]: r for r in json.loads(row["results"])}
    assert results["ndws"]["pages"] == 3 and results["cloud-leipzig"]["events"] == 2
    assert "404" in results["verschwunden"]["failure"]
    assert not (workdir / "events.db.lock").read_text(), "the lock is released after the run"


def test_quiet_run_reports_a_first_failure_then_the_third_in_a_row(site_server, workdir, capsys):
    write_sources(site_server(SITES), workdir / "sources.toml", SOURCES)
    assert main(["run", "--quiet"]) == EXIT_OK
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1, "a source failing for the first time is mailed the first night"
    assert "WARNING verschwunden" in err[0] and "(first failure)" in err[0]
    assert main(["run", "--quiet"]) == EXIT_OK
    assert capsys.readouterr() == ("", ""), "the second failure in a row mails nothing"
    assert main(["run", "--quiet"]) == EXIT_OK
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1
    assert "WARNING verschwunden" in err[0] and "failed 3 runs in a row" in err[0]
    assert [r["id"] for r in runs(workdir / "events.db")] == [
        "20261127T120000Z",
        "20261127T120000Z-02",
        "20261127T120000Z-03",
    ], "each run keeps its own row even on a pinned clock"


def test_quiet_run_explains_the_errors_of_a_refused_address(site_server, workdir, capsys):
    """A new source whose address nothing answers: reported the first night, its error count
    explained (every try counts: robots.txt and the page, each tried three times)."""
    refused = f"http://127.0.0.1:{free_port()}"
    toml = (
        SOURCES
        + f'\n[[source]]\nname = "falsche-adresse"\nurl = "{refused}/termine.ics"\nkind = "ical"\n'
    )
    write_sources(site_server(SITES), workdir / "sources.toml", toml)
    assert main(["run", "--quiet"]) == EXIT_OK
    err = capsys.readouterr().err.strip().splitlines()
    (line,) = [line for line in err if "falsche-adresse" in line]
    assert "WARNING falsche-adresse" in line and "(first failure)" in line
    assert "errors=6 (2 URLs, with retries: connection refused 6x)" in line


def test_run_exits_1_when_no_source_could_be_crawled(site_server, workdir, capsys):
    write_sources(site_server(SITES), workdir / "sources.toml", UNREACHABLE)
    assert main(["run"]) == EXIT_FAILED
    err = capsys.readouterr().err
    assert "failed: no source could be crawled" in err
    (row,) = runs(workdir / "events.db")
    assert row["status"] == "failed" and row["error"] == "no source could be crawled"
    assert (row["sources_ok"], row["sources_failed"]) == (0, 2)


def test_run_exits_1_when_a_step_breaks_and_records_why(site_server, workdir, capsys):
    write_sources(site_server(SITES), workdir / "sources.toml", SOURCES)
    (workdir / "public").write_text("a file where the output folder should be")
    assert main(["run"]) == EXIT_FAILED
    err = capsys.readouterr().err
    assert "the run failed:" in err
    (row,) = runs(workdir / "events.db")
    assert row["status"] == "failed" and "Error" in row["error"]
    assert row["finished"] and row["duration"] >= 0
    assert not (workdir / "events.db.lock").read_text(), "a failed run releases the lock"


def test_second_run_exits_75_naming_the_first(site_server, workdir, capsys):
    write_sources(site_server(SITES), workdir / "sources.toml", SOURCES)
    holder = hold_lock(workdir / "events.db.lock")
    try:
        assert main(["run"]) == EXIT_LOCKED
    finally:
        release(holder)
    err = capsys.readouterr().err
    assert f"another run is in progress (pid {holder.pid}" in err
    assert not (workdir / "events.db").exists(), "the refused run touched nothing"


def test_terminal_gets_a_redrawn_progress_line(site_server, workdir):
    """However many frames the machine's speed allows, the line is redrawn in place and cleared
    before the summary (the frames' content: tests/unit/test_progress.py)."""
    write_sources(site_server(SITES), workdir / "sources.toml", SOURCES)
    leader, follower = pty.openpty()
    proc = subprocess.Popen(
        [sys.executable, "-m", "aggregator", "run"],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=follower,
        cwd=workdir,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    os.close(follower)
    output = b""
    while True:  # until the run ends and its terminal closes
        ready, _, _ = select.select([leader], [], [], 300)
        assert ready, f"the run printed nothing for 300 s: {output[-2000:]!r}"
        try:
            chunk = os.read(leader, 4096)
        except OSError:  # the terminal closed with the process
            break
        if not chunk:
            break
        output += chunk
    os.close(leader)
    assert proc.wait() == EXIT_OK
    text = output.decode("utf-8")
    *frames, summary = text.split("\r\x1b[K")
    assert frames[0] == "", "the first frame is drawn at the start of the line"
    assert len(frames) >= 2, "at least one frame before the line is cleared for the summary"
    progress_line = re.compile(r"^[0-3]/3 sources done( \(1 failed\))?, \d+ pages, \d+ events")
    assert all(progress_line.match(frame) for frame in frames[1:]), frames
    lines = summary.strip().splitlines()
    assert [line.split()[0] for line in lines[:3]] == ["ndws", "cloud-leipzig", "verschwunden"]
    assert not any(STAMPED.match(line) for line in lines), "a terminal gets plain lines"
    assert "2 of 3 sources ok; events: 4 new" in lines[3]


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_a_signal_stops_the_crawl_child_records_the_run_as_interrupted_and_frees_the_lock(
    workdir, signum
):
    """The run is stopped while its crawl waits for a page the test holds back; the crawl child,
    in a process group of its own, is stopped with it."""
    asked, answer = threading.Event(), threading.Event()
    calendar = Reply(
        body="BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n",
        content_type="text/calendar",
        arrived=asked,
        hold=answer,
    )
    with ScriptedServer({"/kalender.ics": [calendar]}) as server:
        (workdir / "sources.toml").write_text(
            f'[[source]]\nname = "kalender"\nurl = "{server.base_url}/kalender.ics"\nkind = "ical"\n'
        )
        proc = subprocess.Popen(
            [sys.executable, "-m", "aggregator", "run"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
            cwd=workdir,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
        )
        try:
            assert asked.wait(120), "the crawl never asked for its page"
            (crawl_child,) = children_of(proc.pid)
            assert os.getpgid(crawl_child) != os.getpgid(proc.pid), "a process group of its own"
            proc.send_signal(signum)  # the run row is written and the crawl is under way
            _, err = proc.communicate(timeout=120)
        finally:
            answer.set()
    assert proc.returncode == EXIT_FAILED
    assert "aggregator: interrupted" in err
    assert not alive(crawl_child), "the crawl child ended with the run"
    (row,) = runs(workdir / "events.db")
    assert (row["status"], row["error"]) == ("interrupted", f"interrupted by {signum.name}")
    assert not (workdir / "events.db.lock").read_text()
