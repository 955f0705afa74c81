"""The figures of one source's crawl, written beside its raw items as ``<source>.stats.json``.

The crawl writes them; ingest and the run report read them to tell a source read completely (its
events may be marked removed when they vanish) from a partial one (a limit reached, a page that
failed: what is missing may only be missing from this crawl) and a failed one (nothing of it may
change).
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
    partial: list[str] = field(default_factory=list)
    """Why the source, although it answered, was not read completely: each reason names what
    happened (``page-failed``, ``cut-download``, ``redirect-loop``, ``refused``...) or the limit
    reached (``max_pages``, ``max_events``, ``max_seconds``, ``max_occurrences``...)."""
    raw_lines: int | None = None
    """Lines of the raw file as the crawl wrote it; None in files of older versions."""
    raw_sha256: str | None = None
    """Checksum of the raw file as the crawl wrote it; ingest trusts only a file that matches."""

    @property
    def state(self) -> str:
        """``ok`` (read completely), ``partial`` (read, but not all of it) or ``failed``."""
        if not self.ok:
            return "failed"
        return "partial" if self.partial else "ok"

    @property
    def complete(self) -> bool:
        """Whether the crawl saw everything the source lists: only then does an event missing
        from it mean that the organiser took it down."""
        return self.state == "ok"

    def to_dict(self) -> dict[str, Any]:
        return {**asdict(self), "state": self.state}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> CrawlStats:
        known = cls.__dataclass_fields__
        return cls(**{k: v for k, v in data.items() if k in known})

    @classmethod
    def failed(cls, source: str, kind: str, reason: str) -> CrawlStats:
        return cls(source=source, kind=kind, ok=False, failure=reason)


def stats_path(raw_dir: str | Path, run_id: str, source: str) -> Path:
    return Path(raw_dir) / run_id / f"{source}.stats.json"


def raw_path(raw_dir: str | Path, run_id: str, source: str) -> Path:
    """The source's raw items, one JSON object per line; only ever there once complete."""
    return Path(raw_dir) / run_id / f"{source}.jsonl"
