"""The run lock: a live holder keeps others out, a dead one's lock is taken over."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from aggregator.ops import lock
from aggregator.ops.lock import LockHeld, RunLock, lock_path_for

HOLDER = """
import sys, time
from pathlib import Path
from aggregator.ops.lock import RunLock
held = RunLock(Path(sys.argv[1]), command="aggregator run (test holder)").acquire()
print("locked", flush=True)
time.sleep(60)
"""


def hold_lock(path: Path) -> subprocess.Popen:
    """Another process that takes the lock and keeps it until it is killed."""
    proc = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(path)], stdout=subprocess.PIPE, text=True
    )
    assert proc.stdout is not None and proc.stdout.readline().strip() == "locked"
    return proc


def test_live_holder_keeps_a_second_run_out_and_is_named(tmp_path):
    path = tmp_path / "events.db.lock"
    proc = hold_lock(path)
    try:
        with pytest.raises(LockHeld) as caught:
            RunLock(path).acquire()
        assert caught.value.holder["pid"] == proc.pid
        assert f"pid {proc.pid}" in str(caught.value) and str(path) in str(caught.value)
        assert lock.holder(path)["pid"] == proc.pid
    finally:
        proc.kill()
        proc.wait()


def test_lock_of_a_killed_run_is_taken_over(tmp_path):
    path = tmp_path / "events.db.lock"
    proc = hold_lock(path)
    os.kill(proc.pid, signal.SIGKILL)  # no chance to clean up: the file still names it
    proc.wait()
    assert str(proc.pid) in path.read_text()
    assert lock.holder(path) is None
    taken = RunLock(path).acquire()
    try:
        assert taken.stale_holder is not None and taken.stale_holder["pid"] == proc.pid
        assert lock.holder(path)["pid"] == os.getpid()
    finally:
        taken.release()


def test_a_released_lock_leaves_nothing_stale(tmp_path):
    path = tmp_path / "sub" / "events.db.lock"
    with RunLock(path) as first:
        assert first.stale_holder is None
        with pytest.raises(LockHeld):
            RunLock(path).acquire()
    assert lock.holder(path) is None
    with RunLock(path) as second:
        assert second.stale_holder is None


def test_garbage_in_the_lock_file_does_not_block(tmp_path):
    path = tmp_path / "events.db.lock"
    path.write_text("not json at all")
    with RunLock(path) as taken:
        assert taken.stale_holder == {"raw": "not json at all"}


def test_default_lock_sits_beside_the_database(tmp_path):
    assert lock_path_for(tmp_path / "data" / "events.db") == tmp_path / "data" / "events.db.lock"
