"""One notion of "now" for the whole pipeline.

``AGGREGATOR_TODAY`` (an ISO date) pins it, so that a demo, a test or a re-ingest of old raw files sees
the same calendar as the crawl did; unset, it is the real clock.
"""

from __future__ import annotations

import os
from datetime import UTC, date, datetime, time


def today() -> date:
    pinned = os.environ.get("AGGREGATOR_TODAY")
    return date.fromisoformat(pinned) if pinned else date.today()


def now() -> datetime:
    """The current instant in UTC; at noon UTC of the pinned day when ``AGGREGATOR_TODAY`` is set."""
    pinned = os.environ.get("AGGREGATOR_TODAY")
    if pinned:
        return datetime.combine(date.fromisoformat(pinned), time(12, 0), tzinfo=UTC)
    return datetime.now(UTC)


def now_iso() -> str:
    return now().replace(microsecond=0).isoformat()
