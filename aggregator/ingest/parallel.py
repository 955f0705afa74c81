"""Normalisation spread over the machine's cores for large ingests.

Normalising is most of an ingest's CPU and pure (the same raw item and reference date give the
same sighting), so a first ingest of hundreds of thousands of raw items hands it to worker
processes in chunks, in order, while this process keeps clustering and writing; the results are
taken in the order the items came, so the database is the one a single core would write.
Small ingests (a nightly run) never start a pool: starting one costs more than it saves.
"""

from __future__ import annotations

import multiprocessing
import os
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
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
Result = Held | Dropped


def normalise_or_drop(raw: RawEvent, reference: date) -> Result:
    """One odd item must not stop the run; the report names it. A sighting comes as the ingest
    holds it (``held``), made where it was normalised."""
    try:
        result = normalise(raw, reference)
    except Exception as exc:
        return Dropped(raw.source, raw.key, f"unreadable ({type(exc).__name__})")
    return hold(result) if isinstance(result, Sighting) else result


def _normalise_chunk(raws: list[RawEvent], reference: date) -> list[Result]:
    return [normalise_or_drop(raw, reference) for raw in raws]


def normalised(
    items: Iterable[tuple[T, RawEvent | None]], reference: date, workers: int | None = None
) -> Iterator[tuple[T, Result | None]]:
    """Each item with the normalised form of its raw event (None where none is asked for), in
    the order of ``items``, which are read as they come, never all at once."""
    stream = iter(items)
    head = _until_enough(stream)
    workers = min(MAX_WORKERS, os.cpu_count() or 1) if workers is None else workers
    if sum(raw is not None for _, raw in head) < POOL_FROM or workers < 2:
        for item, raw in chain(head, stream):
            yield item, None if raw is None else normalise_or_drop(raw, reference)
        return
    chunks = _chunks(chain(head, stream))
    spawn = multiprocessing.get_context("spawn")  # nothing of this process (a database) is copied
    with ProcessPoolExecutor(workers, mp_context=spawn) as pool:
        pending: deque[tuple[list[tuple[T, RawEvent | None]], Future[list[Result]]]] = deque()
        for chunk in chunks:
            wanted = [raw for _, raw in chunk if raw is not None]
            pending.append((chunk, pool.submit(_normalise_chunk, wanted, reference)))
            if len(pending) > 2 * workers:
                yield from _joined(*pending.popleft())
        while pending:
            yield from _joined(*pending.popleft())


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
    chunk: list[tuple[T, RawEvent | None]], future: Future[list[Result]]
) -> Iterator[tuple[T, Result | None]]:
    results = iter(future.result())
    for item, raw in chunk:
        yield item, None if raw is None else next(results)
