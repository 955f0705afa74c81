"""Python's cycle collector set aside while a stage builds large structures.

Dedupe and ingest create millions of small containers that live until the stage ends and form no
reference cycles; the collector would walk all of them again and again as they pile up (half of
the CPU time of clustering 250,000 sightings, measured by ``benchmarks/bench_dedupe.py``).
Reference counting still frees everything as usual; only the search for cycles waits.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def cycles_collected_afterwards() -> Iterator[None]:
    """Nested uses are fine: only the outermost turns the collector back on."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
