"""The options of a publish and their defaults, which ``aggregator publish`` and ``run`` offer on
the command line: kept apart from the writers, so that offering them loads neither feedgen nor
Jinja2 nor lxml."""

from __future__ import annotations

from dataclasses import dataclass

from feeds.selection import DEFAULT_HORIZON_DAYS, DEFAULT_LIMIT

DEFAULT_BASE_URL = "http://localhost:8000/"
DEFAULT_PAGE_LIMIT = 1000
__all__ = [
    "DEFAULT_BASE_URL",
    "DEFAULT_HORIZON_DAYS",
    "DEFAULT_LIMIT",
    "DEFAULT_PAGE_LIMIT",
    "PublishOptions",
]


@dataclass(frozen=True)
class PublishOptions:
    base_url: str = DEFAULT_BASE_URL
    """Where the output folder is served; feeds name themselves with it (self links, webcal)."""
    horizon_days: int | None = DEFAULT_HORIZON_DAYS
    """Feeds hold events starting within this many days; None: every upcoming event."""
    limit: int = DEFAULT_LIMIT
    """Entries per feed at most (the soonest)."""
    page_limit: int = DEFAULT_PAGE_LIMIT
    """Events on the page at most (the soonest); the feeds hold the rest."""
