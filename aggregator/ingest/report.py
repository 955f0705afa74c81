"""What an ingest did, per event, report and source: the figures of the run line and the ``runs``
table."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field


@dataclass
class SourceIngest:
    events: int = 0
    dropped: Counter[str] = field(default_factory=Counter)
    removed: int = 0
    reports: int = 0
    """Items that report on a past event: neither events nor dropped."""


@dataclass
class IngestReport:
    outcomes: dict[str, str] = field(default_factory=dict)
    """Event id -> new, updated, unchanged or removed."""
    sources: dict[str, SourceIngest] = field(default_factory=lambda: defaultdict(SourceIngest))
    reports: dict[str, str] = field(default_factory=dict)
    """Report address -> new, or seen (stored before)."""
    linked: set[str] = field(default_factory=set)
    """The addresses of this ingest's reports that are linked to their event."""

    @property
    def new(self) -> int:
        return self._count("new")

    @property
    def updated(self) -> int:
        return self._count("updated")

    @property
    def unchanged(self) -> int:
        return self._count("unchanged")

    @property
    def removed(self) -> int:
        return self._count("removed")

    @property
    def dropped(self) -> int:
        return sum(sum(s.dropped.values()) for s in self.sources.values())

    @property
    def reports_new(self) -> int:
        return sum(1 for o in self.reports.values() if o == "new")

    def _count(self, outcome: str) -> int:
        return sum(1 for o in self.outcomes.values() if o == outcome)
