"""How far a run has got, in one process: the snapshot of a run directory, the status line on a
terminal and the log line elsewhere, the crawl's progress files, and the thread that shows them. (The
redrawn line of a real ``aggregator run`` on a terminal: tests/integration/test_cli_run.py.)"""

from __future__ import annotations

import io
import json
import re
import threading

import pytest
from scrapy import Spider
from scrapy.utils.test import get_crawler

from aggregator.crawl.progress import CrawlProgress, progress_path
from aggregator.ops import logs
from aggregator.ops.progress import ProgressDisplay, Snapshot, snapshot, watch

STAMPED = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d (INFO|WARNING|ERROR) ")


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


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


def test_on_a_terminal_the_line_is_redrawn_in_place_and_cleared_at_the_end(monkeypatch):
    monkeypatch.setenv("COLUMNS", "200")
    terminal = Terminal()
    display = ProgressDisplay(stream=terminal, every=3600)
    display.update(Snapshot(total=3, running=["ndws", "cloud-leipzig"]))
    display.update(Snapshot(total=3, done=1, pages=3, events=2, running=["cloud-leipzig"]))
    display.update(Snapshot(total=3, done=3, failed=1, pages=4, events=4), note="ingesting")
    assert terminal.getvalue() == (
        "\r\x1b[K0/3 sources done, 0 pages, 0 events; crawling ndws, cloud-leipzig"
        "\r\x1b[K1/3 sources done, 3 pages, 2 events; crawling cloud-leipzig"
        "\r\x1b[K3/3 sources done (1 failed), 4 pages, 4 events; ingesting"
    ), "every frame starts at the line's start and clears what the last one left"
    display.close()
    assert terminal.getvalue().endswith("ingesting\r\x1b[K"), "the summary starts on a clean line"
    display.close()
    assert terminal.getvalue().endswith("ingesting\r\x1b[K"), "closed once"


def test_the_terminal_line_is_cut_to_the_width_and_names_at_most_three_sources(monkeypatch):
    monkeypatch.setenv("COLUMNS", "41")
    terminal = Terminal()
    ProgressDisplay(stream=terminal).update(Snapshot(total=9, running=list("abcde")))
    assert terminal.getvalue() == "\r\x1b[K0/9 sources done, 0 pages, 0 events; cra"
    assert Snapshot(total=9, running=list("abcde")).render() == (
        "0/9 sources done, 0 pages, 0 events; crawling a, b, c and 2 more"
    )


def test_watch_shows_progress_until_the_task_returns():
    shown = threading.Event()
    calls = []

    def task() -> str:
        assert shown.wait(60), "watch never showed the progress"
        return "crawled"

    def show() -> None:
        calls.append(threading.current_thread().name)
        shown.set()

    assert watch(task, show, every=3600) == "crawled"
    assert calls and set(calls) == {threading.main_thread().name}, "shown from the caller's thread"


def test_watch_passes_the_tasks_error_on():
    def task() -> None:
        raise RuntimeError("crawl broke")

    with pytest.raises(RuntimeError, match="crawl broke"):
        watch(task, lambda: None, every=3600)
