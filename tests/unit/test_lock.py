"""The run lock in one process: a held lock keeps a second taker out, a released one leaves nothing
stale, garbage in the file does not block. (A holder in another process, alive or killed:
tests/integration/test_lock.py.)"""

from __future__ import annotations

import json
import os

import pytest

from aggregator.ops import lock
from aggregator.ops.lock import LockHeld, RunLock, lock_path_for


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


def test_a_database_reached_through_a_symlink_shares_its_lock(tmp_path):
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "events.db").touch()
    (tmp_path / "current.db").symlink_to(tmp_path / "data" / "events.db")
    (tmp_path / "linked").symlink_to(tmp_path / "data")
    real = lock_path_for(tmp_path / "data" / "events.db")
    assert lock_path_for(tmp_path / "current.db") == real
    assert lock_path_for(tmp_path / "linked" / "events.db") == real
    with RunLock(real), pytest.raises(LockHeld):
        RunLock(lock_path_for(tmp_path / "current.db")).acquire()


def test_the_holder_is_named_and_the_file_emptied_on_release(tmp_path):
    path = tmp_path / "events.db.lock"
    with RunLock(path, command="aggregator run --quiet"):
        held = json.loads(path.read_text())
        assert (held["pid"], held["command"]) == (os.getpid(), "aggregator run --quiet")
        assert held["started"] == "2026-11-27T12:00:00+00:00", "the pinned clock"
        assert lock.holder(path) == held
        with pytest.raises(LockHeld) as caught:
            RunLock(path).acquire()
        assert caught.value.holder == held
        assert str(caught.value) == (
            f"another run is in progress (pid {os.getpid()}, started 2026-11-27T12:00:00+00:00); "
            f"lock file {path}"
        )
    assert path.read_text() == "" and lock.holder(path) is None
