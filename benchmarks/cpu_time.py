"""The one way the benchmarks time a piece of work: CPU seconds of this process, the best of a
few rounds, so that other jobs on a shared machine count as little as they can."""

from __future__ import annotations

import time
from collections.abc import Callable


def best_of(run: Callable[[], object], rounds: int) -> float:
    """The fewest CPU seconds ``run`` took in ``rounds`` calls."""
    fastest = float("inf")
    for _ in range(rounds):
        begin = time.process_time()
        run()
        fastest = min(fastest, time.process_time() - begin)
    return fastest
