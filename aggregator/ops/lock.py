"""One run at a time: an advisory lock on a file next to the database.

cron and systemd timers start runs whether or not the previous one has finished; two writers would
race for the database and the output folder. The lock is ``flock(2)``, so the kernel drops it when the
holding process ends in any way (even ``kill -9``): a lock file left behind by a dead run is simply
taken over, and a reused PID can never fake a live holder. The file stays in place between runs and
names the current holder (PID, start time, command) so that the second run can say who is in the way.
The file must be on a local file system (flock over NFS is not dependable).
"""

from __future__ import annotations

import fcntl
import json
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from aggregator import clock


class LockHeld(RuntimeError):
    """Another live process holds the lock."""

    def __init__(self, path: Path, holder: dict[str, Any]) -> None:
        self.path = path
        self.holder = holder
        who = f"pid {holder['pid']}" if holder.get("pid") else "another process"
        since = f", started {holder['started']}" if holder.get("started") else ""
        super().__init__(f"another run is in progress ({who}{since}); lock file {path}")


@dataclass
class RunLock:
    path: Path
    command: str = field(default_factory=lambda: " ".join(sys.argv))
    stale_holder: dict[str, Any] | None = None
    """What the lock file said when it was taken over from a process that had died, if anything."""
    _handle: IO[str] | None = field(default=None, repr=False)

    def acquire(self) -> RunLock:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        handle = open(self.path, "a+", encoding="utf-8")  # noqa: SIM115 (kept open while held)
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = _read_holder(handle)
            handle.close()
            raise LockHeld(self.path, holder) from None
        previous = _read_holder(handle)
        self.stale_holder = previous or None
        handle.seek(0)
        handle.truncate()
        json.dump({"pid": os.getpid(), "started": clock.now_iso(), "command": self.command}, handle)
        handle.flush()
        self._handle = handle
        return self

    def release(self) -> None:
        if self._handle is None:
            return
        self._handle.seek(0)
        self._handle.truncate()
        self._handle.flush()
        fcntl.flock(self._handle, fcntl.LOCK_UN)
        self._handle.close()
        self._handle = None

    def __enter__(self) -> RunLock:
        return self if self._handle is not None else self.acquire()

    def __exit__(self, *exc: object) -> None:
        self.release()


def holder(path: Path) -> dict[str, Any] | None:
    """Who holds the lock right now, or None when nobody does (the lock is not taken)."""
    if not path.exists():
        return None
    with open(path, encoding="utf-8") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_SH | fcntl.LOCK_NB)
        except BlockingIOError:
            return _read_holder(handle) or {"pid": None}
        fcntl.flock(handle, fcntl.LOCK_UN)
    return None


def lock_path_for(db_path: str | Path) -> Path:
    """The default lock file: beside the database, which is what two runs would fight over.

    Keyed on the database's real path: a run given ``current.db``, a symlink to ``events.db``,
    must meet the lock of a run given ``events.db`` (symlinks anywhere on the path resolve)."""
    db_path = Path(os.path.realpath(db_path))
    return db_path.with_name(db_path.name + ".lock")


def _read_holder(handle: IO[str]) -> dict[str, Any]:
    handle.seek(0)
    text = handle.read().strip()
    if not text:
        return {}
    try:
        data = json.loads(text)
    except ValueError:
        return {"raw": text[:200]}
    return data if isinstance(data, dict) else {"raw": text[:200]}
