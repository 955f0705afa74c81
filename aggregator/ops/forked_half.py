"""Large batches of answers computed by two processes at once, in the batches' order.

``aggregator parse-dates`` answers the lines a pipe holds in one batch (``available_lines``): a
piped file of 20,000 texts arrives in batches of some 2,000 lines, and answering them is pure
CPU work (about 17 µs a line), which one process does on one core. A copy of the process, made
by ``fork`` at the first large batch, answers the second half of every large batch while the
process answers the first: it shares the loaded modules and compiled patterns (no second
start-up), its answers come back through a pipe and are written after the first half's, so the
output is that of one process. A small batch (a co-process's lone line) is answered at once by
the process itself, as before.

One copy serves all batches: a copy made per batch cost about 10 ms of CPU in page copies
(both processes write to the pages they share, if only to count references; 0.1 s more for the
ten batches of 20,000 texts), more than half of what the half batch it answers costs. If the
copy cannot be made or fails, the process answers the lines itself from then on: the result is
the same, only slower. ``fork`` is used directly rather than through ``multiprocessing``, whose
pool and connections take 30–40 ms to import, more than this command's whole start-up beyond
the interpreter, and which would pickle every round trip.
"""

from __future__ import annotations

import gc
import os
from collections.abc import Callable
from types import TracebackType
from typing import BinaryIO, NoReturn

SPLIT_AT = 1000
"""Lines from which a batch is shared: about 8 ms of answers for each process, against well
under a millisecond to send half the lines and read their answers."""

Answer = Callable[[list[str]], str]
"""The answers to some lines, as one text."""

_LENGTH = 8
"""Bytes of the length that precedes each message on the pipes."""


class ForkedHalf:
    """``answered(lines)`` is ``answer(lines)``; a context that ends the copy when left."""

    def __init__(self, answer: Answer, split_at: int = SPLIT_AT, share: bool | None = None) -> None:
        """``share``: whether to make the copy for large batches; by default, when another
        core is idle."""
        self._answer = answer
        self._split_at = split_at
        self._usable = _idle_core() if share is None else share and hasattr(os, "fork")
        self._pid = 0
        self._requests: BinaryIO | None = None
        self._replies: BinaryIO | None = None

    def answered(self, lines: list[str]) -> str:
        if len(lines) < self._split_at or not (self._pid or self._start()):
            return self._answer(lines)
        half = len(lines) // 2
        sent = _send(self._requests, "\n".join(lines[half:]))
        first = self._answer(lines[:half])
        second = _receive(self._replies) if sent else None
        if second is None:
            self._stop()
            second = self._answer(lines[half:])
        return first + second

    def __enter__(self) -> ForkedHalf:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self._stop()

    def _start(self) -> bool:
        """Make the copy, once; False when there is no second core or no copy."""
        if not self._usable:
            return False
        self._usable = False
        request_read, request_write = os.pipe()
        reply_read, reply_write = os.pipe()
        gc.freeze()
        try:
            pid = os.fork()
        except OSError:
            for end in (request_read, request_write, reply_read, reply_write):
                os.close(end)
            return False
        if pid == 0:
            os.close(request_write)
            os.close(reply_read)
            _serve(self._answer, request_read, reply_write)
        gc.unfreeze()
        os.close(request_read)
        os.close(reply_write)
        self._pid = pid
        self._requests = os.fdopen(request_write, "wb")
        self._replies = os.fdopen(reply_read, "rb")
        return True

    def _stop(self) -> None:
        """Close the copy's pipes (it ends at the end of its requests) and wait for it."""
        for pipe in (self._requests, self._replies):
            if pipe is not None:
                try:
                    pipe.close()
                except OSError:
                    pass
        self._requests = self._replies = None
        if self._pid:
            os.waitpid(self._pid, 0)
            self._pid = 0


def _serve(answer: Answer, request_read: int, reply_write: int) -> NoReturn:
    """The copy's whole life: answer each request until the requests end, then exit, never
    returning into the caller's loop and never flushing the buffers it inherited."""
    status = 1
    try:
        with os.fdopen(request_read, "rb") as requests, os.fdopen(reply_write, "wb") as replies:
            while (text := _receive(requests)) is not None:
                if not _send(replies, answer(text.split("\n"))):
                    break
        status = 0
    finally:
        os._exit(status)


def _send(pipe: BinaryIO | None, text: str) -> bool:
    """Write one message; False when the other side is gone."""
    if pipe is None:
        return False
    data = text.encode("utf-8", "surrogatepass")
    try:
        pipe.write(len(data).to_bytes(_LENGTH, "little"))
        pipe.write(data)
        pipe.flush()
    except OSError:
        return False
    return True


def _receive(pipe: BinaryIO | None) -> str | None:
    """Read one message; None at the end of the pipe or when the other side broke off."""
    if pipe is None:
        return None
    try:
        head = pipe.read(_LENGTH)
        if len(head) < _LENGTH:
            return None
        size = int.from_bytes(head, "little")
        data = pipe.read(size)
    except OSError:
        return None
    return data.decode("utf-8", "surrogatepass") if len(data) == size else None


def _idle_core() -> bool:
    """Whether another core is likely idle: this process may run on more than one (a container
    or ``taskset`` may allow fewer than the machine has), and at most one process less than
    that wants to run now besides this one (the program writing into the pipe is often one). On a busy machine the copy only competes with the process for the same cores:
    with three other processes running on two cores, 20,000 texts took 0.72 s with the copy and
    0.62 s without it (medians of nine). The processes running now (Linux's ``/proc/loadavg``)
    are asked first: the minute's average still counts a job that ended seconds ago, and on two
    cores that alone kept the copy from being made on a quiet machine."""
    if not hasattr(os, "fork"):
        return False
    if hasattr(os, "sched_getaffinity"):
        cores = len(os.sched_getaffinity(0))
    else:
        cores = os.cpu_count() or 1
    if cores < 2:
        return False
    others = _running_others()
    if others is None:
        return os.getloadavg()[0] < cores - 0.5
    return others < cores


def _running_others(loadavg: str = "/proc/loadavg") -> int | None:
    """Processes other than this one that run or wait for a core now; None where the system
    does not say (its fourth field is ``running/total``, this process among the running)."""
    try:
        with open(loadavg, encoding="ascii") as numbers:
            running = numbers.read().split()[3].split("/")[0]
        return max(int(running) - 1, 0)
    except (OSError, IndexError, ValueError):
        return None
