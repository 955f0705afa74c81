"""How far a crawl has got: sources done, pages fetched, events found.

The command polls the run directory that the crawl process fills (``aggregator.crawl.progress``);
on a terminal it redraws one status line, elsewhere (cron, systemd) it writes a plain log line now
and then.
"""

from __future__ import annotations

import json
import shutil
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO, TypeVar

from aggregator.crawl.progress import progress_path
from aggregator.model.crawl_stats import stats_path
from aggregator.ops import logs

T = TypeVar("T")
STOP_GRACE = 30.0
"""Seconds an interrupted run waits for the crawl to close down before it gives up on it."""


@dataclass
class Snapshot:
    total: int
    done: int = 0
    failed: int = 0
    pages: int = 0
    events: int = 0
    running: list[str] = field(default_factory=list)
    finished: list[str] = field(default_factory=list)

    def render(self) -> str:
        text = f"{self.done}/{self.total} sources done"
        if self.failed:
            text += f" ({self.failed} failed)"
        text += f", {self.pages} pages, {self.events} events"
        if self.running:
            text += f"; crawling {', '.join(self.running[:3])}"
            if len(self.running) > 3:
                text += f" and {len(self.running) - 3} more"
        return text


def snapshot(run_dir: Path, names: list[str]) -> Snapshot:
    """The figures of a run directory now; a half-written file counts as not there yet."""
    snap = Snapshot(total=len(names))
    for name in names:
        final = _read(stats_path(run_dir.parent, run_dir.name, name))
        if final is not None:
            snap.done += 1
            snap.failed += 0 if final.get("ok") else 1
            snap.pages += final.get("pages") or 0
            snap.events += final.get("events") or 0
            snap.finished.append(name)
            continue
        running = _read(progress_path(run_dir.parent, run_dir.name, name))
        if running is not None:
            snap.pages += running.get("pages") or 0
            snap.events += running.get("events") or 0
            snap.running.append(name)
    return snap


class ProgressDisplay:
    """One redrawn status line on a terminal; a plain log line every ``every`` seconds elsewhere."""

    def __init__(self, stream: TextIO | None = None, every: float = 60.0) -> None:
        self.stream = stream or sys.stderr
        self.terminal = bool(getattr(self.stream, "isatty", lambda: False)())
        self.every = every
        self.logged = time.monotonic()
        self.shown = False
        self.log = logs.get("progress")

    def update(self, snap: Snapshot, note: str = "") -> None:
        text = snap.render() + (f"; {note}" if note else "")
        if self.terminal:
            width = shutil.get_terminal_size((100, 20)).columns - 1
            self.stream.write("\r\x1b[K" + text[:width])
            self.stream.flush()
            self.shown = True
        elif time.monotonic() - self.logged >= self.every:
            self.logged = time.monotonic()
            self.log.info("progress: %s", text)

    def close(self) -> None:
        if self.shown:
            self.stream.write("\r\x1b[K")
            self.stream.flush()
            self.shown = False


def watch(
    task: Callable[[], T],
    show: Callable[[], None],
    every: float = 0.5,
) -> T:
    """Run ``task`` in a thread and call ``show`` every ``every`` seconds until it returns."""
    result: list[T] = []
    error: list[BaseException] = []

    def target() -> None:
        try:
            result.append(task())
        except BaseException as exc:  # handed to the caller's thread below
            error.append(exc)

    thread = threading.Thread(target=target, name="crawl", daemon=True)
    thread.start()
    try:
        while thread.is_alive():
            show()
            thread.join(every)
    except KeyboardInterrupt:
        thread.join(STOP_GRACE)  # the crawl process got the signal too and is closing down
        raise
    if error:
        raise error[0]
    return result[0]


def _read(path: Path) -> dict[str, Any] | None:
    try:
        data = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None
