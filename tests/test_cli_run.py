"""``aggregator run`` as cron and systemd call it: exit codes, logs, the lock, progress."""

from __future__ import annotations

import io
import json
import os
import pty
import re
import select
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from scrapy import Spider
from scrapy.utils.test import get_crawler

from aggregator.crawl.progress import CrawlProgress, progress_path
from aggregator.ops import logs
from aggregator.ops.cli import EXIT_CONFIG, EXIT_FAILED, EXIT_LOCKED, EXIT_OK, main
from aggregator.ops.progress import ProgressDisplay, Snapshot, snapshot
from tests.conftest import SITES
from tests.test_lock import hold_lock
from tests.test_pipeline import SOURCES

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
    assert re.search(r"INFO +verschwunden +failed +pages=0 events=0 errors=1 .*HTTP 404", tail[2])
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


def test_quiet_run_prints_nothing_until_a_source_needs_attention(site_server, workdir, capsys):
    write_sources(site_server(SITES), workdir / "sources.toml", SOURCES)
    for _ in range(2):
        assert main(["run", "--quiet"]) == EXIT_OK
        assert capsys.readouterr() == ("", ""), "an ordinary night mails nothing from cron"
    assert main(["run", "--quiet"]) == EXIT_OK
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1
    assert "WARNING verschwunden" in err[0] and "failed 3 runs in a row" in err[0]
    assert [r["id"] for r in runs(workdir / "events.db")] == [
        "20261127T120000Z",
        "20261127T120000Z-02",
        "20261127T120000Z-03",
    ], "each run keeps its own row even on a pinned clock"


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


def test_bad_configuration_exits_2(workdir, capsys):
    assert main(["run", "--sources", "missing.toml"]) == EXIT_CONFIG
    assert "missing.toml: file not found" in capsys.readouterr().err
    with pytest.raises(SystemExit) as usage:
        main(["run", "--keep-raw-days", "many"])
    assert usage.value.code == EXIT_CONFIG
    assert not (workdir / "events.db").exists()


def test_second_run_exits_75_naming_the_first(site_server, workdir, capsys):
    write_sources(site_server(SITES), workdir / "sources.toml", SOURCES)
    holder = hold_lock(workdir / "events.db.lock")
    try:
        assert main(["run"]) == EXIT_LOCKED
    finally:
        holder.kill()
        holder.wait()
    err = capsys.readouterr().err
    assert f"another run is in progress (pid {holder.pid}" in err
    assert not (workdir / "events.db").exists(), "the refused run touched nothing"


def test_terminal_gets_a_redrawn_progress_line(site_server, workdir):
    write_sources(site_server(SITES), workdir / "sources.toml", SOURCES)
    leader, follower = pty.openpty()
    proc = subprocess.Popen(
        [sys.executable, "-m", "aggregator", "run"],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=follower,
        cwd=workdir,
        env={**os.environ, "PYTHONPATH": str(Path(__file__).parent.parent)},
    )
    os.close(follower)
    output = b""
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        ready, _, _ = select.select([leader], [], [], 0.5)
        if ready:
            try:
                chunk = os.read(leader, 4096)
            except OSError:  # the terminal closed with the process
                break
            if not chunk:
                break
            output += chunk
        elif proc.poll() is not None:
            break
    os.close(leader)
    assert proc.wait(timeout=30) == EXIT_OK
    text = output.decode("utf-8")
    frames = text.split("\r\x1b[K")
    assert len(frames) > 2, "the status line is redrawn in place"
    assert any(f.startswith("3/3 sources done (1 failed), 4 pages, 4 events") for f in frames)
    summary = frames[-1].strip().splitlines()
    assert summary[0].startswith("ndws ") and not STAMPED.match(summary[0])


def test_snapshot_counts_finished_and_running_sources(tmp_path):
    run_dir = tmp_path / "raw" / "R1"
    run_dir.mkdir(parents=True)
    (run_dir / "a.stats.json").write_text(json.dumps({"ok": True, "pages": 3, "events": 7}))
    (run_dir / "b.stats.json").write_text(json.dumps({"ok": False, "pages": 0, "events": 0}))
    (run_dir / "c.progress.json").write_text(json.dumps({"pages": 2, "events": 1}))
    (run_dir / "d.progress.json").write_text('{"pages": 4, "ev')  # caught mid-write
    snap = snapshot(run_dir, ["a", "b", "c", "d", "e"])
    assert (snap.total, snap.done, snap.failed, snap.pages, snap.events) == (5, 2, 1, 5, 8)
    assert snap.running == ["c"]
    assert snap.render() == "2/5 sources done (1 failed), 5 pages, 8 events; crawling c"


def test_progress_without_a_terminal_is_a_plain_log_line_now_and_then():
    stream = io.StringIO()
    logs.setup(stream=stream)
    display = ProgressDisplay(stream=stream, every=0)
    display.update(Snapshot(total=4, done=1, pages=10, events=3, running=["x"]))
    display.close()
    (line,) = stream.getvalue().splitlines()
    assert STAMPED.match(line) and "progress: 1/4 sources done, 10 pages, 3 events" in line
    assert "\r" not in stream.getvalue()
    quiet = ProgressDisplay(stream=stream, every=3600)
    quiet.update(Snapshot(total=4))
    assert len(stream.getvalue().splitlines()) == 1, "no more than one line per interval"


def test_progress_extension_writes_while_crawling_and_cleans_up(tmp_path):
    crawler = get_crawler(Spider, {"AGGREGATOR_RAW_DIR": str(tmp_path)})
    spider = Spider(name="jsonld")
    spider.run_id, spider.source_name = "R1", "ndws"
    extension = CrawlProgress.from_crawler(crawler)
    crawler.stats.set_value("response_received_count", 6)
    crawler.stats.set_value("robotstxt/response_count", 1)
    crawler.stats.set_value("item_scraped_count", 4)
    extension.item_scraped(None, None, spider)
    path = progress_path(tmp_path, "R1", "ndws")
    assert json.loads(path.read_text()) == {"pages": 5, "events": 4}
    extension.spider_closed(spider)
    assert not path.exists()


def test_sigterm_records_the_run_as_interrupted_and_frees_the_lock(site_server, workdir):
    write_sources(site_server(SITES), workdir / "sources.toml", SOURCES)
    proc = subprocess.Popen(
        [sys.executable, "-m", "aggregator", "run"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        cwd=workdir,
        env={**os.environ, "PYTHONPATH": str(Path(__file__).parent.parent)},
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not list((workdir / "data" / "raw").glob("*")):
        time.sleep(0.05)  # the run row is written and the crawl has started
    proc.terminate()
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == EXIT_FAILED
    assert "aggregator: interrupted" in err
    (row,) = runs(workdir / "events.db")
    assert (row["status"], row["error"]) == ("failed", "interrupted")
    assert not (workdir / "events.db.lock").read_text()
