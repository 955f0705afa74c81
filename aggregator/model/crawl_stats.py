"""The figures of one source's crawl, written beside its raw items as ``<source>.stats.json``.

The crawl writes them; ingest and the run report read them to tell a healthy source (its events may
be marked removed when they vanish) from a failed one (nothing of it may change).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any


@dataclass
class CrawlStats:
    source: str
    kind: str
    ok: bool
    pages: int = 0
    http_errors: int = 0
    events: int = 0
    dropped: dict[str, int] = field(default_factory=dict)
    """Items the spider could not read, by reason (``invalid-jsonld``, ``missing-dtstart``...)."""
    repaired: dict[str, int] = field(default_factory=dict)
    """Defects the spider worked around, by kind (``jsonld``, ``end-before-start``...)."""
    failure: str | None = None
    finish_reason: str | None = None
    discovered_kind: str | None = None
    cached: int = 0
    """Pages served from the HTTP cache without asking the site."""
    not_modified: int = 0
    """Pages the site answered with 304 Not Modified (revalidated from the cache)."""
    wire_bytes: int = 0
    """Response bytes that actually came over the network."""
    page_limit_reached: bool = False
    finished_at: str | None = None
    error_urls: int = 0
    """How many addresses the ``http_errors`` happened at: each failed try counts as an error,
    and a refused address is tried three times (robots.txt, then the page)."""
    error_kinds: dict[str, int] = field(default_factory=dict)
    """Failed tries by what went wrong (``HTTP 503``, ``connection refused``)."""

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> CrawlStats:
        known = cls.__dataclass_fields__
        return cls(**{k: v for k, v in data.items() if k in known})

    @classmethod
    def failed(cls, source: str, kind: str, reason: str) -> CrawlStats:
        return cls(source=source, kind=kind, ok=False, failure=reason)


def stats_path(raw_dir: str | Path, run_id: str, source: str) -> Path:
    return Path(raw_dir) / run_id / f"{source}.stats.json"
