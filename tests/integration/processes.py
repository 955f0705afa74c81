"""Child processes in the integration tests, waited for by what they say, never by time: a line on
their output, their exit."""

from __future__ import annotations

import socket
import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import IO

HOLDER = """
import sys
from pathlib import Path
from aggregator.ops.lock import RunLock
held = RunLock(Path(sys.argv[1]), command="aggregator run (test holder)").acquire()
print("locked", flush=True)
sys.stdin.read()  # holds the lock until the test kills it (or closes the pipe)
"""


def hold_lock(path: Path) -> subprocess.Popen:
    """Another process that takes the lock and keeps it until it is killed."""
    proc = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None and proc.stdout.readline().strip() == "locked"
    return proc


def release(proc: subprocess.Popen) -> None:
    """End a process started by :func:`hold_lock` (or any child) and reap it."""
    proc.kill()
    proc.wait()
    for pipe in (proc.stdin, proc.stdout, proc.stderr):
        if pipe is not None:
            pipe.close()


def wait_for_line(
    stream: IO[str], wanted: Callable[[str], bool], what: str
) -> tuple[str, list[str]]:
    """Read ``stream`` line by line until a line ``wanted`` accepts; that line and all read before.
    The end of the stream (the process died) fails with everything it said."""
    seen: list[str] = []
    for line in iter(stream.readline, ""):
        seen.append(line)
        if wanted(line):
            return line, seen
    raise AssertionError(f"the process ended before {what}:\n{''.join(seen)[-3000:]}")


def drain(stream: IO[str], sink: list[str] | IO[str] | None = None) -> threading.Thread:
    """Keep reading a child's pipe in the background, so that a full pipe never blocks it."""

    def run() -> None:
        for line in iter(stream.readline, ""):
            if isinstance(sink, list):
                sink.append(line)
            elif sink is not None:
                sink.write(line)
                sink.flush()

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return thread


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def children_of(pid: int) -> list[int]:
    """The live child processes of ``pid`` (Linux ``/proc``)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if int(fields[1]) == pid and fields[0] != "Z":
            found.append(int(stat.parent.name))
    return found


def alive(pid: int) -> bool:
    """Whether ``pid`` is a running process (a zombie waiting to be reaped is not)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state != "Z"
