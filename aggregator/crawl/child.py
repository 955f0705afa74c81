"""The crawl's child process: started in a process group of its own, stopped as a whole, boxed in
time, and never outliving the run that started it.

A crawl child left behind keeps crawling (and growing) after its run has ended: systemd's and
cron's SIGTERM, or a Ctrl-C, reach ``aggregator run`` but not a child that reads a page the
reactor is stuck on. So the child gets a process group of its own (the scrapy process and
anything it starts, Chromium included), a signal to the run stops that whole group, gracefully
first (Scrapy then closes each source and writes its figures) and with SIGKILL after
``STOP_GRACE`` seconds; a child that runs past the run's budget is stopped the same way; and on
Linux the kernel kills the child when the run dies without a word (``kill -9``).
"""

from __future__ import annotations

import ctypes
import os
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from typing import Any

STOP_GRACE = 20.0
"""Seconds a stopped crawl has to close its sources before its process group is killed."""
POLL = 0.5
"""How often a waiting run looks at its child's clock (not a wait for the child: that is
``Popen.wait``, which returns at once when the child ends)."""
PR_SET_PDEATHSIG = 1


@dataclass(eq=False)
class Child:
    """One crawl child and what has been asked of it (hashed by identity)."""

    process: subprocess.Popen[bytes]
    budget: float
    started: float = field(default_factory=time.monotonic)
    stop_asked: float | None = None
    """When the group was sent SIGTERM."""
    reason: str | None = None
    """Why it was stopped: ``budget`` or the signal the run received."""


_running: set[Child] = set()
_lock = threading.Lock()


def start(command: list[str], budget: float, **popen: Any) -> Child:
    child = Child(subprocess.Popen(command, process_group=0, **popen), budget)
    with _lock:
        _running.add(child)
    return child


def wait(child: Child) -> None:
    """Until the child has ended: stopped past its budget, killed past the grace of a stop.

    An exception in the waiting thread (KeyboardInterrupt) stops the child before it is passed
    on, so that nothing is left running when this returns or raises."""
    try:
        while True:
            try:
                child.process.wait(timeout=POLL)
                return
            except subprocess.TimeoutExpired:
                pass
            now = time.monotonic()
            if child.stop_asked is None and now - child.started > child.budget:
                stop(child, "budget")
            elif child.stop_asked is not None and now - child.stop_asked > STOP_GRACE:
                _signal(child, signal.SIGKILL)
    except BaseException:
        stop(child, "interrupted")
        try:
            child.process.wait(timeout=STOP_GRACE)
        except subprocess.TimeoutExpired:
            _signal(child, signal.SIGKILL)
            child.process.wait()
        raise
    finally:
        with _lock:
            _running.discard(child)


def stop(child: Child, reason: str) -> None:
    """Ask the child's whole process group to stop (once; a second SIGTERM would make Scrapy
    skip its clean close)."""
    if child.stop_asked is not None:
        return
    child.stop_asked, child.reason = time.monotonic(), reason
    _signal(child, signal.SIGTERM)


def stop_all(reason: str) -> None:
    """Stop every running crawl child: what a signal to the run does first."""
    with _lock:
        children = list(_running)
    for child in children:
        stop(child, reason)


def die_with_parent(parent: int) -> None:
    """In the child: end when ``parent`` ends, however it ends (Linux: ``PR_SET_PDEATHSIG``).
    If it has already gone, end now."""
    if sys.platform.startswith("linux"):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:
        os._exit(1)


def _signal(child: Child, signum: int) -> None:
    try:
        os.killpg(child.process.pid, signum)
    except ProcessLookupError:  # the group has gone meanwhile
        pass
