"""Normalisation, and merging, spread over the machine's cores for large ingests.

Normalising is most of an ingest's CPU and pure (the same raw item and reference date give the
same sighting), so a first ingest of hundreds of thousands of raw items hands it to worker
processes in chunks, in order, while this process keeps clustering and writing; the results are
taken in the order the items came, so the database is the one a single core would write.
Merging the clusters (``merging``) is handed out the same way once clustering is done.
Small ingests (a nightly run) never start a pool: starting one costs more than it saves.
"""

from __future__ import annotations

import multiprocessing
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import contextmanager
from datetime import date
from itertools import chain, islice
from typing import TypeVar

from aggregator.ingest.held import Held, hold
from aggregator.model.event import Sighting
from aggregator.model.raw import RawEvent
from aggregator.normalise.item import Dropped, normalise

POOL_FROM = 5_000
"""Raw items to normalise from which a pool of worker processes pays for its start."""
LOOK_AHEAD = 2 * POOL_FROM
"""Items read ahead to decide whether the pool pays. Reading until ``POOL_FROM`` of them asked to be
normalised would hold every item of an unchanged re-ingest, where none asks: 763 MB at its peak
for 100,000 raw items, 232 MB with this bound. Past this many, the rest is normalised here."""
CHUNK = 500
"""Raw items per task: large enough that sending them is cheap next to normalising them."""
MAX_WORKERS = 4

T = TypeVar("T")
A = TypeVar("A")
R = TypeVar("R")
Result = Held | Dropped


def normalise_or_drop(raw: RawEvent, reference: date) -> Result:
    """One odd item must not stop the run; the report names it. A sighting comes as the ingest
    holds it (``held``), made where it was normalised."""
    try:
        result = normalise(raw, reference)
    except Exception as exc:
        return Dropped(raw.source, raw.key, f"unreadable ({type(exc).__name__})")
    return hold(result) if isinstance(result, Sighting) else result


def _normalise_chunk(task: tuple[list[RawEvent], date]) -> list[Result]:
    raws, reference = task
    return [normalise_or_drop(raw, reference) for raw in raws]


def normalised(
    items: Iterable[tuple[T, RawEvent | None]], reference: date, workers: int | None = None
) -> Iterator[tuple[T, Result | None]]:
    """Each item with the normalised form of its raw event (None where none is asked for), in
    the order of ``items``, which are read as they come, never all at once."""
    stream = iter(items)
    head = _until_enough(stream)
    workers = worker_count() if workers is None else workers
    if sum(raw is not None for _, raw in head) < POOL_FROM or workers < 2:
        for item, raw in chain(head, stream):
            yield item, None if raw is None else normalise_or_drop(raw, reference)
        return
    tasks = (
        (chunk, ([raw for _, raw in chunk if raw is not None], reference))
        for chunk in _chunks(chain(head, stream))
    )
    with _pool(workers) as pool:
        for chunk, results in in_order(pool, workers, _normalise_chunk, tasks):
            yield from _joined(chunk, results)


def worker_count() -> int:
    return min(MAX_WORKERS, os.cpu_count() or 1)


@contextmanager
def pool_for(items: int, warm: Callable[[], None]) -> Iterator[ProcessPoolExecutor | None]:
    """A pool for ``items`` items of work, or None where they are too few (or there is one
    core). Its workers start at once and run ``warm``, so that their start-up overlaps what the
    caller does before it hands them work."""
    workers = worker_count()
    if items < POOL_FROM or workers < 2:
        yield None
        return
    with _pool(workers) as pool:
        for _ in range(workers):
            pool.submit(warm)
        yield pool


def in_order(
    pool: ProcessPoolExecutor | None,
    workers: int,
    function: Callable[[A], R],
    tasks: Iterable[tuple[T, A]],
) -> Iterator[tuple[T, R]]:
    """Each task's tag with ``function`` of the task, in the order of ``tasks``, run in the
    pool's workers (here without one). At most two tasks per worker wait, so tasks are made and
    results held only as they are needed."""
    if pool is None:
        for tag, task in tasks:
            yield tag, function(task)
        return
    pending: deque[tuple[T, Future[R]]] = deque()
    for tag, task in tasks:
        pending.append((tag, pool.submit(function, task)))
        if len(pending) > 2 * workers:
            done, future = pending.popleft()
            yield done, future.result()
    while pending:
        done, future = pending.popleft()
        yield done, future.result()


def _pool(workers: int) -> ProcessPoolExecutor:
    spawn = multiprocessing.get_context("spawn")  # nothing of this process (a database) is copied
    return ProcessPoolExecutor(workers, mp_context=spawn)


def _until_enough(stream: Iterator[tuple[T, RawEvent | None]]) -> list[tuple[T, RawEvent | None]]:
    """The first items, up to the ``POOL_FROM``-th that asks to be normalised, or ``LOOK_AHEAD``
    items."""
    head: list[tuple[T, RawEvent | None]] = []
    wanted = 0
    for item in stream:
        head.append(item)
        wanted += item[1] is not None
        if wanted >= POOL_FROM or len(head) >= LOOK_AHEAD:
            break
    return head


def _chunks(
    items: Iterable[tuple[T, RawEvent | None]],
) -> Iterator[list[tuple[T, RawEvent | None]]]:
    stream = iter(items)
    while chunk := list(islice(stream, CHUNK)):
        yield chunk


def _joined(
    chunk: list[tuple[T, RawEvent | None]], results: list[Result]
) -> Iterator[tuple[T, Result | None]]:
    given = iter(results)
    for item, raw in chunk:
        yield item, None if raw is None else next(given)
