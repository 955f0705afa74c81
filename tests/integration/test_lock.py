"""The run lock across processes: a live holder keeps others out, a dead one's lock is taken over."""

from __future__ import annotations

import os
import signal

import pytest

from aggregator.ops import lock
from aggregator.ops.lock import LockHeld, RunLock
from tests.integration.processes import hold_lock, release


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
        release(proc)


def test_lock_of_a_killed_run_is_taken_over(tmp_path):
    path = tmp_path / "events.db.lock"
    proc = hold_lock(path)
    os.kill(proc.pid, signal.SIGKILL)  # no chance to clean up: the file still names it
    release(proc)
    assert str(proc.pid) in path.read_text()
    assert lock.holder(path) is None
    taken = RunLock(path).acquire()
    try:
        assert taken.stale_holder is not None and taken.stale_holder["pid"] == proc.pid
        assert lock.holder(path)["pid"] == os.getpid()
    finally:
        taken.release()
